package store

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

func TestRetries(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	if got, err := s.DueRetries(ctx, t0, 0); err != nil || len(got) != 0 {
		t.Fatalf("DueRetries on a new store = %v, %v; want none (the bucket does not exist yet)", got, err)
	}
	a := Retry{ID: "a", URL: "https://a.example/1", Attempts: 1, Due: t0.Add(time.Hour), LastError: "timeout"}
	b := Retry{ID: "b", URL: "https://b.example/1", Attempts: 2, Due: t0.Add(-time.Minute)}
	c := Retry{ID: "c", URL: "https://c.example/1", Attempts: 1, Due: t0}
	for _, r := range []Retry{a, b, c} {
		if err := s.PutRetry(ctx, r); err != nil {
			t.Fatalf("PutRetry(%s) = %v", r.ID, err)
		}
	}
	tests := []struct {
		name  string
		now   time.Time
		limit int
		want  []Retry
	}{
		{"before any", t0.Add(-time.Hour), 0, nil},
		{"two due, earliest first", t0, 0, []Retry{b, c}},
		{"limit", t0, 1, []Retry{b}},
		{"all due", t0.Add(2 * time.Hour), 0, []Retry{b, c, a}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.DueRetries(ctx, tt.now, tt.limit)
			if err != nil || !equalRetries(got, tt.want) {
				t.Errorf("DueRetries(%s, %d) = %+v, %v; want %+v", tt.now, tt.limit, got, err, tt.want)
			}
		})
	}
	b.Attempts, b.Due = 3, t0.Add(24*time.Hour)
	if err := s.PutRetry(ctx, b); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteRetry(ctx, "c"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteRetry(ctx, "c"); err != nil {
		t.Errorf("DeleteRetry(absent) = %v, want nil", err)
	}
	all, err := s.Retries(ctx)
	if err != nil || !equalRetries(all, []Retry{a, b}) {
		t.Errorf("Retries() = %+v, %v; want [a b] (b replaced, c deleted)", all, err)
	}
	if err := s.PutRetry(ctx, Retry{}); err == nil {
		t.Errorf("PutRetry(no id) = nil, want an error")
	}
}

func TestRetriesSurviveReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "news.db")
	s, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := Retry{ID: "x", URL: "https://x.example/", Attempts: 1, Due: t0}
	if err := s.PutRetry(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	ro, err := Open(context.Background(), path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	got, err := ro.Retries(context.Background())
	if err != nil || !equalRetries(got, []Retry{r}) {
		t.Errorf("Retries() after reopen = %+v, %v; want [%+v]", got, err, r)
	}
	if err := ro.Check(context.Background()); err != nil {
		t.Errorf("Check() with a retry bucket = %v, want nil", err)
	}
}

func equalRetries(got, want []Retry) bool {
	if len(got) == 0 && len(want) == 0 {
		return true
	}
	for i := range got {
		got[i].Due = got[i].Due.UTC()
	}
	return reflect.DeepEqual(got, want)
}
