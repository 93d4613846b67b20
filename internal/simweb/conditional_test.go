package simweb

import (
	"bytes"
	"net/http"
	"testing"
	"time"
)

func TestConditionalGet(t *testing.T) {
	w := newWeb(t, Options{Hosts: 3})
	for _, feedURL := range w.FeedURLs() {
		t.Run(feedURL, func(t *testing.T) {
			resp, body := fetch(t, feedURL, nil)
			etag, lastMod := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
			if etag == "" || lastMod == "" {
				t.Fatalf("ETag = %q, Last-Modified = %q, want both set", etag, lastMod)
			}
			lm, err := http.ParseTime(lastMod)
			if err != nil {
				t.Fatalf("Last-Modified %q: %v", lastMod, err)
			}
			tests := []struct {
				name   string
				header map[string]string
				want   int
			}{
				{"no validators", nil, 200},
				{"matching etag", map[string]string{"If-None-Match": etag}, 304},
				{"weak etag in a list", map[string]string{"If-None-Match": `"x", W/` + etag}, 304},
				{"other etag", map[string]string{"If-None-Match": `"stale"`}, 200},
				{"same date", map[string]string{"If-Modified-Since": lastMod}, 304},
				{"later date", map[string]string{"If-Modified-Since": lm.Add(time.Hour).Format(http.TimeFormat)}, 304},
				{"earlier date", map[string]string{"If-Modified-Since": lm.Add(-time.Second).Format(http.TimeFormat)}, 200},
				{"etag wins over date", map[string]string{"If-None-Match": `"stale"`, "If-Modified-Since": lastMod}, 200},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					resp, got := fetch(t, feedURL, tt.header)
					if resp.StatusCode != tt.want {
						t.Fatalf("status = %d, want %d", resp.StatusCode, tt.want)
					}
					if tt.want == 304 && len(got) != 0 {
						t.Errorf("304 body = %d bytes, want 0", len(got))
					}
					if tt.want == 200 && !bytes.Equal(got, body) {
						t.Errorf("200 body differs from the first response")
					}
				})
			}
		})
	}
	if got := w.Stats(ResourceFeed).NotModified; got != 3*4 {
		t.Errorf("Stats(feed).NotModified = %d, want %d", got, 3*4)
	}
}

func TestValidatorModes(t *testing.T) {
	w := newWeb(t, Options{Hosts: 3})
	feeds := w.FeedURLs()
	if err := w.SetValidators(w.Hosts()[1], ValidatorsIgnored); err != nil {
		t.Fatal(err)
	}
	if err := w.SetValidators(w.Hosts()[2], ValidatorsNone); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		feed        string
		wantHeaders bool
		wantStatus  int
	}{
		{feeds[0], true, 304},
		{feeds[1], true, 200},
		{feeds[2], false, 200},
	}
	for _, tt := range tests {
		t.Run(tt.feed, func(t *testing.T) {
			first, body := fetch(t, tt.feed, nil)
			etag := first.Header.Get("ETag")
			if (etag != "") != tt.wantHeaders || (first.Header.Get("Last-Modified") != "") != tt.wantHeaders {
				t.Fatalf("validators sent = %v, want %v", etag != "", tt.wantHeaders)
			}
			resp, got := fetch(t, tt.feed, map[string]string{
				"If-None-Match":     etag,
				"If-Modified-Since": first.Header.Get("Last-Modified"),
			})
			if resp.StatusCode != tt.wantStatus {
				t.Errorf("conditional status = %d, want %d", resp.StatusCode, tt.wantStatus)
			}
			if tt.wantStatus == 200 && !bytes.Equal(got, body) {
				t.Errorf("repeated body differs, want the same bytes")
			}
		})
	}
	if err := w.SetValidators("http://127.0.0.1:1", ValidatorsNone); err == nil {
		t.Errorf("SetValidators(unknown host) = nil, want an error")
	}
}

