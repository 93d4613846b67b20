package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/newshound/newshound/store"
)

// RetryStore is what the Retries group needs.
type RetryStore interface {
	PutRetry(ctx context.Context, r store.Retry) error
	DeleteRetry(ctx context.Context, id string) error
	DueRetries(ctx context.Context, now time.Time, limit int) ([]store.Retry, error)
	Retries(ctx context.Context) ([]store.Retry, error)
}

// Retries checks PutRetry, DeleteRetry, DueRetries and Retries.
func Retries(t *testing.T, open func(t *testing.T) RetryStore) {
	retry := func(n int, due time.Duration) store.Retry {
		return store.Retry{ID: idsOf(n)[0], URL: storyURL(n), Attempts: n, Due: at(due), LastError: "http: 503"}
	}
	r1, r2, r3 := retry(1, 2*time.Hour), retry(2, 0), retry(3, time.Hour)
	t.Run("Due", func(t *testing.T) {
		s := open(t)
		for _, r := range []store.Retry{r1, r2, r3} {
			mustPutRetry(t, s, r)
		}
		tests := []struct {
			now   time.Time
			limit int
			want  []store.Retry
		}{
			{now: at(-time.Second), want: nil},
			{now: at(0), want: []store.Retry{r2}},
			{now: at(time.Hour), want: []store.Retry{r2, r3}},
			{now: at(3 * time.Hour), want: []store.Retry{r2, r3, r1}},
			{now: at(3 * time.Hour), limit: 2, want: []store.Retry{r2, r3}},
			{now: at(3 * time.Hour), limit: -1, want: []store.Retry{r2, r3, r1}},
		}
		for _, tt := range tests {
			got, err := s.DueRetries(t.Context(), tt.now, tt.limit)
			if d := diff(got, tt.want); err != nil || d != "" {
				t.Errorf("DueRetries(%v, %d) = %d entries (error %v), want those due at or before now, earliest first:\n%s", tt.now, tt.limit, len(got), err, d)
			}
		}
		got, err := s.Retries(t.Context())
		if d := diff(got, []store.Retry{r2, r3, r1}); err != nil || d != "" {
			t.Errorf("Retries() = %d entries (error %v), want all, earliest due first:\n%s", len(got), err, d)
		}
	})
	t.Run("ReplaceAndDelete", func(t *testing.T) {
		s := open(t)
		mustPutRetry(t, s, r1)
		mustPutRetry(t, s, r2)
		later := r1
		later.Attempts, later.Due, later.LastError = 2, at(5*time.Hour), "timeout"
		mustPutRetry(t, s, later)
		got, err := s.Retries(t.Context())
		if d := diff(got, []store.Retry{r2, later}); err != nil || d != "" {
			t.Errorf("Retries() after replacing r1 (error %v):\n%s", err, d)
		}
		for range 2 { // deleting what is gone is no error
			if err := s.DeleteRetry(t.Context(), r1.ID); err != nil {
				t.Errorf("DeleteRetry(%s) = %v, want no error", r1.ID, err)
			}
		}
		got, err = s.Retries(t.Context())
		if d := diff(got, []store.Retry{r2}); err != nil || d != "" {
			t.Errorf("Retries() after DeleteRetry(r1) (error %v):\n%s", err, d)
		}
	})
	t.Run("Empty", func(t *testing.T) {
		s := open(t)
		if got, err := s.Retries(t.Context()); err != nil || len(got) != 0 {
			t.Errorf("Retries() of an empty store = %v, %v, want none and no error", got, err)
		}
		if err := s.DeleteRetry(t.Context(), "0123456789abcdef0123456789abcdef"); err != nil {
			t.Errorf("DeleteRetry of an unknown id = %v, want no error", err)
		}
		if err := s.PutRetry(t.Context(), store.Retry{URL: storyURL(1), Due: at(0)}); err == nil {
			t.Errorf("PutRetry of an entry without id = nil, want an error")
		}
	})
}

func mustPutRetry(t *testing.T, s interface {
	PutRetry(context.Context, store.Retry) error
}, r store.Retry) {
	t.Helper()
	if err := s.PutRetry(t.Context(), r); err != nil {
		t.Fatalf("PutRetry(%s) = %v, want no error", r.ID, err)
	}
}
