package store

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func storyIDs(n Notice) []string {
	var ids []string
	for _, s := range n.Stories {
		ids = append(ids, s.URL)
	}
	return ids
}

func enqueue(t *testing.T, s *Store, p DigestPeriod) (Notice, bool) {
	t.Helper()
	n, ok, err := s.EnqueueDigest(context.Background(), p)
	if err != nil {
		t.Fatalf("EnqueueDigest(%s, %s) = %v", p.Alert, p.Until, err)
	}
	return n, ok
}

func TestDigestListsEachNewFlagOnce(t *testing.T) {
	s := openTest(t)
	put(t, s,
		article("https://x.test/a", "https://x.test/feed", nil, t0.Add(-50*time.Minute), "r1"),
		article("https://x.test/b", "https://x.test/feed", nil, t0.Add(-40*time.Minute), "r2"),
		article("https://x.test/c", "https://x.test/feed", nil, t0.Add(-30*time.Minute), "r1", "r2"),
	)
	p := DigestPeriod{Alert: "desk", Rules: []string{"r1"}, Since: t0.Add(-time.Hour), Until: t0}
	n, ok := enqueue(t, s, p)
	if want := []string{"https://x.test/a", "https://x.test/c"}; !ok || !slices.Equal(storyIDs(n), want) {
		t.Fatalf("first digest = %v, %v, want %v, true", storyIDs(n), ok, want)
	}
	if got := n.Stories[1].Flags; len(got) != 1 || got[0].Rule != "r1" {
		t.Errorf("flags of c in an r1 digest = %+v, want r1's only", got)
	}
	if !n.Since.Equal(p.Since) || !n.Until.Equal(t0) || n.Kind != NoticeDigest || len(n.ID) != 32 {
		t.Errorf("notice = %s %s..%s id %q, want digest %s..%s", n.Kind, n.Since, n.Until, n.ID, p.Since, t0)
	}
	if _, ok := enqueue(t, s, p); ok {
		t.Errorf("the same period enqueued twice")
	}
	// Storing the same flags again is no new flag; a new rule on a stored
	// story and a new story are.
	put(t, s, article("https://x.test/a", "https://x.test/feed", nil, t0.Add(-50*time.Minute), "r1"))
	put(t, s, article("https://x.test/b", "https://x.test/feed", nil, t0.Add(-40*time.Minute), "r2", "r1"))
	put(t, s, article("https://x.test/d", "https://x.test/feed", nil, t0.Add(10*time.Minute), "r1"))
	n, ok = enqueue(t, s, DigestPeriod{Alert: "desk", Rules: []string{"r1"}, Until: t0.Add(time.Hour)})
	if want := []string{"https://x.test/b", "https://x.test/d"}; !ok || !slices.Equal(storyIDs(n), want) {
		t.Errorf("second digest = %v, %v, want %v, true", storyIDs(n), ok, want)
	}
	if !n.Since.Equal(t0) {
		t.Errorf("second digest starts %s, want the first's end %s", n.Since, t0)
	}
	// Another digest of all rules keeps its own progress.
	n, ok = enqueue(t, s, DigestPeriod{Alert: "all", Since: t0.Add(-time.Hour), Until: t0.Add(time.Hour)})
	if want := []string{"https://x.test/a", "https://x.test/b", "https://x.test/c", "https://x.test/d"}; !ok || !slices.Equal(storyIDs(n), want) {
		t.Errorf("digest of all rules = %v, %v, want %v, true", storyIDs(n), ok, want)
	}
	if _, ok := enqueue(t, s, DigestPeriod{Alert: "desk", Rules: []string{"r1"}, Until: t0.Add(2 * time.Hour)}); ok {
		t.Errorf("a period without new flags enqueued a digest")
	}
	ns, err := s.Notices(context.Background())
	if err != nil || len(ns) != 3 {
		t.Errorf("Notices = %d, %v, want 3", len(ns), err)
	}
}

func TestDigestFirstPeriodStartsAtSince(t *testing.T) {
	s := openTest(t)
	put(t, s,
		article("https://x.test/old", "https://x.test/feed", nil, t0.Add(-3*time.Hour), "r1"),
		article("https://x.test/new", "https://x.test/feed", nil, t0.Add(-10*time.Minute), "r1"),
		// rules apply flags stored stories as of when they were fetched
		article("https://x.test/applied", "https://x.test/feed", nil, t0.Add(-5*time.Hour), "r1"),
	)
	n, ok := enqueue(t, s, DigestPeriod{Alert: "desk", Since: t0.Add(-time.Hour), Until: t0})
	if want := []string{"https://x.test/new", "https://x.test/applied"}; !ok || !slices.Equal(storyIDs(n), want) {
		t.Errorf("first digest = %v, %v, want %v", storyIDs(n), ok, want)
	}
}

func TestDigestSurvivesReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "news.db")
	s := openAt(t, path)
	put(t, s, article("https://x.test/a", "https://x.test/feed", nil, t0.Add(-time.Minute), "r1"))
	p := DigestPeriod{Alert: "desk", Since: t0.Add(-time.Hour), Until: t0}
	n, _ := enqueue(t, s, p)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openAt(t, path)
	if _, ok := enqueue(t, s, p); ok {
		t.Errorf("a reopened store enqueued the same period again")
	}
	due, err := s.DueNotices(context.Background(), t0, 0)
	if err != nil || len(due) != 1 || due[0].ID != n.ID {
		t.Fatalf("DueNotices after reopen = %+v, %v, want %s", due, err, n.ID)
	}
}

