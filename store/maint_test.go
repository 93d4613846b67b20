package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func TestCheckPasses(t *testing.T) {
	s := openTest(t)
	mustCheck(t, s) // empty
	putParallel(t, s, many(400))
	mustCheck(t, s)
	if err := CheckFile(context.Background(), s.Path(), Options{Timeout: 100 * time.Millisecond}); !errors.Is(err, ErrLocked) {
		t.Errorf("CheckFile while a store holds the file = %v, want ErrLocked", err)
	}
	_ = s.Close()
	if err := CheckFile(context.Background(), s.Path(), Options{}); err != nil {
		t.Errorf("CheckFile = %v, want nil", err)
	}
}

func TestCheckFindsIndexDamage(t *testing.T) {
	tests := []struct {
		name   string
		damage func(s *Store, a *Article) error
	}{
		{"stale time entry", func(s *Store, a *Article) error {
			return s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketByTime).Put(indexKey(t0, "gone"), nil) })
		}},
		{"missing time entry", func(s *Store, a *Article) error {
			return s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketByTime).Delete(indexKey(sortTime(a), a.ID)) })
		}},
		{"missing rule entry", func(s *Store, a *Article) error {
			return s.db.Update(func(tx *bolt.Tx) error {
				return tx.Bucket(bucketFlags).Bucket([]byte("bank")).Delete(indexKey(sortTime(a), a.ID))
			})
		}},
		{"undecodable article", func(s *Store, a *Article) error {
			return s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketArticles).Put([]byte(a.ID), []byte("{")) })
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openTest(t)
			a := article("https://news.example/a", "https://feed.example/rss", at(-time.Hour), t0, "bank")
			put(t, s, a)
			if err := tt.damage(s, a); err != nil {
				t.Fatal(err)
			}
			if err := s.Check(context.Background()); !errors.Is(err, ErrCorrupt) {
				t.Errorf("Check after %s = %v, want ErrCorrupt", tt.name, err)
			}
		})
	}
}

func TestBackup(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	putParallel(t, s, many(300))
	if err := s.PutFeed(ctx, Feed{URL: "https://feed0.example/rss", ETag: `"e"`}); err != nil {
		t.Fatal(err)
	}
	// Writers go on during the backup; the copy holds a consistent state.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := 1000; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			a := article(fmt.Sprintf("https://news.example/during/%d", i), "https://feed.example/rss", nil, t0, "bank")
			if err := s.PutArticle(ctx, a); err != nil {
				t.Error(err)
				return
			}
		}
	})
	time.Sleep(20 * time.Millisecond)
	path := filepath.Join(t.TempDir(), "backup.db")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	n, err := s.Backup(ctx, f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatalf("Backup = %v", err)
	}
	close(stop)
	wg.Wait()
	if sz := size(t, path); n != sz {
		t.Errorf("Backup returned %d bytes, the file has %d", n, sz)
	}
	b := openAt(t, path)
	mustCheck(t, b)
	if got := collect(t, b, Query{}); len(got) < 300 {
		t.Errorf("backup has %d articles, want at least the 300 stored before it", len(got))
	}
	c := filepath.Join(t.TempDir(), "quiet.db")
	f, err = os.Create(c)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Backup(ctx, f); err != nil {
		t.Fatal(err)
	}
	_ = f.Close()
	sameContent(t, s, openAt(t, c))
}

func TestCompactAndSwap(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	putParallel(t, s, many(600))
	if _, err := s.Prune(ctx, t0.Add(time.Hour), true); err != nil { // free most pages
		t.Fatal(err)
	}
	putParallel(t, s, many(50))
	want := collect(t, s, Query{})
	dst := s.Path() + ".compact"
	if err := s.Compact(ctx, dst); err != nil {
		t.Fatalf("Compact = %v", err)
	}
	if err := s.Compact(ctx, dst); err == nil {
		t.Errorf("Compact onto an existing file = nil, want an error")
	}
	before, after := size(t, s.Path()), size(t, dst)
	t.Logf("compaction: %d -> %d bytes", before, after)
	if after >= before {
		t.Errorf("compacted file is %d bytes, want less than %d", after, before)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(dst, s.Path()); err != nil {
		t.Fatal(err)
	}
	c := openAt(t, s.Path())
	mustCheck(t, c)
	if got := collect(t, c, Query{}); !reflect.DeepEqual(got, want) {
		t.Errorf("after compaction Articles = %d articles, want the %d from before", len(got), len(want))
	}
}

// sameContent compares the feeds, articles and stats of two stores.
func sameContent(t *testing.T, a, b *Store) {
	t.Helper()
	ctx := context.Background()
	fa, _ := a.Feeds(ctx)
	fb, err := b.Feeds(ctx)
	if err != nil || !reflect.DeepEqual(fa, fb) {
		t.Errorf("Feeds differ: %v and %v (%v)", fa, fb, err)
	}
	var arts []*Article
	_ = a.Articles(ctx, Query{}, func(x *Article) error { arts = append(arts, x); return nil })
	i := 0
	err = b.Articles(ctx, Query{}, func(y *Article) error {
		if i >= len(arts) || !reflect.DeepEqual(arts[i], y) {
			t.Errorf("article %d differs: %s", i, y.URL)
		}
		i++
		return nil
	})
	if err != nil || i != len(arts) {
		t.Errorf("copy has %d articles (%v), want %d", i, err, len(arts))
	}
	sa, _ := a.Stats(ctx)
	sb, _ := b.Stats(ctx)
	sa.FileSize, sb.FileSize = 0, 0
	if !reflect.DeepEqual(sa, sb) {
		t.Errorf("Stats differ: %+v and %+v", sa, sb)
	}
}
