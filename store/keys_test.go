package store

import (
	"bytes"
	"errors"
	"testing"
	"time"
)

func TestArticleID(t *testing.T) {
	a, b := ArticleID("https://news.example/a"), ArticleID("https://news.example/b")
	if len(a) != 32 {
		t.Errorf("len(ArticleID) = %d, want 32", len(a))
	}
	if a != ArticleID("https://news.example/a") {
		t.Errorf("ArticleID is not stable")
	}
	if a == b {
		t.Errorf("ArticleID(a) = ArticleID(b) = %s, want different", a)
	}
	// Pinned: ids are stored, so they must never change.
	if got, want := ArticleID("https://example.com/"), "0f115db062b7c0dd030b16878c99dea5"; got != want {
		t.Errorf("ArticleID(https://example.com/) = %s, want %s", got, want)
	}
}

func TestTimeKeyOrder(t *testing.T) {
	tests := []struct {
		name         string
		newer, older time.Time
	}{
		{"hours", t0, t0.Add(-time.Hour)},
		{"nanoseconds", t0.Add(time.Nanosecond), t0},
		{"before 1970", time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(1950, 1, 1, 0, 0, 0, 5, time.UTC)},
		{"across 1970", time.Unix(1, 0), time.Unix(-1, 999999999)},
		{"zero time", time.Unix(0, 0), time.Time{}},
		{"far future", time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC), t0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if c := bytes.Compare(timeKey(tt.newer), timeKey(tt.older)); c >= 0 {
				t.Errorf("Compare(timeKey(%v), timeKey(%v)) = %d, want < 0", tt.newer, tt.older, c)
			}
			for _, tm := range []time.Time{tt.newer, tt.older} {
				got, id, err := parseIndexKey(indexKey(tm, "abc"))
				if err != nil || !got.Equal(tm) || id != "abc" {
					t.Errorf("parseIndexKey(indexKey(%v, abc)) = %v, %q, %v; want %v, abc, nil", tm, got, id, err, tm)
				}
			}
		})
	}
}

func TestDecodeCursor(t *testing.T) {
	k := indexKey(t0, ArticleID("x"))
	got, err := decodeCursor(encodeCursor(k))
	if err != nil || !bytes.Equal(got, k) {
		t.Errorf("decodeCursor(encodeCursor(k)) = %x, %v; want %x, nil", got, err, k)
	}
	for _, bad := range []string{"!!", "AAAA", "not a cursor"} {
		if _, err := decodeCursor(bad); !errors.Is(err, ErrBadCursor) {
			t.Errorf("decodeCursor(%q) = %v, want ErrBadCursor", bad, err)
		}
	}
}
