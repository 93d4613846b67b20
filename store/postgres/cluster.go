package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/newshound/newshound/store"
)

// maxCandidates bounds the candidates compared for one article, as in
// package store, so a text shared by thousands costs no more than this.
const maxCandidates = 256

// checkSignature refuses a signature store.Signature's limits exclude.
func checkSignature(s *store.Signature) error {
	switch {
	case len(s.MinHash) == 0 || len(s.MinHash) > store.MaxMinHash:
		return errors.New("its signature has no MinHash values or more than MaxMinHash")
	case len(s.Bands) == 0 || len(s.Bands) > store.MaxBands:
		return errors.New("its signature has no band keys or more than MaxBands")
	case s.Threshold < 0 || s.Threshold > 1:
		return errors.New("its signature's threshold is outside [0, 1]")
	case s.Window < 0:
		return errors.New("its signature's window is negative")
	}
	return nil
}

// threshold and window are a signature's, defaulted.
func threshold(s *store.Signature) float64 {
	if s.Threshold == 0 {
		return store.DefaultThreshold
	}
	return s.Threshold
}

func window(s *store.Signature) time.Duration {
	if s.Window == 0 {
		return store.DefaultWindow
	}
	return s.Window
}

// sigRecord is an article's row of cluster_sigs.
type sigRecord struct {
	cluster string
	t       time.Time
	bands   []int64
	minhash []int64
}

// readSig reads the signature row of id, nil when it has none.
func readSig(ctx context.Context, tx pgx.Tx, id string) (*sigRecord, error) {
	var r sigRecord
	var sec int64
	var nsec int32
	err := tx.QueryRow(ctx, `SELECT cluster, sort_sec, sort_nsec, bands, minhash FROM cluster_sigs WHERE article_id = $1`, id).
		Scan(&r.cluster, &sec, &nsec, &r.bands, &r.minhash)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	r.t = time.Unix(sec, int64(nsec)).UTC()
	return &r, err
}

// putSig stores an article's signature row and its band rows.
func putSig(ctx context.Context, tx pgx.Tx, id string, r *sigRecord) error {
	sec, nsec := secNsec(r.t)
	_, err := tx.Exec(ctx, `INSERT INTO cluster_sigs (article_id, cluster, sort_sec, sort_nsec, bands, minhash)
		VALUES ($1, $2, $3, $4, $5, $6)`, id, r.cluster, sec, nsec, r.bands, r.minhash)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO cluster_bands (band, time_key, article_id)
		SELECT DISTINCT unnest($1::bigint[]), $2::bytea, $3::text`, r.bands, timeKey(r.t), id)
	return err
}

// dropSig removes an article's signature row and, by cascade, its bands.
func dropSig(ctx context.Context, tx pgx.Tx, id string) error {
	_, err := tx.Exec(ctx, `DELETE FROM cluster_sigs WHERE article_id = $1`, id)
	return err
}

// clusterArticle files a, about to be stored over prev (zero when new),
// in the cluster index as store's PutArticle does: it sets a.Cluster,
// each flag's Duplicate, and keeps the stored aliases. A cluster's
// members are the articles whose cluster column names it; a's own row is
// written after, so a is left out of every member count here.
func clusterArticle(ctx context.Context, tx pgx.Tx, a, prev *store.Article) error {
	t := store.SortTime(a)
	rec, err := readSig(ctx, tx, a.ID)
	if err != nil {
		return err
	}
	switch {
	case a.Signature != nil:
		var keep *match
		if rec != nil {
			if err := dropSig(ctx, tx, a.ID); err != nil {
				return err
			}
			more, err := hasMembers(ctx, tx, rec.cluster, a.ID)
			if err != nil {
				return err
			}
			if more { // they stay together
				keep = &match{cluster: rec.cluster, t: rec.t}
			}
		}
		cluster, err := joinClusters(ctx, tx, a.ID, t, a.Signature, keep)
		if err != nil {
			return err
		}
		a.Cluster = cluster
		rec = &sigRecord{cluster: cluster, t: t, bands: toInt64s(a.Signature.Bands), minhash: widen(a.Signature.MinHash)}
		if err := putSig(ctx, tx, a.ID, rec); err != nil {
			return err
		}
	case rec != nil:
		a.Cluster = rec.cluster
		if !rec.t.Equal(t) { // the sort time moved: move the band keys
			sec, nsec := secNsec(t)
			if _, err := tx.Exec(ctx, `UPDATE cluster_sigs SET sort_sec = $2, sort_nsec = $3 WHERE article_id = $1`, a.ID, sec, nsec); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE cluster_bands SET time_key = $2 WHERE article_id = $1`, a.ID, timeKey(t)); err != nil {
				return err
			}
		}
	case prev.Cluster != "":
		a.Cluster = prev.Cluster
	case a.Cluster == "":
		a.Cluster = a.ID
	}
	if err := putAliases(ctx, tx, a, prev.Aliases); err != nil {
		return err
	}
	return markDuplicates(ctx, tx, a, prev)
}

