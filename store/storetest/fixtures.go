package storetest

import (
	"context"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newshound/newshound/store"
)

// t0 is the reference time of the suite's data: a fixed instant with
// microseconds, so that a backend keeping less than Precision fails.
var t0 = time.Date(2025, 3, 10, 12, 0, 0, 123456000, time.UTC)

// at returns t0 shifted by d.
func at(d time.Duration) time.Time { return t0.Add(d) }

// ptr returns a pointer to t.
func ptr(t time.Time) *time.Time { return &t }

// feedA and feedB are the feeds the suite's stories are read from.
var (
	feedA = store.FeedRef{URL: "https://a.example/feed.xml", Title: "Feed A"}
	feedB = store.FeedRef{URL: "https://b.example/rss", Title: "Feed B"}
)

// storyURL is the URL of the suite's n-th story.
func storyURL(n int) string { return fmt.Sprintf("https://news.example/story/%d", n) }

// story builds the n-th story, fetched at t0+fetched and published at
// t0+published, read from feedA and flagged by rules (flagged as of its
// fetch). Its ID is left for PutArticle to fill in.
func story(n int, published, fetched time.Duration, rules ...string) *store.Article {
	a := &store.Article{
		URL:       storyURL(n),
		Title:     fmt.Sprintf("Story %d", n),
		Author:    "A. Writer",
		Published: ptr(at(published)),
		Fetched:   at(fetched),
		Feed:      feedA,
		Summary:   fmt.Sprintf("The summary of story %d.", n),
		Text:      strings.Repeat(fmt.Sprintf("The main text of story %d. ", n), 8),
		Lang:      "en",
	}
	for _, r := range rules {
		a.Flags = append(a.Flags, flag(r, at(fetched)))
	}
	return a
}

// flag is a flag of rule raised at flagged, with one match.
func flag(rule string, flagged time.Time) store.Flag {
	return store.Flag{
		Rule: rule, Score: 1.5, Stage: "article", Tags: []string{"tag-" + rule},
		Matches: []store.Match{{Field: "text", Term: "main", Offset: 4, Length: 4, Snippet: "The main text", SnippetOffset: 4}},
		Flagged: flagged,
	}
}

// articlePutter is what the fixtures need to store articles.
type articlePutter interface {
	PutArticle(ctx context.Context, a *store.Article) error
}

// put stores the articles one after the other, in order.
func put(t *testing.T, s articlePutter, arts ...*store.Article) {
	t.Helper()
	for _, a := range arts {
		if err := s.PutArticle(t.Context(), a); err != nil {
			t.Fatalf("PutArticle(%s) = %v, want no error", a.URL, err)
		}
	}
}

// putConcurrently stores the articles from several goroutines, for data
// whose order of arrival does not matter: a backend that batches writes
// (bbolt) then needs few transactions.
func putConcurrently(t *testing.T, s articlePutter, arts []*store.Article) {
	t.Helper()
	errs := make([]error, len(arts))
	var wg sync.WaitGroup
	for i, a := range arts {
		wg.Go(func() { errs[i] = s.PutArticle(t.Context(), a) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("PutArticle(%s) = %v, want no error", arts[i].URL, err)
		}
	}
}

// ids lists the articles' ids, in order.
func ids(arts []*store.Article) []string {
	out := make([]string, 0, len(arts))
	for _, a := range arts {
		out = append(out, a.ID)
	}
	return out
}

// idsOf lists the ids of the suite's stories with the numbers.
func idsOf(ns ...int) []string {
	out := make([]string, 0, len(ns))
	for _, n := range ns {
		out = append(out, store.ArticleID(storyURL(n)))
	}
	return out
}

// clock brackets a call that stamps the current time, for checking the
// stamp: within a minute of the wall clock while the call ran, which
// allows a database server whose clock is a little off.
type clock struct{ before, after time.Time }

// during runs fn and returns the clock around it.
func during(fn func()) clock {
	c := clock{before: time.Now()}
	fn()
	c.after = time.Now()
	return c
}

// covers reports whether t was stamped by the call.
func (c clock) covers(t time.Time) bool {
	return !t.Before(c.before.Add(-time.Minute)) && !t.After(c.after.Add(time.Minute))
}

// policyCall is one question the store asked an AlertPolicy.
type policyCall struct {
	Rule      string
	Had       bool
	Duplicate bool
}

// policy is an AlertPolicy that records what it is asked: it raises a
// flag when its rule is new to the story and the flag is not a
// Duplicate (newshound's own policy), or as raise says when set, and
// sends each raised flag to targets[rule].
type policy struct {
	mu      sync.Mutex
	calls   []policyCall
	raise   func(f store.Flag, had bool) bool
	targets map[string][]string
}

// Alert implements store.AlertPolicy.
func (p *policy) Alert(f store.Flag, had bool) (bool, []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls = append(p.calls, policyCall{Rule: f.Rule, Had: had, Duplicate: f.Duplicate})
	raise := !had && !f.Duplicate
	if p.raise != nil {
		raise = p.raise(f, had)
	}
	if !raise {
		return false, nil
	}
	return true, slices.Clone(p.targets[f.Rule])
}

// take returns the calls recorded since the last take.
func (p *policy) take() []policyCall {
	p.mu.Lock()
	defer p.mu.Unlock()
	c := p.calls
	p.calls = nil
	return c
}

// sortedStrings returns a sorted copy of ss.
func sortedStrings(ss []string) []string {
	out := slices.Clone(ss)
	slices.Sort(out)
	return out
}

// signature is a Signature of the MinHash values vals (a multiple of
// four), with one band key per run of four values, as crawler/dedupe
// makes them: two signatures share a band key when they share a run.
func signature(vals ...uint32) *store.Signature {
	s := &store.Signature{MinHash: vals}
	for b := 0; b+4 <= len(vals); b += 4 {
		h := fnv.New64a()
		for _, v := range vals[b : b+4] {
			h.Write(binary.BigEndian.AppendUint32(nil, v))
		}
		s.Bands = append(s.Bands, h.Sum64()+uint64(b))
	}
	return s
}

// run returns the n values from, from+1, ...
func run(from uint32, n int) []uint32 {
	out := make([]uint32, n)
	for i := range out {
		out[i] = from + uint32(i)
	}
	return out
}

// Three signatures in a chain: sigA and sigB share half their values
// (similarity 0.5, above store.DefaultThreshold) and two band keys, as do
// sigB and sigC; sigA and sigC share nothing. sigD shares nothing with
// any.
var (
	sigA = signature(run(1, 16)...)
	sigB = signature(append(run(1, 8), run(109, 8)...)...)
	sigC = signature(run(101, 16)...)
	sigD = signature(run(201, 16)...)
)
