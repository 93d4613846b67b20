package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestMain(m *testing.M) {
	if path := os.Getenv(holdLockEnv); path != "" {
		os.Exit(holdLock(path))
	}
	if path := os.Getenv(writerEnv); path != "" {
		os.Exit(writeUntilKilled(path))
	}
	os.Exit(m.Run())
}

// t0 is the reference time of the test data.
var t0 = time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)

// openTest opens a new store in a temporary folder, closed at cleanup.
func openTest(t testing.TB) *Store {
	t.Helper()
	return openAt(t, filepath.Join(t.TempDir(), "news.db"))
}

// openAt opens the store at path, closed at cleanup, with newshound's
// alert policy and no webhook.
func openAt(t testing.TB, path string) *Store {
	t.Helper()
	s, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatalf("Open(%q) = %v, want no error", path, err)
	}
	t.Cleanup(func() { _ = s.Close() })
	s.SetAlertPolicy(routed(nil))
	return s
}

// routed is newshound's alert policy (package alertpolicy, which imports
// the store and so cannot serve its own tests) over a routing: a flag
// whose rule is new to the story and that is not a Duplicate alerts the
// targets of its rule.
type routed func(rule string) []string

func (fn routed) Alert(f Flag, had bool) (bool, []string) {
	if had || f.Duplicate {
		return false, nil
	}
	if fn == nil {
		return true, nil
	}
	return true, fn(f.Rule)
}

// at returns a pointer to t0 shifted by d.
func at(d time.Duration) *time.Time {
	t := t0.Add(d)
	return &t
}

// article builds a test article for url, flagged by rules.
func article(url, feed string, published *time.Time, fetched time.Time, rules ...string) *Article {
	a := &Article{
		URL: url, Title: "Title of " + url, Author: "A. Writer",
		Published: published, Fetched: fetched,
		Feed: FeedRef{URL: feed, Title: "Feed " + feed},
		Text: strings.Repeat("Some words of the main text. ", 20),
	}
	for _, r := range rules {
		a.Flags = append(a.Flags, Flag{
			Rule: r, Score: 1.5, Stage: "article",
			Matches: []Match{{Field: "text", Term: "bank", Offset: 3, Length: 4, Snippet: "a bank shared"}},
			Flagged: fetched,
		})
	}
	return a
}

// put stores every article, failing the test on error.
func put(t testing.TB, s *Store, arts ...*Article) {
	t.Helper()
	for _, a := range arts {
		if err := s.PutArticle(context.Background(), a); err != nil {
			t.Fatalf("PutArticle(%s) = %v", a.URL, err)
		}
	}
}

// putParallel stores arts from 64 goroutines, so that writes are batched.
func putParallel(t testing.TB, s *Store, arts []*Article) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, len(arts))
	next := make(chan *Article)
	for range 64 {
		wg.Go(func() {
			for a := range next {
				errs <- s.PutArticle(context.Background(), a)
			}
		})
	}
	for _, a := range arts {
		next <- a
	}
	close(next)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("PutArticle = %v", err)
		}
	}
}

// urls lists the articles' URLs.
func urls(arts []*Article) []string {
	var out []string
	for _, a := range arts {
		out = append(out, a.URL)
	}
	return out
}

// collect runs q through Articles and returns the URLs in order.
func collect(t testing.TB, s *Store, q Query) []string {
	t.Helper()
	var got []*Article
	if err := s.Articles(context.Background(), q, func(a *Article) error {
		got = append(got, a)
		return nil
	}); err != nil {
		t.Fatalf("Articles(%+v) = %v", q, err)
	}
	return urls(got)
}

// mustCheck fails the test when Check finds a problem.
func mustCheck(t testing.TB, s *Store) {
	t.Helper()
	if err := s.Check(context.Background()); err != nil {
		t.Fatalf("Check() = %v, want nil", err)
	}
}

// many builds n articles spread over hours, feeds and rules.
func many(n int) []*Article {
	arts := make([]*Article, n)
	for i := range arts {
		var pub *time.Time
		if i%5 != 0 {
			pub = at(-time.Duration(i) * time.Minute)
		}
		var rules []string
		if i%4 == 0 {
			rules = append(rules, "bank")
		}
		if i%6 == 0 {
			rules = append(rules, "privacy")
		}
		arts[i] = article(fmt.Sprintf("https://news.example/%d", i), fmt.Sprintf("https://feed%d.example/rss", i%3),
			pub, t0.Add(-time.Duration(i)*time.Second), rules...)
	}
	return arts
}

// sortedNewestFirst reports whether arts are in non-increasing sort time.
func sortedNewestFirst(arts []*Article) bool {
	return slices.IsSortedFunc(arts, func(a, b *Article) int { return sortTime(b).Compare(sortTime(a)) })
}
