package storetest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/newshound/newshound/store"
)

// NoticeStore is what the Notices group needs: flagged articles under an
// AlertPolicy (digests read the flag log), digests, spikes and the alert
// queue.
type NoticeStore interface {
	PutArticle(ctx context.Context, a *store.Article) error
	Article(ctx context.Context, id string) (*store.Article, error)
	SetAlertPolicy(p store.AlertPolicy)
	EnqueueDigest(ctx context.Context, p store.DigestPeriod) (store.Notice, bool, error)
	SetSpike(ctx context.Context, c store.SpikeChange) (bool, error)
	Spiking(ctx context.Context, rule string) (bool, error)
	Notices(ctx context.Context) ([]store.Notice, error)
	DueNotices(ctx context.Context, now time.Time, limit int) ([]store.Notice, error)
	UpdateNotice(ctx context.Context, n store.Notice) error
	NoticeSent(ctx context.Context, id string, t time.Time) error
	PruneNotices(ctx context.Context, t time.Time) (int, error)
}

// Notices checks the alert queue: EnqueueDigest enqueues each period
// once, with the stories newly flagged by its rules; SetSpike enqueues
// once per spike; DueNotices, UpdateNotice, NoticeSent and PruneNotices.
func Notices(t *testing.T, open func(t *testing.T) NoticeStore) {
	t.Run("Digest", func(t *testing.T) { noticeDigest(t, open(t)) })
	t.Run("DigestAllRules", func(t *testing.T) { noticeDigestAllRules(t, open(t)) })
	t.Run("Spike", func(t *testing.T) { noticeSpike(t, open(t)) })
	t.Run("Queue", func(t *testing.T) { noticeQueue(t, open(t)) })
	t.Run("Concurrent", func(t *testing.T) { noticeConcurrent(t, open(t)) })
	t.Run("Empty", func(t *testing.T) { noticeEmpty(t, open(t)) })
}

