package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	bolt "go.etcd.io/bbolt"
)

// downgrade turns the file at path back into schema 1: no search index.
// With keep, the index of the first keep articles stays, as an upgrade
// cut short leaves it.
func downgrade(t *testing.T, path string, keep int) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bucketMeta).Put(keySchema, []byte("1")); err != nil {
			return err
		}
		if keep > 0 { // forget the later articles' document numbers only
			var drop [][]byte
			n := 0
			_ = tx.Bucket(bucketArticles).ForEach(func(k, _ []byte) error {
				if n++; n > keep {
					drop = append(drop, append([]byte{}, k...))
				}
				return nil
			})
			for _, k := range drop {
				if err := unindexStored(tx, k); err != nil {
					return err
				}
			}
			return nil
		}
		for _, name := range searchBuckets {
			if err := tx.DeleteBucket(name); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// unindexStored removes the stored article k from the search index.
func unindexStored(tx *bolt.Tx, k []byte) error {
	words, err := storedWords(tx.Bucket(bucketArticles).Get(k))
	if err != nil {
		return err
	}
	return unindexWords(tx, string(k), words)
}

// searchURLs returns the URLs of the first page of a search.
func searchURLs(t *testing.T, s *Store, text string) []string {
	t.Helper()
	arts, next, err := s.SearchPage(context.Background(), Query{}, text, 0)
	if err != nil || next != "" {
		t.Fatalf("SearchPage(%q) = next %q, %v; want one page", text, next, err)
	}
	return urls(arts)
}

func TestSearchUpgrade(t *testing.T) {
	for _, keep := range []int{0, 2} {
		t.Run(fmt.Sprintf("index of %d kept", keep), func(t *testing.T) {
			ctx := context.Background()
			path := filepath.Join(t.TempDir(), "news.db")
			s := openAt(t, path)
			var want []string
			for i := range 5 {
				a := article(fmt.Sprintf("https://news.example/%d", i), "https://feed.example/rss", at(-time.Duration(i)*time.Hour), t0)
				if i%2 == 0 {
					a.Text += " A zeppelin."
					want = append(want, a.URL)
				}
				put(t, s, a)
			}
			_ = s.Close()
			downgrade(t, path, keep)

			r, err := Open(ctx, path, Options{ReadOnly: true})
			if err != nil {
				t.Fatalf("Open(read-only, schema 1) = %v", err)
			}
			if got := searchURLs(t, r, "zeppelin"); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("SearchPage(zeppelin) on schema 1, read-only = %q, want %q (every article read)", got, want)
			}
			if err := r.Check(ctx); err != nil {
				t.Errorf("Check(schema 1) = %v, want nil", err)
			}
			_ = r.Close()

			s = openAt(t, path)
			var schema int
			_ = s.db.View(func(tx *bolt.Tx) error { schema = schemaOf(tx); return nil })
			if schema != SchemaVersion {
				t.Errorf("schema after a read-write Open = %d, want %d", schema, SchemaVersion)
			}
			if got := searchURLs(t, s, "zeppelin"); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("SearchPage(zeppelin) after the upgrade = %q, want %q", got, want)
			}
			mustCheck(t, s)
		})
	}
}

func TestCheckFindsSearchDamage(t *testing.T) {
	word := func(tx *bolt.Tx, a *Article, w string, fn func(*roaring.Bitmap)) error {
		if err := foldSearch(tx); err != nil { // the pending list would otherwise mend it
			return err
		}
		doc := uint32(0)
		if v := tx.Bucket(bucketSearchIDs).Get([]byte(a.ID)); len(v) == 4 {
			doc = binary.BigEndian.Uint32(v)
		}
		b := tx.Bucket(bucketSearchWords)
		bm := roaring.New()
		if v := b.Get(wordKey(w, doc)); v != nil {
			if err := bm.UnmarshalBinary(v); err != nil {
				return err
			}
		}
		fn(bm)
		v, err := bm.ToBytes()
		if err != nil {
			return err
		}
		return b.Put(wordKey(w, doc), v)
	}
	tests := []struct {
		name, msg string
		damage    func(tx *bolt.Tx, a *Article) error
	}{
		{"word entry missing", "missing from the search index of the word", func(tx *bolt.Tx, a *Article) error {
			return word(tx, a, "zeppelin", func(bm *roaring.Bitmap) { bm.Clear() })
		}},
		{"stale word entry", "word entries", func(tx *bolt.Tx, a *Article) error {
			return word(tx, a, "volcano", func(bm *roaring.Bitmap) { bm.Add(1) })
		}},
		{"document number missing", "missing from the search index", func(tx *bolt.Tx, a *Article) error {
			return tx.Bucket(bucketSearchIDs).Delete([]byte(a.ID))
		}},
		{"document under another key", "search document", func(tx *bolt.Tx, a *Article) error {
			return tx.Bucket(bucketSearchDocs).Put(tx.Bucket(bucketSearchIDs).Get([]byte(a.ID)), indexKey(t0, "other"))
		}},
		{"index bucket missing", "bucket of the search index", func(tx *bolt.Tx, a *Article) error {
			return tx.DeleteBucket(bucketSearchDocs)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openTest(t)
			a := article("https://news.example/a", "https://feed.example/rss", at(-time.Hour), t0)
			a.Text = "A zeppelin."
			put(t, s, a)
			if err := s.db.Update(func(tx *bolt.Tx) error { return tt.damage(tx, a) }); err != nil {
				t.Fatal(err)
			}
			err := s.Check(context.Background())
			if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("Check after %s = %v, want ErrCorrupt saying %q", tt.name, err, tt.msg)
			}
		})
	}
}

// TestSearchPendingFold stores, prunes and stores again more articles than
// the pending list holds, so that folds fall amid both: Check then finds
// the bitmaps and the list in step, and searches find what is stored.
func TestSearchPendingFold(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	putParallel(t, s, many(600))
	if _, err := s.Prune(ctx, t0.Add(time.Hour), true); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, s)
	arts := many(50)
	arts[7].Text += " A zeppelin."
	putParallel(t, s, arts)
	mustCheck(t, s)
	var pending, folded int
	_ = s.db.View(func(tx *bolt.Tx) error {
		pending = tx.Bucket(bucketSearchPending).Stats().KeyN
		folded = tx.Bucket(bucketSearchWords).Stats().KeyN
		return nil
	})
	if pending >= foldPending || folded == 0 {
		t.Errorf("after 1,250 writes, %d pending entries and %d word bitmaps, want fewer than %d and some", pending, folded, foldPending)
	}
	if got := searchURLs(t, s, "zeppelin"); len(got) != 1 || got[0] != arts[7].URL {
		t.Errorf("SearchPage(zeppelin) = %q, want %s", got, arts[7].URL)
	}
}
