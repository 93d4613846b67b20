package storetest

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newshound/newshound/store"
)

// FlagLogStore is what the FlagLog group needs: storing flagged articles
// under an AlertPolicy, the flag log, and the deliveries the policy's
// targets get.
type FlagLogStore interface {
	PutArticle(ctx context.Context, a *store.Article) error
	AddArticle(ctx context.Context, a *store.Article) (bool, error)
	Article(ctx context.Context, id string) (*store.Article, error)
	SetAlertPolicy(p store.AlertPolicy)
	ReadFlagLog(ctx context.Context, after uint64, fn func(store.FlagEvent) error) (store.FlagLogRead, error)
	FlagEvents(ctx context.Context, since time.Time) ([]store.FlagEvent, error)
	PruneFlagLog(ctx context.Context, before time.Time) (int, error)
	Deliveries(ctx context.Context) ([]store.Delivery, error)
}

// FlagLog checks how flags reach the AlertPolicy, the flag log and the
// outbox: the policy is asked once per flag stored, with had and
// Duplicate set; a raised flag is one event of the flag log and one
// delivery per target. It checks ReadFlagLog's cursor (Last, Gap),
// FlagEvents and PruneFlagLog.
func FlagLog(t *testing.T, open func(t *testing.T) FlagLogStore) {
	t.Run("PolicyAsked", func(t *testing.T) { flagPolicyAsked(t, open(t)) })
	t.Run("NoPolicy", func(t *testing.T) {
		s := open(t)
		put(t, s, story(1, 0, time.Minute, "bank"))
		if events := readLog(t, s, 0); len(events) != 0 {
			t.Errorf("ReadFlagLog without an AlertPolicy = %d events, want none", len(events))
		}
	})
	t.Run("Raise", func(t *testing.T) { flagRaise(t, open(t)) })
	t.Run("ConcurrentPuts", func(t *testing.T) { flagConcurrentPuts(t, open(t)) })
	t.Run("ReadCursor", func(t *testing.T) { flagReadCursor(t, open(t)) })
	t.Run("Events", func(t *testing.T) { flagEvents(t, open(t)) })
	t.Run("Prune", func(t *testing.T) { flagPrune(t, open(t)) })
}

// sortedCalls sorts calls by rule, for comparing the questions about one
// article, which may come in any order.
func sortedCalls(calls []policyCall) []policyCall {
	slices.SortFunc(calls, func(a, b policyCall) int { return strings.Compare(a.Rule, b.Rule) })
	return calls
}

func flagPolicyAsked(t *testing.T, s FlagLogStore) {
	p := &policy{}
	s.SetAlertPolicy(p)
	steps := []struct {
		name string
		put  func() error
		want []policyCall
	}{
		{"new article", func() error { return s.PutArticle(t.Context(), story(1, 0, time.Minute, "privacy", "bank")) },
			[]policyCall{{Rule: "bank"}, {Rule: "privacy"}}},
		{"replaced, one rule kept", func() error { return s.PutArticle(t.Context(), story(1, 0, time.Minute, "bank", "zebra")) },
			[]policyCall{{Rule: "bank", Had: true}, {Rule: "zebra"}}},
		{"no flags", func() error { return s.PutArticle(t.Context(), story(2, 0, time.Minute)) }, nil},
		{"added", func() error { _, err := s.AddArticle(t.Context(), story(3, 0, time.Minute, "bank")); return err },
			[]policyCall{{Rule: "bank"}}},
		{"added again: only its sources are", func() error {
			a := story(3, 0, time.Minute, "bank", "privacy")
			a.Feed = feedB
			_, err := s.AddArticle(t.Context(), a)
			return err
		}, nil},
		{"first of a cluster", func() error {
			a := story(4, 0, time.Minute, "bank")
			a.Signature = sigA
			return s.PutArticle(t.Context(), a)
		}, []policyCall{{Rule: "bank"}}},
		{"similar: Duplicate set before the policy is asked", func() error {
			a := story(5, time.Minute, 2*time.Minute, "bank", "privacy")
			a.Signature = sigB
			return s.PutArticle(t.Context(), a)
		}, []policyCall{{Rule: "bank", Duplicate: true}, {Rule: "privacy"}}},
	}
	for _, st := range steps {
		if err := st.put(); err != nil {
			t.Fatalf("%s: storing = %v, want no error", st.name, err)
		}
		if d := diff(sortedCalls(p.take()), st.want); d != "" {
			t.Errorf("%s: AlertPolicy.Alert calls, want one per flag stored:\n%s", st.name, d)
		}
	}
}

