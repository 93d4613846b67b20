package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

func openFlagTest(t *testing.T) *Store {
	t.Helper()
	st, err := Open(context.Background(), filepath.Join(t.TempDir(), "db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	st.SetAlertPolicy(routed(nil))
	return st
}

// TestFlagStoredKeptAcrossPuts: a flag is stamped when first stored,
// whatever Flagged says (rules apply dates it as of the fetch), and keeps
// that stamp when the article is stored again.
func TestFlagStoredKeptAcrossPuts(t *testing.T) {
	ctx := context.Background()
	st := openFlagTest(t)
	old := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	a := &Article{URL: "https://a.example/old", Fetched: old, Flags: []Flag{{Rule: "r", Flagged: old}}}
	before := time.Now()
	if err := st.PutArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	got, err := st.Article(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	first := got.Flags[0].Stored
	if first.Before(before) || time.Since(first) > time.Minute {
		t.Fatalf("Stored = %v, want the time of PutArticle (%v)", first, before)
	}
	got.Flags[0].Stored = time.Time{}
	got.Flags = append(got.Flags, Flag{Rule: "s", Flagged: old})
	if err := st.PutArticle(ctx, got); err != nil {
		t.Fatal(err)
	}
	again, err := st.Article(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !again.Flags[0].Stored.Equal(first) {
		t.Errorf("Stored of r after a second put = %v, want %v kept", again.Flags[0].Stored, first)
	}
	if s := again.Flags[1].Stored; !s.After(first) {
		t.Errorf("Stored of the new rule s = %v, want after %v", s, first)
	}
	if got := FlagStored(again, again.Flags[1]); !got.Equal(again.Flags[1].Stored) {
		t.Errorf("FlagStored = %v, want %v", got, again.Flags[1].Stored)
	}
	if got := FlagStored(again, Flag{Flagged: old}); !got.Equal(old) {
		t.Errorf("FlagStored of a flag without Stored = %v, want its Flagged %v", got, old)
	}
}

// TestReadFlagLogAfter: successive reads, each after the last one's Last,
// see each alerting flag once; pruning past a cursor is a Gap.
func TestReadFlagLogAfter(t *testing.T) {
	ctx := context.Background()
	st := openFlagTest(t)
	put := func(url, rule string, flagged time.Time) {
		t.Helper()
		if err := st.PutArticle(ctx, &Article{URL: url, Flags: []Flag{{Rule: rule, Flagged: flagged}}}); err != nil {
			t.Fatal(err)
		}
	}
	read := func(after uint64) ([]string, FlagLogRead) {
		t.Helper()
		var urls []string
		r, err := st.ReadFlagLog(ctx, after, func(e FlagEvent) error {
			urls = append(urls, e.Story+"/"+e.Rule)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return urls, r
	}
	old := time.Now().Add(-30 * 24 * time.Hour)
	put("https://a.example/1", "r", time.Now())
	put("https://a.example/2", "r", old)
	got, r1 := read(0)
	if len(got) != 2 || r1.Last != 2 || r1.Gap {
		t.Fatalf("ReadFlagLog(0) = %v, %+v; want 2 events up to 2, no gap", got, r1)
	}
	put("https://a.example/1", "r", time.Now()) // the same flag again: no event
	put("https://a.example/3", "s", old)
	got, r2 := read(r1.Last)
	if want := ArticleID("https://a.example/3") + "/s"; len(got) != 1 || got[0] != want || r2.Last != 3 {
		t.Fatalf("ReadFlagLog(%d) = %v, %+v; want [%s] up to 3", r1.Last, got, r2, want)
	}
	if got, r := read(r2.Last); len(got) != 0 || r.Last != 3 || r.Gap {
		t.Errorf("ReadFlagLog(last) = %v, %+v; want nothing, no gap", got, r)
	}
	if _, err := st.PruneFlagLog(ctx, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got, r := read(1); len(got) != 0 || !r.Gap || r.Last != 3 {
		t.Errorf("ReadFlagLog(1) after pruning = %v, %+v; want a gap", got, r)
	}
}
