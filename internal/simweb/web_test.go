package simweb

import (
	"html"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
)

func TestGroundTruthCounts(t *testing.T) {
	tests := []struct {
		name                        string
		opts                        Options
		hosts, feeds, articles, dis int
	}{
		{"defaults", Options{}, 3, 3, 30, 3},
		{"one article per host", Options{Hosts: 2, ArticlesPerHost: 1}, 2, 2, 2, 0},
		{"more feeds than articles", Options{Hosts: 2, ArticlesPerHost: 3, FeedsPerHost: 5}, 2, 10, 6, 2},
		{"pipeline benchmark size", Options{Hosts: 20, ArticlesPerHost: 50}, 20, 20, 1000, 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWeb(t, tt.opts)
			hosts := w.Hosts()
			if len(hosts) != tt.hosts {
				t.Errorf("len(Hosts) = %d, want %d", len(hosts), tt.hosts)
			}
			ports := map[string]bool{}
			for _, h := range hosts {
				u, err := url.Parse(h)
				if err != nil || u.Hostname() != "127.0.0.1" {
					t.Errorf("host %q, want http://127.0.0.1:PORT", h)
					continue
				}
				ports[u.Port()] = true
			}
			if len(ports) != tt.hosts {
				t.Errorf("distinct ports = %d, want %d", len(ports), tt.hosts)
			}
			if got := len(w.FeedURLs()); got != tt.feeds {
				t.Errorf("len(FeedURLs) = %d, want %d", got, tt.feeds)
			}
			arts := w.Articles()
			if len(arts) != tt.articles {
				t.Errorf("len(Articles) = %d, want %d", len(arts), tt.articles)
			}
			dis, flags, kinds := 0, 0, map[Kind]int{}
			urls := map[string]bool{}
			for _, a := range arts {
				if a.Disallowed {
					dis++
				}
				if a.Flag {
					flags++
				}
				kinds[a.Kind]++
				urls[a.URL] = true
			}
			if dis != tt.dis {
				t.Errorf("disallowed = %d, want %d", dis, tt.dis)
			}
			if len(urls) != len(arts) {
				t.Errorf("distinct URLs = %d, want %d", len(urls), len(arts))
			}
			if got := len(w.Flagged()); got != flags {
				t.Errorf("len(Flagged) = %d, want %d", got, flags)
			}
			if tt.opts.ArticlesPerHost >= 6 || tt.opts.ArticlesPerHost == 0 {
				for k := KindFlag; k < numKinds; k++ {
					if kinds[k] < tt.hosts {
						t.Errorf("kind %s appears %d times, want at least once per host", k, kinds[k])
					}
				}
			}
		})
	}
}

func TestDeterministicBySeed(t *testing.T) {
	strip := func(as []Article) []Article {
		out := make([]Article, len(as))
		for i, a := range as {
			a.URL, a.FeedURL = path(a.URL), path(a.FeedURL)
			out[i] = a
		}
		return out
	}
	a := New(Options{Seed: 5})
	b := New(Options{Seed: 5})
	c := New(Options{Seed: 6})
	defer a.Close()
	defer b.Close()
	defer c.Close()
	if !reflect.DeepEqual(strip(a.Articles()), strip(b.Articles())) {
		t.Errorf("two webs with seed 5 differ, want the same articles")
	}
	if reflect.DeepEqual(strip(a.Articles()), strip(c.Articles())) {
		t.Errorf("webs with seeds 5 and 6 are equal, want them to differ")
	}
}

func path(rawURL string) string {
	u, _ := url.Parse(rawURL)
	return u.Path
}

var tags = regexp.MustCompile(`(?s)<script.*?</script>|<[^>]*>`)

// pageText is everything a naive crawler would read on a page: all text
// outside tags.
func pageText(page []byte) string {
	return html.UnescapeString(tags.ReplaceAllString(string(page), " "))
}

