package export

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/alertpolicy"
	"github.com/newshound/newshound/internal/testkit"

	"github.com/newshound/newshound/store"
)

// emptyStore is a store in a fresh bbolt file.
func emptyStore(t *testing.T) *store.Store {
	t.Helper()
	st := testkit.Store(t)
	st.SetAlertPolicy(alertpolicy.New(nil)) // the flag log follows newshound's policy
	return st
}

// put stores a story published at pub and flagged by rule, the flag dated
// as of pub as the crawler and rules apply date it ("" for no flag).
func put(t *testing.T, st *store.Store, url, rule string, pub time.Time) {
	t.Helper()
	a := &store.Article{URL: url, Title: url, Published: &pub, Fetched: pub, Feed: store.FeedRef{URL: "https://feed.example/rss"}}
	if rule != "" {
		a.Flags = []store.Flag{{Rule: rule, Score: 1, Flagged: pub}}
	}
	if err := st.PutArticle(context.Background(), a); err != nil {
		t.Fatal(err)
	}
}

// urls runs the export q and returns the URLs of its entries.
func urls(t *testing.T, st *store.Store, q Query) []string {
	t.Helper()
	var buf bytes.Buffer
	if _, err := WriteQuery(context.Background(), &buf, st, q, Options{Format: JSONL}); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		if i := strings.Index(line, `"url":"`); i >= 0 {
			u := line[i+7:]
			out = append(out, u[:strings.IndexByte(u, '"')])
		}
	}
	slices.Sort(out)
	return out
}

// TestSinceIsFlagTime: --since selects by when the flag was stored, so a
// story published last month and flagged now is in `--since 1h`; the
// publication date has its own bounds; with --all it is the stored time.
func TestSinceIsFlagTime(t *testing.T) {
	st := emptyStore(t)
	now := time.Now()
	put(t, st, "https://a.example/late", "r", now.Add(-30*24*time.Hour))
	put(t, st, "https://a.example/fresh-unflagged", "", now.Add(-time.Minute))
	for _, tt := range []struct {
		name string
		p    Params
		want []string
	}{
		{"flagged since 1h", Params{Since: "1h"}, []string{"https://a.example/late"}},
		{"flagged until 1h ago", Params{Until: "1h"}, nil},
		{"published since 1h", Params{PublishedSince: "1h"}, nil},
		{"published since 40d", Params{PublishedSince: "40d"}, []string{"https://a.example/late"}},
		{"rule flagged since 1h", Params{Since: "1h", Rule: "r"}, []string{"https://a.example/late"}},
		{"all stored since 1h", Params{Since: "1h", All: true}, []string{"https://a.example/fresh-unflagged"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			q, err := tt.p.Query(now)
			if err != nil {
				t.Fatal(err)
			}
			if got := urls(t, st, q); !slices.Equal(got, tt.want) {
				t.Errorf("export %+v = %v, want %v", tt.p, got, tt.want)
			}
		})
	}
	if _, err := (Params{PublishedUntil: "soon"}).Query(now); err == nil || !strings.Contains(err.Error(), "--published-until") {
		t.Errorf("Query(published-until soon) = %v, want an error naming --published-until", err)
	}
}

