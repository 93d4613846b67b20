package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/newshound/newshound/store"
)

// checkLabelNames refuses an empty id or rule, and names with a zero
// byte, which the bbolt file cannot key and PostgreSQL cannot store.
func checkLabelNames(id, rule string) error {
	switch {
	case id == "":
		return errors.New("the label has no article id")
	case rule == "":
		return errors.New("the label has no rule name")
	case strings.IndexByte(id, 0) >= 0 || strings.IndexByte(rule, 0) >= 0:
		return errors.New("the article id or rule name holds a zero byte")
	}
	return nil
}

// PutLabel stores l, replacing the label of (l.ArticleID, l.Rule). The
// article must be stored (its id or an alias's id, stored under the
// article's own); otherwise it returns store.ErrNotFound and stores
// nothing. A zero l.Labeled becomes the current time; times are stored
// in UTC.
func (s *Store) PutLabel(ctx context.Context, l store.Label) error {
	if err := checkLabelNames(l.ArticleID, l.Rule); err != nil {
		return fmt.Errorf("postgres: put label: %w", err)
	}
	if l.Labeled.IsZero() {
		l.Labeled = time.Now()
	}
	l.Labeled = l.Labeled.UTC()
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		id, err := resolve(ctx, tx, l.ArticleID)
		if err != nil {
			return err
		}
		if id == "" {
			return store.ErrNotFound
		}
		stored := l
		stored.ArticleID = id
		doc, err := json.Marshal(stored)
		if err != nil {
			return err
		}
		// The article is locked against a concurrent prune until commit.
		if _, err := tx.Exec(ctx, `SELECT 1 FROM articles WHERE id = $1 FOR SHARE`, id); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO labels (article_id, rule, doc) VALUES ($1, $2, $3)
			ON CONFLICT (article_id, rule) DO UPDATE SET doc = excluded.doc`, id, l.Rule, doc)
		return err
	})
	if err != nil {
		return fmt.Errorf("postgres: put label of %s for rule %q: %w", l.ArticleID, l.Rule, err)
	}
	return nil
}

// DeleteLabel removes the label of the article with the id (or an
// alias's id) for rule, or returns store.ErrNotFound when it has none.
func (s *Store) DeleteLabel(ctx context.Context, articleID, rule string) error {
	if err := checkLabelNames(articleID, rule); err != nil {
		return fmt.Errorf("postgres: delete label: %w", err)
	}
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		id, err := resolve(ctx, tx, articleID)
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `DELETE FROM labels WHERE article_id = $1 AND rule = $2`, id, rule)
		if err == nil && tag.RowsAffected() == 0 {
			err = store.ErrNotFound
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("postgres: delete label of %s for rule %q: %w", articleID, rule, err)
	}
	return nil
}

// Labels calls fn with every label of rule ("" means every rule), in
// article id order (then rule order), and stops at the first error fn
// returns, returning it unchanged. It reads scanPage labels per query and
// calls fn between queries, so fn may call the Store.
func (s *Store) Labels(ctx context.Context, rule string, fn func(store.Label) error) error {
	afterID, afterRule := "", ""
	for {
		rows, err := s.pool.Query(ctx, `SELECT article_id, rule, doc FROM labels
			WHERE (article_id, rule) > ($1, $2) AND ($3 = '' OR rule = $3)
			ORDER BY article_id, rule LIMIT $4`, afterID, afterRule, rule, scanPage)
		if err != nil {
			return fmt.Errorf("postgres: labels of rule %q: %w", rule, err)
		}
		page, err := scanLabels(rows)
		if err != nil {
			return fmt.Errorf("postgres: labels of rule %q: %w", rule, err)
		}
		for _, l := range page {
			if err := fn(l); err != nil {
				return err
			}
		}
		if len(page) < scanPage {
			return nil
		}
		afterID, afterRule = page[len(page)-1].ArticleID, page[len(page)-1].Rule
	}
}

// ArticleLabels returns the labels of the article with the id (or an
// alias's id), ordered by rule; none, and no error, when it has none or
// is not stored.
func (s *Store) ArticleLabels(ctx context.Context, articleID string) ([]store.Label, error) {
	id, err := resolve(ctx, s.pool, articleID)
	var ls []store.Label
	if err == nil && id != "" {
		var rows pgx.Rows
		rows, err = s.pool.Query(ctx, `SELECT article_id, rule, doc FROM labels WHERE article_id = $1 ORDER BY rule`, id)
		if err == nil {
			ls, err = scanLabels(rows)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: labels of %s: %w", articleID, err)
	}
	return ls, nil
}

// scanLabels decodes rows of (article_id, rule, doc) and closes them; the
// key columns win over the doc.
func scanLabels(rows pgx.Rows) ([]store.Label, error) {
	defer rows.Close()
	var out []store.Label
	for rows.Next() {
		var id, rule string
		var doc []byte
		if err := rows.Scan(&id, &rule, &doc); err != nil {
			return nil, err
		}
		var l store.Label
		if err := json.Unmarshal(doc, &l); err != nil {
			return nil, fmt.Errorf("decode label of %s for rule %q: %w", id, rule, err)
		}
		l.ArticleID, l.Rule = id, rule
		out = append(out, l)
	}
	return out, rows.Err()
}