func TestNoticeAttemptsAndSent(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	put(t, s, article("https://x.test/a", "https://x.test/feed", nil, t0.Add(-time.Minute), "r1"))
	n, _ := enqueue(t, s, DigestPeriod{Alert: "desk", Since: t0.Add(-time.Hour), Until: t0})
	n.Attempts, n.NextAttempt, n.LastError = 1, t0.Add(time.Minute), "connection refused"
	if err := s.UpdateNotice(ctx, n); err != nil {
		t.Fatal(err)
	}
	if due, _ := s.DueNotices(ctx, t0, 0); len(due) != 0 {
		t.Errorf("DueNotices before NextAttempt = %d notices, want none", len(due))
	}
	due, _ := s.DueNotices(ctx, t0.Add(time.Minute), 0)
	if len(due) != 1 || due[0].Attempts != 1 || due[0].LastError != "connection refused" || len(due[0].Stories) != 1 {
		t.Fatalf("DueNotices at NextAttempt = %+v, want the notice with its attempt", due)
	}
	if err := s.NoticeSent(ctx, n.ID, t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := s.NoticeSent(ctx, n.ID, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if due, _ := s.DueNotices(ctx, t0.Add(time.Hour), 0); len(due) != 0 {
		t.Errorf("a sent notice is due again: %+v", due)
	}
	ns, _ := s.Notices(ctx)
	if len(ns) != 1 || !ns[0].Sent.Equal(t0.Add(time.Minute)) {
		t.Errorf("Notices = %+v, want one sent at %s", ns, t0.Add(time.Minute))
	}
	if k, err := s.PruneNotices(ctx, t0.Add(time.Minute)); k != 0 || err != nil {
		t.Errorf("PruneNotices(at the sent time) = %d, %v, want 0", k, err)
	}
	if k, err := s.PruneNotices(ctx, t0.Add(2*time.Minute)); k != 1 || err != nil {
		t.Errorf("PruneNotices(after) = %d, %v, want 1", k, err)
	}
	if err := s.NoticeSent(ctx, n.ID, t0); !errors.Is(err, ErrNotFound) {
		t.Errorf("NoticeSent(pruned) = %v, want ErrNotFound", err)
	}
	if err := s.NoticeSent(ctx, "nope", t0); !errors.Is(err, ErrNotFound) {
		t.Errorf("NoticeSent(bad id) = %v, want ErrNotFound", err)
	}
}

func TestSetSpikeAlertsOncePerSpike(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	put(t, s, article("https://x.test/a", "https://x.test/feed", nil, t0, "r1"))
	id := ArticleID("https://x.test/a")
	c := SpikeChange{Rule: "r1", Active: true, At: t0, StoryIDs: []string{id},
		Notices: []Notice{{Alert: "desk", Count: 9, Baseline: 1.5}, {Webhook: "https://hook.test/"}}}
	for i, want := range []bool{true, false} {
		raised, err := s.SetSpike(ctx, c)
		if err != nil || raised != want {
			t.Errorf("SetSpike(active) #%d = %v, %v, want %v", i+1, raised, err, want)
		}
	}
	ns, _ := s.Notices(ctx)
	if len(ns) != 2 || ns[0].Kind != NoticeSpike || ns[0].Rule != "r1" || ns[0].Count != 9 || ns[1].Webhook != "https://hook.test/" ||
		len(ns[0].Stories) != 1 || ns[0].Stories[0].ID != id {
		t.Fatalf("notices after a spike = %+v, want one email and one webhook with story a", ns)
	}
	if on, _ := s.Spiking(ctx, "r1"); !on {
		t.Errorf("Spiking during the spike = false")
	}
	if raised, _ := s.SetSpike(ctx, SpikeChange{Rule: "r1", At: t0.Add(time.Hour)}); raised {
		t.Errorf("falling back raised a spike")
	}
	if raised, _ := s.SetSpike(ctx, c); !raised {
		t.Errorf("a second spike after falling back raised nothing")
	}
	if ns, _ := s.Notices(ctx); len(ns) != 4 {
		t.Errorf("notices after two spikes = %d, want 4", len(ns))
	}
}

func TestFlagLogAndPrune(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	for i := range 5 {
		a := article("https://x.test/"+string(rune('a'+i)), "https://x.test/feed", nil, t0.Add(time.Duration(i)*time.Hour), "r1")
		put(t, s, a)
	}
	evs, err := s.FlagEvents(ctx, t0.Add(2*time.Hour))
	if err != nil || len(evs) != 3 || evs[0].At != t0.Add(2*time.Hour) || evs[0].Rule != "r1" || evs[0].Seq != 3 {
		t.Fatalf("FlagEvents(since +2h) = %+v, %v, want 3 from seq 3", evs, err)
	}
	if n, err := s.PruneFlagLog(ctx, t0.Add(2*time.Hour)); n != 2 || err != nil {
		t.Errorf("PruneFlagLog = %d, %v, want 2", n, err)
	}
	if evs, _ := s.FlagEvents(ctx, time.Time{}); len(evs) != 3 {
		t.Errorf("events after prune = %d, want 3", len(evs))
	}
}