// readLog reads the flag log after after and returns its events.
func readLog(t *testing.T, s interface {
	ReadFlagLog(context.Context, uint64, func(store.FlagEvent) error) (store.FlagLogRead, error)
}, after uint64) []store.FlagEvent {
	t.Helper()
	var out []store.FlagEvent
	if _, err := s.ReadFlagLog(t.Context(), after, func(e store.FlagEvent) error {
		out = append(out, e)
		return nil
	}); err != nil {
		t.Fatalf("ReadFlagLog(%d) = %v, want no error", after, err)
	}
	return out
}

// flagRaise checks what a raised flag leaves in the flag log and outbox.
func flagRaise(t *testing.T, s FlagLogStore) {
	p := &policy{
		raise:   func(f store.Flag, had bool) bool { return f.Rule != "quiet" && !had },
		targets: map[string][]string{"bank": {"https://hook.example/1", "https://hook.example/2"}, "quiet": {"https://hook.example/q"}},
	}
	s.SetAlertPolicy(p)
	a := story(1, -time.Hour, 0, "bank", "privacy", "quiet")
	b := story(2, 0, time.Minute, "privacy")
	b.Flags[0].Flagged = time.Time{} // At is then when it was stored
	ca := during(func() { put(t, s, a) })
	c := during(func() { put(t, s, b) })
	put(t, s, story(1, -time.Hour, 0, "bank", "privacy", "quiet")) // had: nothing raised again
	events := readLog(t, s, 0)
	want := []store.FlagEvent{
		{Seq: 1, Rule: "bank", Story: a.ID, At: a.Flags[0].Flagged},
		{Seq: 2, Rule: "privacy", Story: a.ID, At: a.Flags[1].Flagged},
		{Seq: 3, Rule: "privacy", Story: b.ID},
	}
	if len(events) == 3 {
		if !c.covers(events[2].At) {
			t.Errorf("event of a flag without Flagged time: At = %v, want when it was stored (%v)", events[2].At, c.before)
		}
		want[2].At = events[2].At
		slices.SortFunc(events[:2], func(x, y store.FlagEvent) int { return strings.Compare(x.Rule, y.Rule) })
		events[0].Seq, events[1].Seq = min(events[0].Seq, events[1].Seq), max(events[0].Seq, events[1].Seq)
	}
	if d := diff(events, want); d != "" {
		t.Errorf("ReadFlagLog(0), want one event per raised flag, numbered from 1 in commit order:\n%s", d)
	}
	stored, err := s.Article(t.Context(), a.ID)
	if err != nil {
		t.Fatalf("Article = %v, want no error", err)
	}
	ds, err := s.Deliveries(t.Context())
	if err != nil {
		t.Fatalf("Deliveries() = %v, want no error", err)
	}
	story := store.DeliveryStory{ID: a.ID, URL: a.URL, Title: a.Title, Published: a.Published, Feed: a.Feed}
	var gotTargets []string
	for _, d := range ds {
		gotTargets = append(gotTargets, d.Target)
	}
	if d := diff(sortedStrings(gotTargets), []string{"https://hook.example/1", "https://hook.example/2"}); d != "" {
		t.Fatalf("Deliveries' targets, want bank's two and not the target of the flag the policy did not raise:\n%s", d)
	}
	for _, del := range ds {
		want := store.Delivery{ID: del.ID, Target: del.Target, Story: story, Flag: stored.Flags[0], Created: del.Created}
		if d := diff(del, want); d != "" {
			t.Errorf("delivery to %s, want the story and its new flag as stored:\n%s", del.Target, d)
		}
		if !isHexID(del.ID) {
			t.Errorf("delivery id %q, want 32 hex digits", del.ID)
		}
		if !ca.covers(del.Created) {
			t.Errorf("delivery Created = %v, want when it was enqueued (%v)", del.Created, ca.before)
		}
	}
}

