package postgres

import (
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/pgtest"
	"github.com/newshound/newshound/store"
)

// TestCopyKeepsClustersAndSequences: articles copied from a bbolt file
// keep their clusters, flag times and signatures (a later copy of the
// story joins the copied cluster), the flag log keeps its numbering and
// goes on after it, and copying twice changes nothing.
func TestCopyKeepsClustersAndSequences(t *testing.T) {
	ctx := t.Context()
	file, err := store.Open(ctx, filepath.Join(t.TempDir(), "n.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	file.SetAlertPolicy(&raiseNew{})
	t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	for i, url := range []string{"https://a.test/story", "https://b.test/copy"} {
		at := t0.Add(time.Duration(i) * time.Hour)
		a := &store.Article{URL: url, Title: "Story", Fetched: at, Published: &at, Signature: testSig(1, 2, url),
			Flags: []store.Flag{{Rule: "r1", Score: 1, Flagged: at}}}
		if err := file.PutArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	pg, err := Open(ctx, pgtest.DSN(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	pg.SetAlertPolicy(&raiseNew{})
	copyAll := func() {
		var arts []*store.Article
		err := file.Articles(ctx, store.Query{}, func(a *store.Article) error {
			sig, err := file.ArticleSignature(ctx, a.ID)
			if err != nil || sig == nil {
				t.Fatalf("ArticleSignature(%s) = %v, %v, want the stored signature", a.ID, sig, err)
			}
			a.Signature = sig
			arts = append(arts, a)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := pg.CopyArticles(ctx, arts); err != nil {
			t.Fatal(err)
		}
		var evs []store.FlagEvent
		if _, err := file.ReadFlagLog(ctx, 0, func(e store.FlagEvent) error { evs = append(evs, e); return nil }); err != nil {
			t.Fatal(err)
		}
		if err := pg.CopyFlagEvents(ctx, evs); err != nil {
			t.Fatal(err)
		}
	}
	copyAll()
	copyAll()

	read := func(st store.Backend) []*store.Article {
		var out []*store.Article
		if err := st.Articles(ctx, store.Query{}, func(a *store.Article) error { out = append(out, a); return nil }); err != nil {
			t.Fatal(err)
		}
		return out
	}
	want, got := read(file), read(pg)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("copied articles differ:\n got %+v\nwant %+v", got, want)
	}
	if want[0].Cluster != want[1].Cluster {
		t.Fatalf("the file's two copies are in clusters %s and %s, want one", want[0].Cluster, want[1].Cluster)
	}
	if err := pg.Check(ctx); err != nil {
		t.Errorf("Check after the copy = %v", err)
	}

	late := t0.Add(3 * time.Hour)
	third := &store.Article{URL: "https://c.test/again", Title: "Story", Fetched: late, Published: &late, Signature: testSig(1, 2, "third"),
		Flags: []store.Flag{{Rule: "r1", Score: 1, Flagged: late}}}
	if err := pg.PutArticle(ctx, third); err != nil {
		t.Fatal(err)
	}
	if third.Cluster != want[0].Cluster {
		t.Errorf("a new copy of the story went to cluster %s, want the copied cluster %s", third.Cluster, want[0].Cluster)
	}
	other := &store.Article{URL: "https://c.test/other", Title: "Other", Fetched: late, Published: &late, Signature: testSig(7, 0, "other"),
		Flags: []store.Flag{{Rule: "r1", Score: 1, Flagged: late}}}
	if err := pg.PutArticle(ctx, other); err != nil {
		t.Fatal(err)
	}
	var seqs []uint64
	if _, err := pg.ReadFlagLog(ctx, 0, func(e store.FlagEvent) error { seqs = append(seqs, e.Seq); return nil }); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(seqs, []uint64{1, 2}) {
		t.Errorf("flag log sequences after the copy (one, the duplicates raise none) and one new story's flag = %v, want [1 2]", seqs)
	}
}