func toInt64s(us []uint64) []int64 {
	out := make([]int64, len(us))
	for i, u := range us {
		out[i] = int64(u)
	}
	return out
}

func widen(us []uint32) []int64 {
	out := make([]int64, len(us))
	for i, u := range us {
		out[i] = int64(u)
	}
	return out
}

// hasMembers reports whether cluster has a member other than id.
func hasMembers(ctx context.Context, tx pgx.Tx, cluster, id string) (bool, error) {
	var ok bool
	err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM articles WHERE cluster = $1 AND id <> $2)`, cluster, id).Scan(&ok)
	return ok, err
}

// match is a cluster with a member similar to the article being filed,
// and the earliest sort time of its similar members.
type match struct {
	cluster string
	t       time.Time
}

// joinClusters returns the cluster the article id, signed sig and sorted
// at t, joins, merging the other similar clusters into it: see store's
// joinClusters, whose rules (oldest cluster first, MaxClusterMembers)
// this follows.
func joinClusters(ctx context.Context, tx pgx.Tx, id string, t time.Time, sig *store.Signature, keep *match) (string, error) {
	found, err := similarClusters(ctx, tx, id, t, sig)
	if err != nil {
		return "", err
	}
	if keep != nil {
		found = addMatch(found, *keep)
	}
	if len(found) == 0 {
		return id, nil
	}
	slices.SortFunc(found, func(a, b match) int {
		if c := a.t.Compare(b.t); c != 0 {
			return c
		}
		return strings.Compare(a.cluster, b.cluster)
	})
	into := found[0].cluster
	var n int // members of into, counting the article being filed
	err = tx.QueryRow(ctx, `SELECT 1 + count(*) FROM (SELECT 1 FROM articles WHERE cluster = $1 AND id <> $2 LIMIT $3) m`,
		into, id, store.MaxClusterMembers).Scan(&n)
	if err != nil {
		return "", err
	}
	for _, m := range found[1:] {
		if n >= store.MaxClusterMembers {
			break
		}
		if n, err = mergeCluster(ctx, tx, m.cluster, into, id, n); err != nil {
			return "", err
		}
	}
	return into, nil
}

// addMatch adds m to found, or moves the time of m's cluster back to m's.
func addMatch(found []match, m match) []match {
	i := slices.IndexFunc(found, func(f match) bool { return f.cluster == m.cluster })
	switch {
	case i < 0:
		found = append(found, m)
	case m.t.Before(found[i].t):
		found[i].t = m.t
	}
	return found
}

// similarClusters returns the clusters with a member within the
// signature's window and at or above its threshold, each with the
// earliest sort time of those members, comparing at most maxCandidates
// articles. Each band is one range of cluster_bands' primary key, newest
// first; the ranges go to the server in one batch.
func similarClusters(ctx context.Context, tx pgx.Tx, id string, t time.Time, sig *store.Signature) ([]match, error) {
	w := window(sig)
	newest, oldest := timeKey(t.Add(w)), timeKey(t.Add(-w))
	oldest = append(oldest, 0xff) // every id sorts below it
	batch := &pgx.Batch{}
	for _, band := range sig.Bands {
		batch.Queue(`SELECT b.article_id, s.cluster, s.sort_sec, s.sort_nsec, s.minhash
			FROM cluster_bands b JOIN cluster_sigs s ON s.article_id = b.article_id
			WHERE b.band = $1 AND b.time_key >= $2 AND b.time_key < $3
			ORDER BY b.time_key, b.article_id LIMIT $4`, int64(band), newest, oldest, maxCandidates+1)
	}
	br := tx.SendBatch(ctx, batch)
	defer br.Close()
	var found []match
	seen := map[string]bool{id: true}
	for range sig.Bands {
		rows, err := br.Query()
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			if len(seen) > maxCandidates {
				break
			}
			var cand, cluster string
			var sec int64
			var nsec int32
			var mh []int64
			if err := rows.Scan(&cand, &cluster, &sec, &nsec, &mh); err != nil {
				rows.Close()
				return nil, err
			}
			if seen[cand] {
				continue
			}
			seen[cand] = true
			rt := time.Unix(sec, int64(nsec)).UTC()
			if len(mh) != len(sig.MinHash) || rt.Sub(t).Abs() > w || similarity(sig.MinHash, mh) < threshold(sig) {
				continue
			}
			found = addMatch(found, match{cluster: cluster, t: rt})
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return found, br.Close()
}

// similarity is store.Signature.Similarity with b as stored.
func similarity(a []uint32, b []int64) float64 {
	same := 0
	for i, v := range a {
		if int64(v) == b[i] {
			same++
		}
	}
	return float64(same) / float64(len(a))
}

// mergeCluster relabels every member of cluster from (but self, whose row
// is written later) as a member of into, which has n members, and returns
// how many it has then. It merges nothing when the two together would
// pass MaxClusterMembers. Flags already stored keep their Duplicate.
func mergeCluster(ctx context.Context, tx pgx.Tx, from, into, self string, n int) (int, error) {
	rows, err := tx.Query(ctx, `SELECT id, doc FROM articles WHERE cluster = $1 AND id <> $2 ORDER BY id LIMIT $3`,
		from, self, store.MaxClusterMembers-n+1)
	if err != nil {
		return n, err
	}
	type member struct {
		id  string
		doc []byte
	}
	var ms []member
	for rows.Next() {
		var m member
		if err := rows.Scan(&m.id, &m.doc); err != nil {
			rows.Close()
			return n, err
		}
		ms = append(ms, m)
	}
	if rows.Close(); rows.Err() != nil {
		return n, rows.Err()
	}
	if n+len(ms) > store.MaxClusterMembers {
		return n, nil
	}
	label, err := json.Marshal(into)
	if err != nil {
		return n, err
	}
	ids := make([]string, len(ms))
	for i, m := range ms {
		ids[i] = m.id
		// A map keeps every field, even one this version does not know.
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(m.doc, &fields); err != nil {
			return n, fmt.Errorf("decode article %s: %w", m.id, err)
		}
		fields["cluster"] = label
		doc, err := json.Marshal(fields)
		if err != nil {
			return n, err
		}
		if _, err := tx.Exec(ctx, `UPDATE articles SET cluster = $2, doc = $3 WHERE id = $1`, m.id, into, doc); err != nil {
			return n, err
		}
	}
	if _, err := tx.Exec(ctx, `UPDATE cluster_sigs SET cluster = $2 WHERE article_id = ANY($1)`, ids, into); err != nil {
		return n, err
	}
	return n + len(ms), nil
}

// markDuplicates sets each flag's Duplicate: kept from the stored version
// when it had the rule, else true when another member of a's cluster
// (of the first maxCandidates by id) carries a flag of the rule.
func markDuplicates(ctx context.Context, tx pgx.Tx, a, prev *store.Article) error {
	if len(a.Flags) == 0 {
		return nil
	}
	was := map[string]bool{}
	for _, f := range prev.Flags {
		was[f.Rule] = was[f.Rule] || f.Duplicate
	}
	var flagged map[string]bool
	for i := range a.Flags {
		f := &a.Flags[i]
		if dup, ok := was[f.Rule]; ok {
			f.Duplicate = dup
			continue
		}
		if flagged == nil {
			var err error
			if flagged, err = clusterRules(ctx, tx, a.Cluster, a.ID); err != nil {
				return err
			}
		}
		f.Duplicate = flagged[f.Rule]
	}
	return nil
}

// clusterRules returns the rules flagging the members of cluster but id,
// reading at most maxCandidates of them.
func clusterRules(ctx context.Context, tx pgx.Tx, cluster, id string) (map[string]bool, error) {
	rows, err := tx.Query(ctx, `SELECT DISTINCT f.rule FROM
		(SELECT id FROM articles WHERE cluster = $1 AND id <> $2 ORDER BY id LIMIT $3) m
		JOIN flags f ON f.article_id = m.id`, cluster, id, maxCandidates)
	if err != nil {
		return nil, err
	}
	rules := map[string]bool{}
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			rows.Close()
			return nil, err
		}
		rules[r] = true
	}
	rows.Close()
	return rules, rows.Err()
}

// Cluster returns the stored articles of the story cluster with the id
// (an Article.Cluster value), oldest first by sort time, at most
// store.MaxClusterMembers of them (the first by id); none for an unknown
// id.
func (s *Store) Cluster(ctx context.Context, cluster string) ([]*store.Article, error) {
	arts, err := queryDocs[*store.Article](ctx, s, `SELECT doc FROM articles WHERE cluster = $1 ORDER BY id LIMIT $2`,
		cluster, store.MaxClusterMembers)
	if err != nil {
		return nil, fmt.Errorf("postgres: cluster %s: %w", cluster, err)
	}
	slices.SortStableFunc(arts, func(a, b *store.Article) int { return store.SortTime(a).Compare(store.SortTime(b)) })
	return arts, nil
}