// isHexID reports whether id is 32 lower-case hex digits.
func isHexID(id string) bool {
	if len(id) != 32 {
		return false
	}
	for _, c := range id {
		if !strings.ContainsRune("0123456789abcdef", c) {
			return false
		}
	}
	return true
}

// putFlagged stores story n flagged by rule at t0+d, one transaction per
// call, so that its event follows the ones before.
func putFlagged(t *testing.T, s articlePutter, n int, rule string, d time.Duration) {
	t.Helper()
	a := story(n, 0, time.Minute, rule)
	a.Flags[0].Flagged = at(d)
	put(t, s, a)
}

// flagReadCursor checks ReadFlagLog's Last and Gap as the log grows and
// is pruned.
func flagReadCursor(t *testing.T, s FlagLogStore) {
	ctx := t.Context()
	s.SetAlertPolicy(&policy{})
	read := func(after uint64) ([]uint64, store.FlagLogRead) {
		t.Helper()
		var seqs []uint64
		r, err := s.ReadFlagLog(ctx, after, func(e store.FlagEvent) error { seqs = append(seqs, e.Seq); return nil })
		if err != nil {
			t.Fatalf("ReadFlagLog(%d) = %v, want no error", after, err)
		}
		return seqs, r
	}
	check := func(step string, after uint64, wantSeqs []uint64, want store.FlagLogRead) {
		t.Helper()
		seqs, r := read(after)
		if d := diff(seqs, wantSeqs); d != "" {
			t.Errorf("%s: ReadFlagLog(%d)'s events:\n%s", step, after, d)
		}
		if r != want {
			t.Errorf("%s: ReadFlagLog(%d) = %+v, want %+v", step, after, r, want)
		}
	}
	check("empty log", 0, nil, store.FlagLogRead{})
	for i := range 3 {
		putFlagged(t, s, i+1, "bank", time.Duration(i)*time.Hour)
	}
	check("three events", 0, []uint64{1, 2, 3}, store.FlagLogRead{Last: 3})
	check("after the last", 3, nil, store.FlagLogRead{Last: 3})
	check("after one", 1, []uint64{2, 3}, store.FlagLogRead{Last: 3})
	putFlagged(t, s, 4, "bank", 3*time.Hour)
	check("one more", 3, []uint64{4}, store.FlagLogRead{Last: 4})
	seqs, r := read(10)
	if len(seqs) != 0 || r.Last >= 10 {
		t.Errorf("ReadFlagLog(10) past the log's end = %v, %+v; want nothing and a Last below 10", seqs, r)
	}
	stop := errors.New("stop here")
	n := 0
	if _, err := s.ReadFlagLog(ctx, 0, func(store.FlagEvent) error { n++; return stop }); err != stop || n != 1 {
		t.Errorf("ReadFlagLog with fn failing = %v after %d calls, want fn's error unchanged after 1 call", err, n)
	}
	if n, err := s.PruneFlagLog(ctx, at(time.Hour+time.Minute)); n != 2 || err != nil {
		t.Fatalf("PruneFlagLog = %d, %v, want 2", n, err)
	}
	check("first two pruned", 0, []uint64{3, 4}, store.FlagLogRead{Last: 4, Gap: true})
	check("read past the pruned", 2, []uint64{3, 4}, store.FlagLogRead{Last: 4})
	if n, err := s.PruneFlagLog(ctx, at(24*time.Hour)); n != 2 || err != nil {
		t.Fatalf("PruneFlagLog(all) = %d, %v, want 2", n, err)
	}
	check("all pruned", 2, nil, store.FlagLogRead{Last: 4, Gap: true})
	check("all pruned, read to the end before", 4, nil, store.FlagLogRead{Last: 4})
	putFlagged(t, s, 5, "bank", 4*time.Hour)
	check("numbering goes on after pruning", 4, []uint64{5}, store.FlagLogRead{Last: 5})
}

