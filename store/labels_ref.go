package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// MinIDPrefix is the fewest characters of an article id ResolveArticle
// accepts as a prefix.
const MinIDPrefix = 6

// ResolveArticle returns the stored article ref names: a full article id
// (or an alias's), a prefix of at least MinIDPrefix characters of exactly
// one stored id, or the story's URL, looked up as given and normalized
// with Options.NormalizeURL (the URLs articles are stored under are
// normalized by the crawler). A prefix several ids share gives
// ErrAmbiguous, in a sentence saying how many; a ref naming no story
// gives ErrNotFound.
func (s *Store) ResolveArticle(ctx context.Context, ref string) (*Article, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return nil, fmt.Errorf("store: resolve story: no id, id prefix or URL given: %w", ErrNotFound)
	}
	urls := s.refURLs(ref)
	a := new(Article)
	err := s.view(ctx, func(tx *bolt.Tx) error {
		id, err := resolveRef(tx, ref, urls)
		if err != nil {
			return err
		}
		return json.Unmarshal(get(tx, bucketArticles, []byte(id)), a)
	})
	if err != nil {
		return nil, wrapf(err, "store: resolve story %q", ref)
	}
	return a, nil
}

// refURLs lists the URLs ref may be stored under, as given first: none
// when ref is not a URL.
func (s *Store) refURLs(ref string) []string {
	if !strings.Contains(ref, "://") {
		return nil
	}
	urls := []string{ref}
	if s.normalizeURL != nil {
		if n, err := s.normalizeURL(ref); err == nil && n != ref {
			urls = append(urls, n)
		}
	}
	return urls
}

// resolveRef finds the id of the article ref names; urls are ref's URL
// forms (see refURLs), nil when ref is an id or a prefix.
func resolveRef(tx *bolt.Tx, ref string, urls []string) (string, error) {
	if id := resolve(tx, ref); id != "" {
		return id, nil
	}
	if urls != nil {
		for _, u := range urls {
			if id := resolve(tx, ArticleID(u)); id != "" {
				return id, nil
			}
		}
		return "", fmt.Errorf("no story is stored under this URL: %w", ErrNotFound)
	}
	if len(ref) < MinIDPrefix {
		return "", fmt.Errorf("no story has this id (give the full id, at least %d characters of it, or the story's URL): %w", MinIDPrefix, ErrNotFound)
	}
	prefix := []byte(ref)
	if isHex(ref) {
		prefix = bytes.ToLower(prefix) // ids are lower-case hex
	}
	b := tx.Bucket(bucketArticles)
	if b == nil {
		return "", fmt.Errorf("no story has an id starting with %q: %w", prefix, ErrNotFound)
	}
	var first string
	n := 0
	c := b.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		if n++; n == 1 {
			first = string(k)
		}
	}
	switch n {
	case 0:
		return "", fmt.Errorf("no story has an id starting with %q: %w", prefix, ErrNotFound)
	case 1:
		return first, nil
	}
	return "", fmt.Errorf("%d stories have ids starting with %q (give more of the id, or the story's URL): %w", n, prefix, ErrAmbiguous)
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
