package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"reflect"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/testkit"
	"github.com/newshound/newshound/store"
)

func TestWriteCSV(t *testing.T) {
	ctx := context.Background()
	st := testkit.Store(t)
	pub := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	fetched := pub.Add(time.Hour)
	flagged := &store.Article{
		URL: "https://news.example/a", Title: "Bank, \"Meta\" and data\nsharing", Author: "A. Writer",
		Published: &pub, Fetched: fetched,
		Feed:    store.FeedRef{URL: "https://one.example/rss", Title: "One"},
		Sources: []store.FeedRef{{URL: "https://one.example/rss"}, {URL: "https://two.example/rss"}},
		Summary: "=HYPERLINK(\"https://evil.example\")", Lang: "en",
		Flags: []store.Flag{
			{Rule: "bank-meta", Score: 2, Tags: []string{"privacy", "finance"}, Matches: []store.Match{
				{Field: "title", Term: "bank", Snippet: "Bank, Meta and data"},
				{Field: "text", Term: "meta", Snippet: "with Meta"},
			}},
			{Rule: "meta", Score: 3.5, Tags: []string{"privacy"}, Matches: []store.Match{{Term: "meta", Snippet: "x"}}},
		},
	}
	plain := &store.Article{URL: "https://news.example/b", Title: "-5% for banks", Fetched: fetched.Add(-24 * time.Hour), FetchError: "fetch: 404"}
	for _, a := range []*store.Article{flagged, plain} {
		if err := st.PutArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	for _, l := range []store.Label{
		{ArticleID: flagged.ID, Rule: "meta", Relevant: false, Labeled: fetched},
		{ArticleID: flagged.ID, Rule: "bank-meta", Relevant: true, Labeled: fetched},
	} {
		if err := st.PutLabel(ctx, l); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	n, err := Write(ctx, &buf, st, store.Query{}, CSV)
	if err != nil || n != 2 {
		t.Fatalf("Write(csv) = %d, %v; want 2, nil", n, err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse: %v", err)
	}
	want := [][]string{
		CSVColumns,
		{flagged.ID, flagged.URL, flagged.Title, "A. Writer", "2026-03-01T09:00:00Z", "2026-03-01T10:00:00Z",
			"https://one.example/rss", "One", "https://one.example/rss https://two.example/rss", "bank-meta;meta",
			"privacy;finance", "3.5", "bank;meta", "Bank, Meta and data", "'=HYPERLINK(\"https://evil.example\")", "en", "", "bank-meta=relevant;meta=irrelevant"},
		{plain.ID, plain.URL, "'-5% for banks", "", "", "2026-02-28T10:00:00Z", "", "", "", "", "", "", "", "", "", "", "fetch: 404", ""},
	}
	for i := range max(len(rows), len(want)) {
		var got, w []string
		if i < len(rows) {
			got = rows[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if !reflect.DeepEqual(got, w) {
			t.Errorf("row %d = %q,\nwant %q", i, got, w)
		}
	}
	if err := CheckFormat(CSV); err != nil {
		t.Errorf("CheckFormat(csv) = %v, want nil", err)
	}
}