// flagEvents checks FlagEvents' selection by At and its order.
func flagEvents(t *testing.T, s FlagLogStore) {
	s.SetAlertPolicy(&policy{})
	putFlagged(t, s, 1, "bank", time.Hour)
	putFlagged(t, s, 2, "privacy", -time.Hour) // flagged as of an older fetch (rules apply)
	putFlagged(t, s, 3, "bank", 2*time.Hour)
	ev := func(seq uint64, n int, rule string, d time.Duration) store.FlagEvent {
		return store.FlagEvent{Seq: seq, Rule: rule, Story: idsOf(n)[0], At: at(d)}
	}
	all := []store.FlagEvent{ev(1, 1, "bank", time.Hour), ev(2, 2, "privacy", -time.Hour), ev(3, 3, "bank", 2*time.Hour)}
	for _, tt := range []struct {
		since time.Time
		want  []store.FlagEvent
	}{
		{time.Time{}, all},
		{at(-time.Hour), all},
		{at(0), []store.FlagEvent{all[0], all[2]}},
		{at(2 * time.Hour), all[2:]},
		{at(3 * time.Hour), nil},
	} {
		got, err := s.FlagEvents(t.Context(), tt.since)
		if d := diff(got, tt.want); err != nil || d != "" {
			t.Errorf("FlagEvents(%v) (error %v), want the events at or after since, by sequence:\n%s", tt.since, err, d)
		}
	}
}

// flagPrune checks that PruneFlagLog removes the oldest events, in
// sequence order, up to the first that is not older than before.
func flagPrune(t *testing.T, s FlagLogStore) {
	s.SetAlertPolicy(&policy{})
	putFlagged(t, s, 1, "bank", 0)
	putFlagged(t, s, 2, "bank", 2*time.Hour)
	putFlagged(t, s, 3, "bank", time.Hour) // older than the event before it
	putFlagged(t, s, 4, "bank", 3*time.Hour)
	steps := []struct {
		before time.Time
		n      int
		want   []uint64
	}{
		{at(0), 0, []uint64{1, 2, 3, 4}},
		{at(90 * time.Minute), 1, []uint64{2, 3, 4}}, // 3 stays behind 2
		{at(150 * time.Minute), 2, []uint64{4}},
		{at(150 * time.Minute), 0, []uint64{4}},
	}
	for _, st := range steps {
		n, err := s.PruneFlagLog(t.Context(), st.before)
		if n != st.n || err != nil {
			t.Errorf("PruneFlagLog(%v) = %d, %v, want %d", st.before, n, err, st.n)
		}
		var seqs []uint64
		for _, e := range readLog(t, s, 0) {
			seqs = append(seqs, e.Seq)
		}
		if d := diff(seqs, st.want); d != "" {
			t.Errorf("flag log after PruneFlagLog(%v):\n%s", st.before, d)
		}
	}
}

// flagConcurrentPuts stores one new flagged story from several
// goroutines at once: had is read in the transaction that stores the
// flag, so the flag is raised once, one event and one delivery.
func flagConcurrentPuts(t *testing.T, s FlagLogStore) {
	s.SetAlertPolicy(&policy{targets: hooks})
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() { errs[i] = s.PutArticle(t.Context(), story(1, 0, time.Minute, "bank")) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatalf("PutArticle = %v, want no error", err)
		}
	}
	if events := readLog(t, s, 0); len(events) != 1 {
		t.Errorf("%d concurrent PutArticle of one new flagged story: %d flag log events, want 1", n, len(events))
	}
	if ds, err := s.Deliveries(t.Context()); err != nil || len(ds) != 1 {
		t.Errorf("%d concurrent PutArticle of one new flagged story: %d deliveries (error %v), want 1", n, len(ds), err)
	}
}
