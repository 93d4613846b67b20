package crawler

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestCrawlQueueOrder(t *testing.T) {
	feeds := []FeedSpec{
		{URL: "http://b.test/1"},
		{URL: "http://a.test/1"}, {URL: "http://a.test/2"}, {URL: "http://a.test/3"},
		{URL: "http://c.test/1"}, {URL: "http://c.test/2"},
	}
	tests := []struct {
		name    string
		perHost int
		want    string
	}{
		// The host with the most feeds left goes first; equals take turns.
		{"unbounded", 10, "a/1 c/1 a/2 b/1 c/2 a/3"},
		// With one feed per host in flight and none finishing, each host
		// gives one feed, then the queue waits (here: until ctx ends).
		{"one per host", 1, "a/1 c/1 b/1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := newCrawlQueue(feeds, readyAt{}, tt.perHost)
			ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
			defer cancel()
			var got []string
			for {
				i, _, ok := q.take(ctx)
				if !ok {
					break
				}
				got = append(got, strings.Replace(strings.TrimPrefix(feeds[i].URL, "http://"), ".test", "", 1))
			}
			if g := strings.Join(got, " "); g != tt.want {
				t.Errorf("take order = %q, want %q", g, tt.want)
			}
			if rest := len(q.rest()); rest != len(feeds)-len(got) {
				t.Errorf("rest() = %d feeds, want %d", rest, len(feeds)-len(got))
			}
		})
	}
}

// TestCrawlQueueWaitsForTheLimiter: a host whose delay has not passed is
// skipped while another is ready, and waited for when it is the only one.
func TestCrawlQueueWaitsForTheLimiter(t *testing.T) {
	const delay = 200 * time.Millisecond
	start := time.Now()
	l := readyAt{"a.test": start.Add(delay)} // a.test's next start is delay away
	feeds := []FeedSpec{{URL: "http://a.test/1"}, {URL: "http://a.test/2"}, {URL: "http://b.test/1"}}
	q := newCrawlQueue(feeds, l, 2)
	i, _, ok := q.take(t.Context())
	if !ok || feeds[i].URL != "http://b.test/1" {
		t.Fatalf("first take = %v (ok %v), want b.test, the host free now", feeds[i].URL, ok)
	}
	i, _, ok = q.take(t.Context())
	if !ok || feeds[i].URL != "http://a.test/1" {
		t.Fatalf("second take = %v (ok %v), want a.test/1", feeds[i].URL, ok)
	}
	// a.test was ready only delay after start.
	if waited := time.Since(start); waited < delay {
		t.Errorf("second take returned after %s, want it to wait for a.test's delay (%s)", waited, delay)
	}
}

// readyAt is a readier for tests: each host is ready at its time, and a
// host not in the map at once.
type readyAt map[string]time.Time

func (r readyAt) ReadyAt(host string) time.Time { return r[host] }
