package store

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
)

// TestSearchPageFuncNoText: a page streamed without texts lists the same
// articles, with every other field, and the same cursors as the page
// returned with them, page after page; a text query still matches the
// text; an error of fn ends the page and is returned unchanged.
func TestSearchPageFuncNoText(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	arts := many(250)
	arts[7].Text += " a needle in the text only"
	arts[180].Text += " a needle in the text only"
	putParallel(t, s, arts)
	for _, text := range []string{"", "needle"} {
		t.Run(fmt.Sprintf("q=%q", text), func(t *testing.T) {
			q := Query{Limit: 60}
			pages := 0
			for {
				want, wantNext, err := s.SearchPage(ctx, q, text, 100)
				if err != nil {
					t.Fatal(err)
				}
				var got []*Article
				lean := q
				lean.NoText = true
				next, err := s.SearchPageFunc(ctx, lean, text, 100, func(a *Article) error {
					got = append(got, a)
					return nil
				})
				if err != nil || next != wantNext {
					t.Fatalf("page %d: SearchPageFunc next = %q, %v; want %q", pages, next, err, wantNext)
				}
				if len(got) != len(want) {
					t.Fatalf("page %d: %d articles without text, %d with", pages, len(got), len(want))
				}
				for i := range got {
					if got[i].Text != "" {
						t.Fatalf("page %d: article %s has its text with NoText", pages, got[i].ID)
					}
					w := *want[i]
					w.Text = ""
					if !reflect.DeepEqual(*got[i], w) {
						t.Fatalf("page %d: article %d = %+v, want %+v", pages, i, *got[i], w)
					}
				}
				if text != "" {
					for _, a := range got {
						if a.ID != arts[7].ID && a.ID != arts[180].ID {
							t.Errorf("q=needle found %s", a.URL)
						}
					}
				}
				if pages++; next == "" {
					break
				}
				q.After = next
			}
			if text == "" && pages != 5 {
				t.Errorf("%d pages of 60 for 250 articles, want 5", pages)
			}
		})
	}
	stopErr := errors.New("client gone")
	calls := 0
	_, err := s.SearchPageFunc(ctx, Query{NoText: true}, "", 0, func(*Article) error { calls++; return stopErr })
	if !errors.Is(err, stopErr) || calls != 1 {
		t.Errorf("SearchPageFunc with a failing fn = %v after %d calls, want the error after 1", err, calls)
	}
	if _, err := s.SearchPageFunc(ctx, Query{After: "junk"}, "", 0, func(*Article) error { t.Error("fn called"); return nil }); !errors.Is(err, ErrBadCursor) {
		t.Errorf("SearchPageFunc with a bad cursor = %v, want ErrBadCursor", err)
	}
}
