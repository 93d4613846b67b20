package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/newshound/newshound/store"
)

// fillBatch is how many articles one transaction of fillWords reads.
const fillBatch = 500

// fillWords fills in the words column (and the stems of those words,
// schema 9) of the articles stored before schema 6, oldest sort key first, fillBatch per transaction. Until then
// they are candidates of every search, so searches stay complete while
// it runs. The rows are locked (skipping those a writer holds, which it
// fills itself), so that processes opening the database together share
// the work and a PutArticle meanwhile is not overwritten. An article
// whose words do not fit a tsvector stays without, and is passed over.
func (s *Store) fillWords(ctx context.Context) error {
	var after []byte
	total := 0
	for {
		n, last, err := s.fillStep(ctx, after)
		if err != nil {
			return fmt.Errorf("postgres: fill in the search words of the articles stored before schema 6: %w", err)
		}
		if last == nil {
			if total > 0 {
				s.log.Info("filled in search words", "articles", total)
			}
			return nil
		}
		total, after = total+n, last
	}
}

// fillStep fills in the words of up to fillBatch articles after the sort
// key after (nil: from the first) and returns how many, and the last
// sort key read (nil when there were none).
func (s *Store) fillStep(ctx context.Context, after []byte) (int, []byte, error) {
	var last []byte
	n := 0
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT id, sort_key, doc FROM articles
			WHERE words IS NULL AND sort_key > $1 ORDER BY sort_key LIMIT $2 FOR UPDATE SKIP LOCKED`, append([]byte{}, after...), fillBatch)
		if err != nil {
			return err
		}
		var ids, langs []string
		var words [][]string
		for rows.Next() {
			var id string
			var doc []byte
			if err := rows.Scan(&id, &last, &doc); err != nil {
				rows.Close()
				return err
			}
			var a store.Article
			if err := json.Unmarshal(doc, &a); err != nil {
				s.log.Warn("article left without search words: it does not decode", "article_id", id, "error", err)
				continue
			}
			if w := searchWords(&a); w != nil {
				ids, langs, words = append(ids, id), append(langs, a.Lang), append(words, w)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		var b pgx.Batch // one round trip for the batch's updates
		for i, id := range ids {
			b.Queue(`UPDATE articles SET words = array_to_tsvector($2::text[]), stems = search_stems($3, $2::text[]), stems_pending = false WHERE id = $1`,
				id, words[i], langs[i])
		}
		n = len(ids)
		return tx.SendBatch(ctx, &b).Close()
	})
	return n, last, err
}

// fillStems fills in the stems of the articles stored before schema 9
// (stems_pending), oldest sort key first, fillBatch per transaction, until
// none is left or ctx ends. Open runs it in the background: until an
// article's stems are in, its exact words find it. The rows are locked
// as fillWords locks them, so that the processes of one database share
// the work, and a row a writer holds is left to it (writeArticleRow
// writes stems and clears the mark).
func (s *Store) fillStems(ctx context.Context) error {
	var after []byte
	total := 0
	for {
		var last []byte
		var n int
		err := s.pool.QueryRow(ctx, `WITH batch AS (
				SELECT id, sort_key FROM articles WHERE stems_pending AND sort_key > $1
				ORDER BY sort_key LIMIT $2 FOR UPDATE SKIP LOCKED),
			done AS (
				UPDATE articles a SET stems = search_stems(search_doc_lang(a.doc), tsvector_to_array(a.words)), stems_pending = false
				FROM batch WHERE a.id = batch.id RETURNING batch.sort_key)
			SELECT (SELECT sort_key FROM done ORDER BY sort_key DESC LIMIT 1), (SELECT count(*) FROM done)`, append([]byte{}, after...), fillBatch).Scan(&last, &n)
		if err != nil {
			return fmt.Errorf("postgres: fill in the search stems of the articles stored before schema 9: %w", err)
		}
		if n == 0 {
			if total > 0 {
				s.log.Info("filled in search stems", "articles", total)
			}
			return nil
		}
		if total == 0 {
			s.log.Info("filling in the search stems of the stories stored before schema 9, in the background: until then their exact words find them")
		}
		total, after = total+n, last
	}
}