func TestFeedTTL(t *testing.T) {
	w := newWeb(t, Options{Hosts: 1, FeedTTL: 45 * time.Minute})
	resp, body := fetch(t, w.FeedURLs()[0], nil)
	if got := resp.Header.Get("Cache-Control"); got != "max-age=2700" {
		t.Errorf("Cache-Control = %q, want max-age=2700", got)
	}
	if !bytes.Contains(body, []byte("<ttl>45</ttl>")) {
		t.Errorf("RSS body has no <ttl>45</ttl>")
	}
}

func TestAddFeedItem(t *testing.T) {
	w := newWeb(t, Options{Hosts: 2, ArticlesPerHost: 4})
	feedURL := w.FeedURLs()[1]
	first, _ := fetch(t, feedURL, nil)
	before := len(w.Articles())

	a, err := w.AddFeedItem(feedURL, Post{Kind: KindBankBreach})
	if err != nil {
		t.Fatalf("AddFeedItem: %v", err)
	}
	if a.FeedURL != feedURL || a.Flag || a.Kind != KindBankBreach {
		t.Errorf("new article = %+v, want feed %s, kind bank-breach, not flagged", a, feedURL)
	}
	if got := len(w.Articles()); got != before+1 {
		t.Errorf("len(Articles) = %d, want %d", got, before+1)
	}
	resp, body := fetch(t, feedURL, map[string]string{"If-None-Match": first.Header.Get("ETag")})
	if resp.StatusCode != 200 {
		t.Fatalf("conditional GET after publishing = %d, want 200", resp.StatusCode)
	}
	if !bytes.Contains(body, []byte(a.URL)) {
		t.Errorf("feed does not list the new article %s", a.URL)
	}
	if lm, _ := http.ParseTime(resp.Header.Get("Last-Modified")); !lm.Equal(a.Published) {
		t.Errorf("Last-Modified = %v, want %v", lm, a.Published)
	}
	if resp, _ := fetch(t, a.URL, nil); resp.StatusCode != 200 {
		t.Errorf("GET new article = %d, want 200", resp.StatusCode)
	}
	if got := w.Feeds()[1].Articles[0]; got != a.URL {
		t.Errorf("newest item = %s, want %s", got, a.URL)
	}

	custom, err := w.AddFeedItem(feedURL, Post{Kind: KindTech, Title: "A custom story", Text: "One.\n\nTwo.", Disallowed: true})
	if err != nil {
		t.Fatalf("AddFeedItem(custom): %v", err)
	}
	if custom.Title != "A custom story" || custom.Summary != "One." || !custom.Disallowed {
		t.Errorf("custom article = %+v, want its title, summary \"One.\" and Disallowed", custom)
	}
	if _, err := w.AddFeedItem("http://127.0.0.1:1/feed.xml", Post{}); err == nil {
		t.Errorf("AddFeedItem(unknown feed) = nil error, want one")
	}
	if _, err := w.AddFeedItem(feedURL, Post{Kind: Kind(99)}); err == nil {
		t.Errorf("AddFeedItem(Kind 99) = nil error, want one")
	}
}

func TestGzip(t *testing.T) {
	w := newWeb(t, Options{Hosts: 1, Gzip: true})
	plain := newWeb(t, Options{Hosts: 1})
	for _, u := range []string{w.FeedURLs()[0], w.Articles()[0].URL} {
		resp, body := fetch(t, u, nil) // Go's transport asks for gzip and decodes it
		if !resp.Uncompressed {
			t.Errorf("GET %s was not gzip-encoded", u)
		}
		if got := w.Stats().Bytes; got <= 0 || got >= int64(len(body)) {
			t.Errorf("Stats().Bytes = %d, want fewer than the %d bytes decoded", got, len(body))
		}
		w.Reset()
		_, want := fetch(t, plain.Hosts()[0]+path(u), nil)
		body = bytes.ReplaceAll(body, []byte(w.Hosts()[0]), []byte(plain.Hosts()[0]))
		if !bytes.Equal(body, want) {
			t.Errorf("decoded body of %s differs from the uncompressed site's", u)
		}
		resp, _ = fetch(t, u, map[string]string{"Accept-Encoding": "identity"})
		if resp.Header.Get("Content-Encoding") != "" {
			t.Errorf("GET %s with identity got Content-Encoding %q", u, resp.Header.Get("Content-Encoding"))
		}
		w.Reset()
	}
}
