package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/newshound/newshound/store"
)

// ResolveArticle returns the stored article ref names: a full article id
// (or an alias's), a prefix of at least store.MinIDPrefix characters of
// exactly one stored id, or the story's URL, looked up as given and
// normalized with Options.NormalizeURL. A prefix several ids share gives
// store.ErrAmbiguous, in a sentence saying how many; a ref naming no
// story gives store.ErrNotFound.
func (s *Store) ResolveArticle(ctx context.Context, ref string) (*store.Article, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return nil, fmt.Errorf("postgres: resolve story: no id, id prefix or URL given: %w", store.ErrNotFound)
	}
	id, err := s.resolveRef(ctx, ref)
	if err != nil {
		return nil, fmt.Errorf("postgres: resolve story %q: %w", ref, err)
	}
	a, err := readArticle(ctx, s.pool, id)
	if err != nil {
		return nil, fmt.Errorf("postgres: resolve story %q: %w", ref, err)
	}
	return a, nil
}

// resolveRef finds the id of the article ref names.
func (s *Store) resolveRef(ctx context.Context, ref string) (string, error) {
	if id, err := resolve(ctx, s.pool, ref); err != nil || id != "" {
		return id, err
	}
	if strings.Contains(ref, "://") {
		urls := []string{ref}
		if s.normalizeURL != nil {
			if n, err := s.normalizeURL(ref); err == nil && n != ref {
				urls = append(urls, n)
			}
		}
		for _, u := range urls {
			if id, err := resolve(ctx, s.pool, store.ArticleID(u)); err != nil || id != "" {
				return id, err
			}
		}
		return "", fmt.Errorf("no story is stored under this URL: %w", store.ErrNotFound)
	}
	if len(ref) < store.MinIDPrefix {
		return "", fmt.Errorf("no story has this id (give the full id, at least %d characters of it, or the story's URL): %w", store.MinIDPrefix, store.ErrNotFound)
	}
	prefix := ref
	if isHex(ref) {
		prefix = strings.ToLower(prefix) // ids are lower-case hex
	}
	// LIKE with a constant prefix is a range of the primary key under
	// COLLATE "C"; the prefix's own wildcards are escaped.
	pattern := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(prefix) + "%"
	var n int
	var first *string
	if err := s.pool.QueryRow(ctx, `SELECT count(*), min(id) FROM articles WHERE id LIKE $1`, pattern).Scan(&n, &first); err != nil {
		return "", err
	}
	switch n {
	case 0:
		return "", fmt.Errorf("no story has an id starting with %q: %w", prefix, store.ErrNotFound)
	case 1:
		return *first, nil
	}
	return "", fmt.Errorf("%d stories have ids starting with %q (give more of the id, or the story's URL): %w", n, prefix, store.ErrAmbiguous)
}

// isHex reports whether s is made of hexadecimal digits only.
func isHex(s string) bool {
	for i := range len(s) {
		if !strings.ContainsRune("0123456789abcdefABCDEF", rune(s[i])) {
			return false
		}
	}
	return true
}
