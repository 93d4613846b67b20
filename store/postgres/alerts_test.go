package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/newshound/newshound/store"
)

// alertBackend is what TestAlertsAsBbolt drives on both backends.
type alertBackend interface {
	SetAlertPolicy(p store.AlertPolicy)
	PutArticle(ctx context.Context, a *store.Article) error
	Deliveries(ctx context.Context) ([]store.Delivery, error)
	DueDeliveries(ctx context.Context, now time.Time, limit int) ([]store.Delivery, error)
	UpdateDelivery(ctx context.Context, d store.Delivery) error
	DeliverySucceeded(ctx context.Context, id string) error
	Outbox(ctx context.Context) (store.OutboxCounts, error)
	EnqueueDigest(ctx context.Context, p store.DigestPeriod) (store.Notice, bool, error)
	SetSpike(ctx context.Context, c store.SpikeChange) (bool, error)
	Spiking(ctx context.Context, rule string) (bool, error)
	Notices(ctx context.Context) ([]store.Notice, error)
	DueNotices(ctx context.Context, now time.Time, limit int) ([]store.Notice, error)
	UpdateNotice(ctx context.Context, n store.Notice) error
	NoticeSent(ctx context.Context, id string, t time.Time) error
	PruneNotices(ctx context.Context, t time.Time) (int, error)
}

