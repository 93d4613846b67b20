package simweb

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
)

func TestFaults(t *testing.T) {
	w := newWeb(t, Options{Hosts: 3, ArticlesPerHost: 4})
	feeds := w.FeedURLs()
	arts := w.Articles()
	tests := []struct {
		name       string
		url        string
		fault      Fault
		wantStatus int
		wantRetry  string
	}{
		{"404 article", arts[0].URL, NotFound(), 404, ""},
		{"503 feed", feeds[0], Unavailable("120"), 503, "120"},
		{"429 feed with date", feeds[1], TooManyRequests("Wed, 21 Oct 2026 07:28:00 GMT"), 429, "Wed, 21 Oct 2026 07:28:00 GMT"},
		{"503 robots", w.Hosts()[2] + "/robots.txt", Unavailable(""), 503, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := w.SetFault(tt.url, tt.fault); err != nil {
				t.Fatal(err)
			}
			resp, _ := fetch(t, tt.url, nil)
			if resp.StatusCode != tt.wantStatus {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.wantStatus)
			}
			if got := resp.Header.Get("Retry-After"); got != tt.wantRetry {
				t.Errorf("Retry-After = %q, want %q", got, tt.wantRetry)
			}
		})
	}
	// Other URLs are unaffected, and ClearFaults ends every fault.
	if resp, _ := fetch(t, arts[1].URL, nil); resp.StatusCode != 200 {
		t.Errorf("unfaulted article status = %d, want 200", resp.StatusCode)
	}
	w.ClearFaults()
	if resp, _ := fetch(t, arts[0].URL, nil); resp.StatusCode != 200 {
		t.Errorf("after ClearFaults status = %d, want 200", resp.StatusCode)
	}
}

func TestFaultTimesAndHost(t *testing.T) {
	w := newWeb(t, Options{Hosts: 2, ArticlesPerHost: 3})
	if err := w.SetHostFault(w.Hosts()[0], Fault{Status: 503, RetryAfter: "1", Times: 2}); err != nil {
		t.Fatal(err)
	}
	feed, other := w.FeedURLs()[0], w.FeedURLs()[1]
	want := []int{503, 503, 200}
	for i, code := range want {
		if resp, _ := fetch(t, feed, nil); resp.StatusCode != code {
			t.Errorf("request %d status = %d, want %d", i+1, resp.StatusCode, code)
		}
	}
	if resp, _ := fetch(t, other, nil); resp.StatusCode != 200 {
		t.Errorf("other host status = %d, want 200", resp.StatusCode)
	}
	if err := w.SetFault("http://127.0.0.1:1/x", NotFound()); err == nil {
		t.Errorf("SetFault(foreign URL) = nil, want an error")
	}
	if err := w.SetHostFault("example.invalid:80", NotFound()); err == nil {
		t.Errorf("SetHostFault(foreign host) = nil, want an error")
	}
}

func TestMalformedFeedsFailToParse(t *testing.T) {
	w := newWeb(t, Options{Hosts: 5})
	for _, fd := range w.Feeds() {
		t.Run(fd.Format.String(), func(t *testing.T) {
			if err := w.SetFault(fd.URL, Malformed()); err != nil {
				t.Fatal(err)
			}
			resp, body := fetch(t, fd.URL, nil)
			if resp.StatusCode != 200 {
				t.Fatalf("status = %d, want 200", resp.StatusCode)
			}
			if _, err := gofeed.NewParser().Parse(bytes.NewReader(body)); err == nil {
				t.Errorf("gofeed Parse(malformed %s) = nil error, want one", fd.Format)
			}
		})
	}
}

func TestSlowFault(t *testing.T) {
	w := newWeb(t, Options{Hosts: 1})
	feed := w.FeedURLs()[0]
	if err := w.SetFault(feed, Slow(time.Minute)); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, feed, nil)
	_, err := http.DefaultClient.Do(req)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("GET slow feed = %v, want context.DeadlineExceeded", err)
	}
	// Close must not wait for the minute to pass.
	done := make(chan struct{})
	go func() { w.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Close blocked on a slow request")
	}
}

func TestUnreachableURL(t *testing.T) {
	u, err := UnreachableURL("/feed.xml")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(u, "http://127.0.0.1:") || !strings.HasSuffix(u, "/feed.xml") {
		t.Fatalf("UnreachableURL = %q, want a loopback URL ending in /feed.xml", u)
	}
	_, err = http.Get(u)
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("GET %s = %v, want connection refused", u, err)
	}
}