func TestArticlePages(t *testing.T) {
	w := newWeb(t, Options{Hosts: 2, ArticlesPerHost: 12, Seed: 11})
	for _, a := range w.Articles() {
		t.Run(path(a.URL), func(t *testing.T) {
			resp, page := fetch(t, a.URL, nil)
			if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/html; charset=utf-8" {
				t.Fatalf("GET = %d %q, want 200 text/html", resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			s := string(page)
			for _, p := range strings.Split(a.Text, "\n\n") {
				if !strings.Contains(s, "<p>"+html.EscapeString(p)+"</p>") {
					t.Errorf("page lacks paragraph %q", p)
				}
			}
			for _, want := range []string{"<h1 class=\"headline\">" + html.EscapeString(a.Title), html.EscapeString(a.Author),
				"Share on Facebook", "Messenger", "our bank partners", "Related stories", "id=\"comments\"", "cookie-banner", "<footer"} {
				if !strings.Contains(s, want) {
					t.Errorf("page lacks %q", want)
				}
			}
			// The boilerplate is a real trap: read whole, every page matches.
			if !ruleMatches(pageText(page)) {
				t.Errorf("page text with boilerplate does not match the rule, want the trap to work")
			}
		})
	}
}

func TestIndexPage(t *testing.T) {
	w := newWeb(t, Options{Hosts: 1, ArticlesPerHost: 5, FeedsPerHost: 2})
	_, page := fetch(t, w.Hosts()[0]+"/", nil)
	for _, fd := range w.Feeds() {
		if !strings.Contains(string(page), `rel="alternate" type="`+fd.Format.mediaType()) || !strings.Contains(string(page), path(fd.URL)) {
			t.Errorf("home page does not announce feed %s", fd.URL)
		}
	}
	for _, a := range w.Articles() {
		if !strings.Contains(string(page), path(a.URL)) {
			t.Errorf("home page does not link %s", a.URL)
		}
	}
	if resp, _ := fetch(t, w.Hosts()[0]+"/no/such/page", nil); resp.StatusCode != 404 {
		t.Errorf("GET unknown path = %d, want 404", resp.StatusCode)
	}
}

func TestRequestLog(t *testing.T) {
	w := newWeb(t, Options{Hosts: 2, ArticlesPerHost: 4})
	arts := w.Articles()
	var wg sync.WaitGroup
	errs := make(chan error, len(arts))
	for _, a := range arts {
		wg.Go(func() {
			req, err := http.NewRequest(http.MethodGet, a.URL, nil)
			if err != nil {
				errs <- err
				return
			}
			req.Header.Set("User-Agent", "simweb-test/1")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				errs <- err
				return
			}
			_, err = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("concurrent GET: %v", err)
		}
	}
	_, feedBody := fetch(t, w.FeedURLs()[0], nil)
	fetch(t, w.Hosts()[0]+"/robots.txt", nil)
	fetch(t, w.Hosts()[0]+"/missing", nil)

	reqs := w.Requests()
	if len(reqs) != len(arts)+3 {
		t.Fatalf("len(Requests) = %d, want %d", len(reqs), len(arts)+3)
	}
	agents := 0
	for _, r := range reqs {
		if r.Header.Get("User-Agent") == "simweb-test/1" {
			agents++
			if r.Resource != ResourceArticle || r.Method != "GET" || r.Status != 200 || r.Time.IsZero() {
				t.Errorf("article request = %+v, want a recorded GET of an article answered 200", r)
			}
		}
	}
	if agents != len(arts) {
		t.Errorf("requests with the test user agent = %d, want %d", agents, len(arts))
	}
	if got := w.Stats(ResourceArticle).Requests; got != len(arts) {
		t.Errorf("Stats(article).Requests = %d, want %d", got, len(arts))
	}
	if got := w.Stats(ResourceFeed).Bytes; got != int64(len(feedBody)) {
		t.Errorf("Stats(feed).Bytes = %d, want %d", got, len(feedBody))
	}
	if got := w.Stats(ResourceOther); got.Requests != 1 || got.Errors != 1 {
		t.Errorf("Stats(other) = %+v, want 1 request, 1 error", got)
	}
	if got := w.Stats().Requests; got != len(reqs) {
		t.Errorf("Stats().Requests = %d, want %d", got, len(reqs))
	}
	if got := w.Hits(arts[0].URL); got != 1 {
		t.Errorf("Hits(%s) = %d, want 1", arts[0].URL, got)
	}
	w.Reset()
	if got := len(w.Requests()); got != 0 || w.Stats().Requests != 0 || w.Hits(arts[0].URL) != 0 {
		t.Errorf("after Reset: %d requests, stats %+v, want none", got, w.Stats())
	}
}

// TestScale builds the scheduler benchmark's web: 100 sites, 2,000 feeds.
func TestScale(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping 100 servers in -short mode")
	}
	w := newWeb(t, Options{Hosts: 100, FeedsPerHost: 20, ArticlesPerHost: 20})
	if got := len(w.FeedURLs()); got != 2000 {
		t.Fatalf("len(FeedURLs) = %d, want 2000", got)
	}
	last := w.FeedURLs()[1999]
	if resp, _ := fetch(t, last, nil); resp.StatusCode != 200 {
		t.Errorf("GET %s = %d, want 200", last, resp.StatusCode)
	}
}
