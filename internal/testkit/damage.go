package testkit

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/newshound/newshound/store"
	bolt "go.etcd.io/bbolt"
)

// undecodable is what DamageArticle writes in place of a record: the
// start of a JSON object cut inside a string by bytes JSON forbids, as a
// damaged page would read.
const undecodable = "{\"url\": \"\x00\xff"

// DamageArticle overwrites the stored record of the article id in the
// bbolt file at path, which no store may hold open, with bytes that do
// not decode. It is an ordinary bbolt update, so the file's pages stay
// sound and only a read of that record fails.
func DamageArticle(t testing.TB, path, id string) {
	t.Helper()
	db, err := bolt.Open(path, 0o644, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatalf("open %s to damage a record: %v", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("articles"))
		if b == nil {
			return fmt.Errorf("no articles bucket")
		}
		if b.Get([]byte(id)) == nil {
			return fmt.Errorf("no article %s", id)
		}
		return b.Put([]byte(id), []byte(undecodable))
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatalf("damage article %s in %s: %v", id, path, err)
	}
}

// DamagedDB stores n articles (https://news.example/0 to n-1, titled
// "Story", published and fetched one a minute from start) in a new file,
// damages the record of the damaged-th newest (1 is the newest) with
// DamageArticle, and returns the file's path.
func DamagedDB(t testing.TB, n, damaged int, start time.Time) string {
	t.Helper()
	if damaged < 1 || damaged > n {
		t.Fatalf("DamagedDB(%d, %d): damaged must be from 1 to n", n, damaged)
	}
	path := filepath.Join(t.TempDir(), "damaged.db")
	st := OpenStore(t, path, store.Options{})
	var bad string
	for i := range n {
		at := start.Add(time.Duration(i) * time.Minute)
		a := &store.Article{URL: fmt.Sprintf("https://news.example/%d", i), Title: "Story", Published: &at, Fetched: at, Text: "Some text."}
		if err := st.PutArticle(t.Context(), a); err != nil {
			t.Fatal(err)
		}
		if i == n-damaged {
			bad = a.ID
		}
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	DamageArticle(t, path, bad)
	return path
}