// noticeConcurrent calls EnqueueDigest and SetSpike for one period and
// one spike from several goroutines at once, as processes sharing a
// database do: each is enqueued once.
func noticeConcurrent(t *testing.T, s NoticeStore) {
	s.SetAlertPolicy(&policy{})
	putFlagged(t, s, 1, "bank", 0)
	const n = 6
	var wg sync.WaitGroup
	digests, spikes := make([]bool, n), make([]bool, n)
	errs := make([]error, 2*n)
	p := store.DigestPeriod{Alert: "daily", Since: at(-time.Hour), Until: at(time.Hour)}
	c := store.SpikeChange{Rule: "bank", Active: true, At: at(time.Hour), Notices: []store.Notice{{Alert: "ops"}}, StoryIDs: idsOf(1)}
	for i := range n {
		wg.Go(func() { _, digests[i], errs[i] = s.EnqueueDigest(t.Context(), p) })
		wg.Go(func() { spikes[i], errs[n+i] = s.SetSpike(t.Context(), c) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatalf("EnqueueDigest or SetSpike = %v, want no error", err)
		}
	}
	if got := countTrue(digests); got != 1 {
		t.Errorf("%d concurrent EnqueueDigest of one period: %d returned true, want 1", n, got)
	}
	if got := countTrue(spikes); got != 1 {
		t.Errorf("%d concurrent SetSpike of one spike: %d returned true, want 1", n, got)
	}
	if ns, err := s.Notices(t.Context()); err != nil || len(ns) != 2 {
		t.Errorf("Notices() = %d notices (error %v), want one digest and one spike", len(ns), err)
	}
}

func countTrue(bs []bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}

// noticeEmpty checks the alert queue of an empty store.
func noticeEmpty(t *testing.T, s NoticeStore) {
	ctx := t.Context()
	if ns, err := s.Notices(ctx); err != nil || len(ns) != 0 {
		t.Errorf("Notices() of an empty store = %v, %v, want none", ns, err)
	}
	if ns, err := s.DueNotices(ctx, at(0), 0); err != nil || len(ns) != 0 {
		t.Errorf("DueNotices() of an empty store = %v, %v, want none", ns, err)
	}
	if n, err := s.PruneNotices(ctx, at(0)); n != 0 || err != nil {
		t.Errorf("PruneNotices() of an empty store = %d, %v, want 0", n, err)
	}
	if n, ok, err := s.EnqueueDigest(ctx, store.DigestPeriod{Alert: "daily", Since: at(-time.Hour), Until: at(0)}); ok || err != nil {
		t.Errorf("EnqueueDigest of an empty flag log = %+v, %v, %v; want no notice", n, ok, err)
	}
}

// noticeStory is the notice's view of the stored story id, with its
// flags by rules.
func noticeStory(t *testing.T, s NoticeStore, id string, rules ...string) store.NoticeStory {
	t.Helper()
	a, err := s.Article(t.Context(), id)
	if err != nil {
		t.Fatalf("Article(%s) = %v, want no error", id, err)
	}
	ns := store.NoticeStory{DeliveryStory: store.DeliveryStory{ID: a.ID, URL: a.URL, Title: a.Title, Published: a.Published, Feed: a.Feed}}
	for _, f := range a.Flags {
		for _, r := range rules {
			if f.Rule == r {
				ns.Flags = append(ns.Flags, f)
			}
		}
	}
	return ns
}

// checkNotice compares a notice with want, after checking the fields the
// store fills in (ID, Created) against the clock c.
func checkNotice(t *testing.T, what string, got, want store.Notice, c clock) {
	t.Helper()
	if !isHexID(got.ID) {
		t.Errorf("%s: ID %q, want 32 hex digits", what, got.ID)
	}
	if !c.covers(got.Created) {
		t.Errorf("%s: Created %v, want when it was enqueued (%v)", what, got.Created, c.before)
	}
	want.ID, want.Created = got.ID, got.Created
	if d := diff(got, want); d != "" {
		t.Errorf("%s:\n%s", what, d)
	}
}

func noticeDigest(t *testing.T, s NoticeStore) {
	ctx := t.Context()
	s.SetAlertPolicy(&policy{})
	putFlagged(t, s, 1, "bank", -2*time.Hour) // before the first period
	putFlagged(t, s, 2, "bank", 0)
	putFlagged(t, s, 3, "privacy", time.Minute) // not a rule of the digest
	a := story(4, 0, time.Minute, "bank", "privacy", "zebra")
	put(t, s, a)
	p := store.DigestPeriod{Alert: "daily", Rules: []string{"bank", "zebra"}, Since: at(-time.Hour), Until: at(time.Hour)}
	var n store.Notice
	var ok bool
	var err error
	c := during(func() { n, ok, err = s.EnqueueDigest(ctx, p) })
	if err != nil || !ok {
		t.Fatalf("EnqueueDigest(first period) = %v, %v, want a notice", ok, err)
	}
	want := store.Notice{Kind: store.NoticeDigest, Alert: "daily", Since: p.Since, Until: p.Until,
		Stories: []store.NoticeStory{noticeStory(t, s, idsOf(2)[0], "bank"), noticeStory(t, s, a.ID, "bank", "zebra")}}
	checkNotice(t, "the first digest", n, want, c)
	first := n.ID
	for _, again := range []store.DigestPeriod{p, {Alert: "daily", Rules: p.Rules, Until: at(30 * time.Minute)}} {
		if n, ok, err := s.EnqueueDigest(ctx, again); ok || err != nil || n.ID != "" {
			t.Errorf("EnqueueDigest(period until %v, after one until %v) = %+v, %v, %v; want no notice", again.Until, p.Until, n, ok, err)
		}
	}
	// A period with no new story is done all the same.
	p2 := store.DigestPeriod{Alert: "daily", Rules: p.Rules, Since: p.Since, Until: at(2 * time.Hour)}
	if n, ok, err := s.EnqueueDigest(ctx, p2); ok || err != nil || n.ID != "" {
		t.Errorf("EnqueueDigest(a period with no new flag) = %+v, %v, %v; want no notice", n, ok, err)
	}
	putFlagged(t, s, 5, "zebra", 150*time.Minute)
	p3 := store.DigestPeriod{Alert: "daily", Rules: p.Rules, Since: p.Since, Until: at(3 * time.Hour)}
	c = during(func() { n, ok, err = s.EnqueueDigest(ctx, p3) })
	if err != nil || !ok {
		t.Fatalf("EnqueueDigest(third period) = %v, %v, want a notice", ok, err)
	}
	want3 := store.Notice{Kind: store.NoticeDigest, Alert: "daily", Since: p2.Until, Until: p3.Until,
		Stories: []store.NoticeStory{noticeStory(t, s, idsOf(5)[0], "zebra")}}
	checkNotice(t, "the third digest, starting where the second ended", n, want3, c)
	all, err := s.Notices(ctx)
	if d := diff(noticeIDs(all), []string{first, n.ID}); err != nil || d != "" {
		t.Errorf("Notices() (error %v), want the 2 digests, oldest first:\n%s", err, d)
	}
}

// noticeDigestAllRules checks a digest of every rule, and one of a name
// never seen whose first period starts at Since.
func noticeDigestAllRules(t *testing.T, s NoticeStore) {
	ctx := t.Context()
	s.SetAlertPolicy(&policy{})
	putFlagged(t, s, 1, "bank", 0)
	putFlagged(t, s, 2, "privacy", time.Minute)
	put(t, s, story(1, 0, time.Minute, "bank", "zebra")) // zebra is new to story 1: its event comes last
	var n store.Notice
	var ok bool
	var err error
	p := store.DigestPeriod{Alert: "all", Since: at(-time.Hour), Until: at(time.Hour)}
	c := during(func() { n, ok, err = s.EnqueueDigest(ctx, p) })
	if err != nil || !ok {
		t.Fatalf("EnqueueDigest(all rules) = %v, %v, want a notice", ok, err)
	}
	want := store.Notice{Kind: store.NoticeDigest, Alert: "all", Since: p.Since, Until: p.Until, Stories: []store.NoticeStory{
		noticeStory(t, s, idsOf(1)[0], "bank", "zebra"), noticeStory(t, s, idsOf(2)[0], "privacy"),
	}}
	checkNotice(t, "a digest of every rule: each story once, in the order first flagged", n, want, c)
	late := store.DigestPeriod{Alert: "late", Since: at(30 * time.Minute), Until: at(time.Hour)}
	if n, ok, err := s.EnqueueDigest(ctx, late); ok || err != nil {
		t.Errorf("EnqueueDigest(a first period starting after every flag) = %+v, %v, %v; want no notice", n, ok, err)
	}
}

func noticeSpike(t *testing.T, s NoticeStore) {
	ctx := t.Context()
	putFlagged(t, s, 1, "bank", 0)
	putFlagged(t, s, 2, "bank", time.Minute)
	recipients := []store.Notice{
		{Alert: "ops", Since: at(0), Until: at(time.Hour), Count: 12, Baseline: 1.5},
		{Webhook: "https://hook.example/spike", Since: at(0), Until: at(time.Hour), Count: 12, Baseline: 1.5},
	}
	change := store.SpikeChange{Rule: "bank", Active: true, At: at(time.Hour), Notices: recipients, StoryIDs: idsOf(2, 1)}
	spiking := func(want bool) {
		t.Helper()
		if got, err := s.Spiking(ctx, "bank"); got != want || err != nil {
			t.Errorf("Spiking(bank) = %v, %v, want %v", got, err, want)
		}
	}
	spiking(false)
	var raised bool
	var err error
	c := during(func() { raised, err = s.SetSpike(ctx, change) })
	if !raised || err != nil {
		t.Fatalf("SetSpike(starts) = %v, %v, want true", raised, err)
	}
	spiking(true)
	stories := []store.NoticeStory{noticeStory(t, s, idsOf(2)[0], "bank"), noticeStory(t, s, idsOf(1)[0], "bank")}
	got, err := s.Notices(ctx)
	if err != nil || len(got) != 2 {
		t.Fatalf("Notices() after a spike = %d notices, %v, want one per recipient", len(got), err)
	}
	for i, r := range recipients {
		want := r
		want.Kind, want.Rule, want.Stories = store.NoticeSpike, "bank", stories
		checkNotice(t, "spike notice to "+r.Alert+r.Webhook, got[i], want, c)
	}
	for _, step := range []struct {
		name   string
		active bool
	}{{"goes on", true}, {"falls back", false}, {"stays down", false}} {
		ch := change
		ch.Active, ch.At = step.active, at(2*time.Hour)
		if raised, err := s.SetSpike(ctx, ch); raised || err != nil {
			t.Errorf("SetSpike(%s) = %v, %v, want false", step.name, raised, err)
		}
		spiking(step.active)
	}
	if got, _ := s.Notices(ctx); len(got) != 2 {
		t.Errorf("Notices() after the spike went on and fell back = %d notices, want still 2", len(got))
	}
	change.At = at(5 * time.Hour)
	if raised, err := s.SetSpike(ctx, change); !raised || err != nil {
		t.Errorf("SetSpike(a second spike) = %v, %v, want true", raised, err)
	}
	if got, _ := s.Notices(ctx); len(got) != 4 {
		t.Errorf("Notices() after a second spike = %d notices, want 4", len(got))
	}
	if got, err := s.Spiking(ctx, "never"); got || err != nil {
		t.Errorf("Spiking(a rule never seen) = %v, %v, want false", got, err)
	}
}

func noticeIDs(ns []store.Notice) []string {
	var out []string
	for _, n := range ns {
		out = append(out, n.ID)
	}
	return out
}

func noticeQueue(t *testing.T, s NoticeStore) {
	ctx := t.Context()
	var recipients []store.Notice
	for _, a := range []string{"a", "b", "c", "d"} {
		recipients = append(recipients, store.Notice{Alert: a})
	}
	if raised, err := s.SetSpike(ctx, store.SpikeChange{Rule: "bank", Active: true, At: at(0), Notices: recipients}); !raised || err != nil {
		t.Fatalf("SetSpike = %v, %v, want true", raised, err)
	}
	ns, err := s.Notices(ctx)
	if err != nil || len(ns) != 4 {
		t.Fatalf("Notices() = %d notices, %v, want 4", len(ns), err)
	}
	for i, n := range ns {
		if n.Alert != recipients[i].Alert || i > 0 && n.ID <= ns[i-1].ID {
			t.Errorf("Notices()[%d] = %s with id %q, want %s with ids in enqueue order", i, n.Alert, n.ID, recipients[i].Alert)
		}
	}
	// a waits an hour, b is dead, c is sent, d is due.
	na, nb := ns[0], ns[1]
	na.Attempts, na.NextAttempt, na.LastError = 1, at(time.Hour), "smtp: 451"
	na.Alert, na.Rule = "changed", "changed" // not attempt fields: kept
	nb.Attempts, nb.LastError, nb.Dead = 4, "smtp: 550", true
	for _, n := range []store.Notice{na, nb} {
		if err := s.UpdateNotice(ctx, n); err != nil {
			t.Fatalf("UpdateNotice(%s) = %v, want no error", n.ID, err)
		}
	}
	for _, at := range []time.Time{at(30 * time.Minute), at(time.Hour)} { // the first time stays
		if err := s.NoticeSent(ctx, ns[2].ID, at); err != nil {
			t.Fatalf("NoticeSent(%s) = %v, want no error", ns[2].ID, err)
		}
	}
	got, err := s.Notices(ctx)
	if err != nil {
		t.Fatalf("Notices() = %v, want no error", err)
	}
	wantA, wantB, wantC := ns[0], ns[1], ns[2]
	wantA.Attempts, wantA.NextAttempt, wantA.LastError = 1, at(time.Hour), "smtp: 451"
	wantB.Attempts, wantB.LastError, wantB.Dead = 4, "smtp: 550", true
	wantC.Sent = at(30 * time.Minute)
	if d := diff(got, []store.Notice{wantA, wantB, wantC, ns[3]}); d != "" {
		t.Errorf("Notices() after UpdateNotice and NoticeSent, want the attempt fields and the first sent time:\n%s", d)
	}
	for _, tt := range []struct {
		now   time.Time
		limit int
		want  []string
	}{
		{at(0), 0, []string{ns[3].ID}},
		{at(time.Hour), 0, []string{ns[0].ID, ns[3].ID}},
		{at(time.Hour), 1, []string{ns[0].ID}},
	} {
		due, err := s.DueNotices(ctx, tt.now, tt.limit)
		if d := diff(noticeIDs(due), tt.want); err != nil || d != "" {
			t.Errorf("DueNotices(%v, %d) (error %v), want those neither sent nor dead nor waiting past now, oldest first:\n%s", tt.now, tt.limit, err, d)
		}
	}
	if n, err := s.PruneNotices(ctx, at(30*time.Minute)); n != 0 || err != nil {
		t.Errorf("PruneNotices(the sent time) = %d, %v, want 0: only those sent before go", n, err)
	}
	if n, err := s.PruneNotices(ctx, at(24*time.Hour)); n != 1 || err != nil {
		t.Errorf("PruneNotices = %d, %v, want 1: the sent one, not the dead or waiting", n, err)
	}
	got, err = s.Notices(ctx)
	if d := diff(noticeIDs(got), []string{ns[0].ID, ns[1].ID, ns[3].ID}); err != nil || d != "" {
		t.Errorf("Notices() after PruneNotices (error %v):\n%s", err, d)
	}
	if err := s.NoticeSent(ctx, ns[2].ID, at(0)); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("NoticeSent of a pruned notice = %v, want ErrNotFound", err)
	}
	if err := s.UpdateNotice(ctx, ns[2]); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("UpdateNotice of a pruned notice = %v, want ErrNotFound", err)
	}
}