// TestResumeExactlyOnce: each run resumed from the last run's cursor
// exports the stories flagged since, whatever their publication dates.
func TestResumeExactlyOnce(t *testing.T) {
	ctx := context.Background()
	st := emptyStore(t)
	now := time.Now()
	run := func(c Cursor, rule string) ([]string, Resumed) {
		t.Helper()
		q := Query{Store: store.Query{FlaggedOnly: true, Rule: rule}}
		r, err := Resume(ctx, st, &q, c, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		return urls(t, st, q), r
	}
	put(t, st, "https://a.example/1", "r", now)
	got, r1 := run(Cursor{}, "")
	if !slices.Equal(got, []string{"https://a.example/1"}) || r1.Catchup != CatchupFirst {
		t.Fatalf("first run = %v, %+v; want story 1, a first run", got, r1)
	}
	if got, r := run(r1.Next, ""); len(got) != 0 || r.Catchup != "" {
		t.Errorf("run with nothing new = %v, %+v; want nothing", got, r)
	}
	put(t, st, "https://a.example/old", "r", now.AddDate(0, -2, 0)) // fetched late, published long ago
	put(t, st, "https://a.example/s", "s", now)
	got, r2 := run(r1.Next, "")
	if want := []string{"https://a.example/old", "https://a.example/s"}; !slices.Equal(got, want) || r2.Stories != 2 {
		t.Fatalf("second run = %v (%d new), want %v", got, r2.Stories, want)
	}
	if got, _ := run(r2.Next, ""); len(got) != 0 {
		t.Errorf("third run = %v, want nothing", got)
	}
	// Per rule: a cursor for rule r skips s's flags.
	_, rr := run(Cursor{}, "r")
	put(t, st, "https://a.example/s2", "s", now)
	put(t, st, "https://a.example/r2", "r", now)
	if got, _ := run(rr.Next, "r"); !slices.Equal(got, []string{"https://a.example/r2"}) {
		t.Errorf("run for rule r = %v, want only r2", got)
	}
	q := Query{Store: store.Query{FlaggedOnly: true, Rule: "s"}}
	if _, err := Resume(ctx, st, &q, rr.Next, now); !errors.Is(err, ErrState) {
		t.Errorf("Resume of an r cursor for rule s = %v, want ErrState", err)
	}
	q = Query{Store: store.Query{FlaggedOnly: true}}
	if _, err := Resume(ctx, st, &q, Cursor{FlagLog: 999, At: now}, now); !errors.Is(err, ErrCursorAhead) {
		t.Errorf("Resume past the log = %v, want ErrCursorAhead", err)
	}
	q = Query{Store: store.Query{}}
	if _, err := Resume(ctx, st, &q, Cursor{}, now); !errors.Is(err, ErrState) {
		t.Errorf("Resume of an --all export = %v, want ErrState", err)
	}
}

// TestResumeAfterPrunedLog: when the flag log was pruned past the cursor,
// the run falls back to the flag times since the cursor's, and says so.
func TestResumeAfterPrunedLog(t *testing.T) {
	ctx := context.Background()
	st := emptyStore(t)
	put(t, st, "https://a.example/before", "r", time.Now())
	q := Query{Store: store.Query{FlaggedOnly: true}}
	r1, err := Resume(ctx, st, &q, Cursor{}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	put(t, st, "https://a.example/after", "r", time.Now())
	if _, err := st.PruneFlagLog(ctx, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	q = Query{Store: store.Query{FlaggedOnly: true}}
	r2, err := Resume(ctx, st, &q, r1.Next, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if r2.Catchup != CatchupPruned {
		t.Errorf("Catchup = %q, want %q", r2.Catchup, CatchupPruned)
	}
	if got := urls(t, st, q); !slices.Contains(got, "https://a.example/after") { // and maybe "before": at least once

		t.Errorf("catch-up run = %v, want the story flagged after the cursor", got)
	}
}

// TestCheckRule: an unknown rule is an error naming the known ones; a
// rule only the stored stories know is fine.
func TestCheckRule(t *testing.T) {
	ctx := context.Background()
	st := emptyStore(t)
	put(t, st, "https://a.example/1", "retired", time.Now())
	for _, r := range []string{"", "live", "retired"} {
		if err := CheckRule(ctx, st, r, []string{"live"}); err != nil {
			t.Errorf("CheckRule(%q) = %v, want nil", r, err)
		}
	}
	err := CheckRule(ctx, st, "nosuch", []string{"live"})
	if !errors.Is(err, ErrUnknownRule) || !strings.Contains(err.Error(), "live, retired") {
		t.Errorf("CheckRule(nosuch) = %v, want ErrUnknownRule naming live, retired", err)
	}
}

// missing is the store but that its scans skip one article, as a scan
// does when the article is stored again under another time meanwhile.
type missing struct {
	*store.Store
	id string
}

func (m missing) Articles(ctx context.Context, q store.Query, fn func(*store.Article) error) error {
	return m.Store.Articles(ctx, q, func(a *store.Article) error {
		if a.ID == m.id {
			return nil
		}
		return fn(a)
	})
}

// TestResumeReadsWhatTheScanMissed: a story newly flagged since the
// cursor is exported even when the scan does not meet it.
func TestResumeReadsWhatTheScanMissed(t *testing.T) {
	ctx := context.Background()
	st := emptyStore(t)
	put(t, st, "https://a.example/seen", "r", time.Now())
	put(t, st, "https://a.example/moved", "r", time.Now())
	q := Query{Store: store.Query{FlaggedOnly: true}}
	if _, err := Resume(ctx, st, &q, Cursor{At: time.Now()}, time.Now()); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	n, err := WriteQuery(ctx, &buf, missing{Store: st, id: store.ArticleID("https://a.example/moved")}, q, Options{Format: JSONL})
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 || !strings.Contains(buf.String(), "https://a.example/moved") {
		t.Errorf("WriteQuery wrote %d entries:\n%s\nwant both stories", n, buf.String())
	}
}
