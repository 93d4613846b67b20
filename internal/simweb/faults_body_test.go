package simweb

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestFaultCustomBody(t *testing.T) {
	w := newWeb(t, Options{Hosts: 1})
	feed := w.FeedURLs()[0]
	err := w.SetFault(feed, Fault{
		Body:        []byte("%PDF-1.7 not a feed"),
		ContentType: "application/pdf",
		Header:      map[string]string{"X-Simweb": "yes"},
	})
	if err != nil {
		t.Fatal(err)
	}
	resp, body := fetch(t, feed, nil)
	if resp.StatusCode != 200 || string(body) != "%PDF-1.7 not a feed" {
		t.Errorf("GET = %d %q, want 200 and the custom body", resp.StatusCode, body)
	}
	if got := resp.Header.Get("Content-Type"); got != "application/pdf" {
		t.Errorf("Content-Type = %q, want application/pdf", got)
	}
	if got := resp.Header.Get("X-Simweb"); got != "yes" {
		t.Errorf("X-Simweb = %q, want yes", got)
	}
	if resp.Header.Get("ETag") != "" {
		t.Errorf("custom body sent the feed's ETag, want none")
	}
	// A custom path that the site does not serve otherwise.
	if err := w.SetFault(w.Hosts()[0]+"/huge.xml", Fault{Status: 500, Body: []byte("oops")}); err != nil {
		t.Fatal(err)
	}
	if resp, body := fetch(t, w.Hosts()[0]+"/huge.xml", nil); resp.StatusCode != 500 || string(body) != "oops" {
		t.Errorf("GET custom path = %d %q, want 500 \"oops\"", resp.StatusCode, body)
	}
}

func TestFaultRedirect(t *testing.T) {
	w := newWeb(t, Options{Hosts: 2})
	feeds := w.FeedURLs()
	if err := w.SetFault(feeds[0], Redirect(feeds[1])); err != nil {
		t.Fatal(err)
	}
	resp, _ := fetch(t, feeds[0], nil)
	if resp.StatusCode != 200 || resp.Request.URL.String() != feeds[1] {
		t.Errorf("GET redirected feed ended at %s with %d, want %s with 200", resp.Request.URL, resp.StatusCode, feeds[1])
	}
	loop := w.Hosts()[0] + "/loop"
	if err := w.SetFault(loop, Redirect(loop)); err != nil {
		t.Fatal(err)
	}
	if _, err := http.Get(loop); err == nil || !strings.Contains(err.Error(), "redirects") {
		t.Errorf("GET redirect loop = %v, want a too-many-redirects error", err)
	}
}

func TestFaultDrip(t *testing.T) {
	w := newWeb(t, Options{Hosts: 1})
	short, long := w.Hosts()[0]+"/short", w.Hosts()[0]+"/long"
	if err := w.SetFault(short, Fault{Body: []byte("abc"), Drip: time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	if err := w.SetFault(long, Fault{Body: make([]byte, 1000), Drip: time.Second}); err != nil {
		t.Fatal(err)
	}
	if _, body := fetch(t, short, nil); string(body) != "abc" {
		t.Errorf("dripped body = %q, want \"abc\"", body)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, long, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET dripping URL: %v, want headers at once", err)
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	if !errors.Is(err, context.DeadlineExceeded) || len(got) >= 1000 {
		t.Errorf("read dripping body = %d bytes, %v; want a deadline error before the end", len(got), err)
	}
}
