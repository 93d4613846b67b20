package store

import (
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// TestHostPausesOutliveTheProcess: a pause written by one Store is read by
// the next one on the same file until it ends; a shorter pause never
// replaces a longer one, and pauses that are over are dropped.
func TestHostPausesOutliveTheProcess(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.db")
	ctx := t.Context()
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.HostPauses(ctx, t0); err != nil || len(got) != 0 {
		t.Fatalf("HostPauses on a new file = %v, %v; want none", got, err)
	}
	for _, p := range []HostPause{
		{Host: "a.example", Until: t0.Add(time.Hour), Status: 429, Since: t0},
		{Host: "a.example", Until: t0.Add(time.Minute), Status: 503, Since: t0}, // shorter: ignored
		{Host: "b.example", Until: t0.Add(2 * time.Minute), Status: 503, Since: t0},
	} {
		if err := s.PutHostPause(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	got, err := s.HostPauses(ctx, t0.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Host != "a.example" || !got[0].Until.Equal(t0.Add(time.Hour)) || got[0].Status != 429 || got[1].Host != "b.example" {
		t.Fatalf("HostPauses after reopening = %+v, want a.example until %s (429) and b.example", got, t0.Add(time.Hour))
	}
	if got, _ := s.HostPauses(ctx, t0.Add(5*time.Minute)); len(got) != 1 || got[0].Host != "a.example" {
		t.Errorf("HostPauses once b.example's pause is over = %+v, want only a.example", got)
	}
	// A new pause written after b's ended removes b's record.
	if err := s.PutHostPause(ctx, HostPause{Host: "c.example", Until: t0.Add(2 * time.Hour), Since: t0.Add(5 * time.Minute)}); err != nil {
		t.Fatal(err)
	}
	n := 0
	if err := s.view(ctx, func(tx *bolt.Tx) error { n = tx.Bucket(bucketHostPauses).Stats().KeyN; return nil }); err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("host_pauses holds %d records, want 2 (the ended one dropped)", n)
	}
	if err := s.PutHostPause(ctx, HostPause{Until: t0}); err == nil {
		t.Errorf("PutHostPause without a host = nil error, want one")
	}
}