// alertScript runs one scenario of flags, deliveries, digests and spikes
// on b and returns a transcript of every result, with the values each
// backend makes its own (ids' random halves, creation times) blanked.
func alertScript(t *testing.T, b alertBackend) []string {
	ctx := t.Context()
	var out []string
	note := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	t0 := time.Date(2026, 4, 1, 8, 0, 0, 0, time.UTC)
	b.SetAlertPolicy(&raiseNew{})
	put := func(n int, hour int, rules ...string) {
		a := &store.Article{URL: fmt.Sprintf("https://news.example/%d", n), Title: fmt.Sprint("story ", n),
			Fetched: t0.Add(time.Duration(hour) * time.Hour), Feed: store.FeedRef{URL: "https://feed.example/"}}
		for _, r := range rules {
			a.Flags = append(a.Flags, store.Flag{Rule: r, Score: 1, Flagged: a.Fetched})
		}
		if err := b.PutArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	put(1, 0, "bank")
	put(2, 1, "bank", "privacy")
	put(3, 2)
	put(4, 3, "privacy")
	put(2, 1, "bank", "privacy", "merger") // merger is new
	ds, err := b.Deliveries(ctx)
	note("deliveries %s %v", showDeliveries(ds), err)
	if len(ds) < 3 {
		t.Fatalf("%d deliveries, want at least 3", len(ds))
	}
	d := ds[0]
	d.Attempts, d.NextAttempt, d.LastError = 1, t0.Add(10*time.Hour), "503"
	note("update %v", b.UpdateDelivery(ctx, d))
	d = ds[1]
	d.Dead, d.LastError = true, "gone"
	note("update dead %v", b.UpdateDelivery(ctx, d))
	due, err := b.DueDeliveries(ctx, t0.Add(5*time.Hour), 0)
	note("due %s %v", showDeliveries(due), err)
	due, err = b.DueDeliveries(ctx, t0.Add(11*time.Hour), 1)
	note("due limit 1 %s %v", showDeliveries(due), err)
	note("succeeded %v", b.DeliverySucceeded(ctx, ds[2].ID))
	note("succeeded again %v", b.DeliverySucceeded(ctx, ds[2].ID))
	note("succeeded bad id %v", errors.Is(b.DeliverySucceeded(ctx, "nope"), store.ErrNotFound))
	gone := ds[2]
	note("update gone %v", errors.Is(b.UpdateDelivery(ctx, gone), store.ErrNotFound))
	c, err := b.Outbox(ctx)
	note("outbox %+v %v", c, err)

	for _, p := range []store.DigestPeriod{
		{Alert: "morning", Since: t0.Add(30 * time.Minute), Until: t0.Add(24 * time.Hour)},
		{Alert: "morning", Since: t0, Until: t0.Add(24 * time.Hour)}, // enqueued before
		{Alert: "banks", Rules: []string{"bank"}, Since: t0.Add(-time.Hour), Until: t0.Add(24 * time.Hour)},
	} {
		n, ok, err := b.EnqueueDigest(ctx, p)
		note("digest %s %v %s %v", p.Alert, ok, showNotice(n), err)
	}
	put(5, 30, "bank")
	n, ok, err := b.EnqueueDigest(ctx, store.DigestPeriod{Alert: "morning", Until: t0.Add(48 * time.Hour)})
	note("digest morning 2 %v %s %v", ok, showNotice(n), err)
	for _, sc := range []store.SpikeChange{
		{Rule: "bank", Active: true, At: t0.Add(31 * time.Hour), StoryIDs: []string{store.ArticleID("https://news.example/5"), "missing"},
			Notices: []store.Notice{{Alert: "ops"}, {Webhook: "https://hook.example/spike"}}},
		{Rule: "bank", Active: true, At: t0.Add(32 * time.Hour)},
		{Rule: "bank", Active: false, At: t0.Add(33 * time.Hour)},
	} {
		raised, err := b.SetSpike(ctx, sc)
		spiking, err2 := b.Spiking(ctx, sc.Rule)
		note("spike %v raised %v spiking %v %v %v", sc.Active, raised, spiking, err, err2)
	}
	ns, err := b.Notices(ctx)
	note("notices %d %v", len(ns), err)
	for _, n := range ns {
		note("  %s", showNotice(n))
	}
	if len(ns) < 3 {
		t.Fatalf("%d notices, want at least 3", len(ns))
	}
	note("sent %v", b.NoticeSent(ctx, ns[0].ID, t0.Add(40*time.Hour)))
	note("sent again %v", b.NoticeSent(ctx, ns[0].ID, t0.Add(50*time.Hour)))
	u := ns[1]
	u.Attempts, u.NextAttempt, u.LastError = 2, t0.Add(60*time.Hour), "smtp 451"
	note("update notice %v", b.UpdateNotice(ctx, u))
	note("update notice bad id %v", errors.Is(b.UpdateNotice(ctx, store.Notice{ID: "x"}), store.ErrNotFound))
	dn, err := b.DueNotices(ctx, t0.Add(45*time.Hour), 0)
	note("due notices %d %v", len(dn), err)
	for _, n := range dn {
		note("  %s", showNotice(n))
	}
	pruned, err := b.PruneNotices(ctx, t0.Add(41*time.Hour))
	note("pruned %d %v", pruned, err)
	ns, err = b.Notices(ctx)
	note("notices after prune %d %v", len(ns), err)
	return out
}

// showDeliveries renders deliveries without their own random halves and
// creation times.
func showDeliveries(ds []store.Delivery) string {
	var s []string
	for _, d := range ds {
		d.ID, d.Created = d.ID[:16], time.Time{}
		d.Flag.Stored = time.Time{}
		b, _ := json.Marshal(d)
		s = append(s, string(b))
	}
	return fmt.Sprint(s)
}

func showNotice(n store.Notice) string {
	if n.ID != "" {
		n.ID = n.ID[:16]
	}
	n.Created = time.Time{}
	for i := range n.Stories {
		for j := range n.Stories[i].Flags {
			n.Stories[i].Flags[j].Stored = time.Time{}
		}
	}
	b, _ := json.Marshal(n)
	return string(b)
}

// TestAlertsAsBbolt runs one scenario of the outbox and the alert queue
// on the bbolt file and on PostgreSQL and compares the transcripts.
func TestAlertsAsBbolt(t *testing.T) {
	bb, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "news.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { bb.Close() })
	want := alertScript(t, bb)
	got := alertScript(t, open(t))
	for i := range max(len(got), len(want)) {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			t.Errorf("line %d:\npostgres %s\nbbolt    %s", i, g, w)
		}
	}
}
