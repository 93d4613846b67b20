package discover_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/crawler/discover"
	"github.com/newshound/newshound/crawler/fetch"
	"github.com/newshound/newshound/internal/simweb"
)

const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>%s</title><link>http://x/</link>
<item><title>One</title><link>http://x/1</link></item></channel></rss>`

const atomFeed = `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Blog</title>
<entry><title>A</title><link href="http://x/a"/><id>a</id><updated>2025-01-01T00:00:00Z</updated></entry></feed>`

const jsonFeed = `{"version": "https://jsonfeed.org/version/1.1", "title": "JSON", "items": [{"id": "1", "url": "http://x/1", "title": "One"}]}`

func page(head string) string {
	return "<!DOCTYPE html><html><head><title>Site</title>" + head + "</head><body><p>hello</p></body></html>"
}

// site serves fixed bodies by path and records every path asked for.
func site(t *testing.T, routes map[string]string) (*httptest.Server, *[]string) {
	t.Helper()
	var asked []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked = append(asked, r.URL.Path)
		body, ok := routes[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		switch {
		case strings.HasPrefix(body, "<!DOCTYPE"):
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		case strings.HasPrefix(body, "{"):
			w.Header().Set("Content-Type", "application/feed+json")
		default:
			w.Header().Set("Content-Type", "application/xml")
		}
		w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv, &asked
}

func finder(allowPrivate bool) *discover.Finder {
	return &discover.Finder{Client: fetch.NewClient(fetch.Options{AllowPrivateNetworks: allowPrivate, Timeout: 5 * time.Second})}
}

func TestFind(t *testing.T) {
	tests := []struct {
		name   string
		routes map[string]string
		start  string
		want   string // path of the feed found
		via    string
		title  string
		others int
	}{
		{"the address is a feed", map[string]string{"/rss.php": strings.Replace(rss, "%s", "Direct", 1)}, "/rss.php", "/rss.php", discover.ViaDirect, "Direct", 0},
		{"a relative rss link", map[string]string{
			"/":               page(`<link rel="alternate" type="application/rss+xml" href="feeds/main.xml"><link rel="alternate" type="application/rss+xml" href="/comments.xml">`),
			"/feeds/main.xml": strings.Replace(rss, "%s", "Main", 1),
		}, "/", "/feeds/main.xml", discover.ViaLink, "Main", 1},
		{"a broken link, then a good one", map[string]string{
			"/":          page(`<link rel="alternate" type="application/atom+xml" href="/gone.xml"><LINK REL="Alternate Feed" TYPE="application/atom+xml; charset=utf-8" HREF="/blog.atom">`),
			"/blog.atom": atomFeed,
		}, "/", "/blog.atom", discover.ViaLink, "Blog", 0},
		{"json feed link under base href", map[string]string{
			"/news/today.html": page(`<base href="/json/"><link rel="stylesheet" href="x.css"><link rel="alternate" type="application/json" href="nope.json"><link rel="alternate" type="application/feed+json" href="feed.json">`),
			"/json/feed.json":  jsonFeed,
		}, "/news/today.html", "/json/feed.json", discover.ViaLink, "JSON", 0},
		{"a common path beside the page", map[string]string{
			"/blog/":     page(""),
			"/blog/feed": atomFeed,
			"/rss":       strings.Replace(rss, "%s", "Root", 1),
		}, "/blog/", "/blog/feed", discover.ViaPath, "Blog", 0},
		{"a common path at the root", map[string]string{
			"/about/us.html": page(""),
			"/index.xml":     strings.Replace(rss, "%s", "Index", 1),
		}, "/about/us.html", "/index.xml", discover.ViaPath, "Index", 0},
		{"a feed served as html", map[string]string{"/feed": strings.Replace(rss, "%s", "Mislabelled", 1)}, "/feed", "/feed", discover.ViaDirect, "Mislabelled", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, _ := site(t, tt.routes)
			got, err := finder(true).Find(t.Context(), srv.URL+tt.start)
			if err != nil {
				t.Fatalf("Find(%s) = %v", tt.start, err)
			}
			if got.URL != srv.URL+tt.want || got.Via != tt.via || got.Title != tt.title || got.Items != 1 || len(got.Others) != tt.others {
				t.Errorf("Find(%s) = %+v, want URL %s via %s title %q, 1 item, %d others", tt.start, got, srv.URL+tt.want, tt.via, tt.title, tt.others)
			}
		})
	}
}

func TestFindFails(t *testing.T) {
	srv, asked := site(t, map[string]string{
		"/":           page(`<link rel="alternate" type="application/rss+xml" href="/broken.xml">`),
		"/broken.xml": "<rss><channel><title>cut",
		"/plain":      "just some text",
	})
	_, err := finder(true).Find(t.Context(), srv.URL+"/")
	if !errors.Is(err, discover.ErrNoFeed) || !strings.Contains(err.Error(), "broken.xml") || !strings.Contains(err.Error(), "/atom.xml") {
		t.Errorf("Find(page with a broken feed) = %v, want ErrNoFeed naming broken.xml and the paths tried", err)
	}
	if n := len(*asked); n != 2+len(discover.CommonPaths) {
		t.Errorf("Find made %d requests %v, want %d: page, link, common paths", n, *asked, 2+len(discover.CommonPaths))
	}
	_, err = finder(true).Find(t.Context(), srv.URL+"/missing")
	var he *fetch.HTTPError
	if !errors.As(err, &he) || he.StatusCode != 404 {
		t.Errorf("Find(404) = %v, want an HTTPError 404", err)
	}
	if _, err := finder(true).Find(t.Context(), srv.URL+"/plain"); err == nil || !strings.Contains(err.Error(), "neither a readable feed nor a web page") {
		t.Errorf("Find(text) = %v, want 'neither a readable feed nor a web page'", err)
	}
	if _, err := finder(true).Find(t.Context(), "ftp://example.com/"); err == nil || !strings.Contains(err.Error(), "not an http or https address") {
		t.Errorf("Find(ftp) = %v, want a clear refusal", err)
	}
}

func TestFindRefusesPrivateAddresses(t *testing.T) {
	srv, asked := site(t, map[string]string{"/rss": strings.Replace(rss, "%s", "x", 1)})
	_, err := finder(false).Find(t.Context(), srv.URL+"/rss")
	if err == nil || errors.Is(err, discover.ErrNoFeed) {
		t.Fatalf("Find(loopback) without allow_private_networks = %v, want the guard's refusal", err)
	}
	if len(*asked) != 0 {
		t.Errorf("the guard let %d requests through to loopback", len(*asked))
	}
}

func TestFindSimweb(t *testing.T) {
	web := simweb.New(simweb.Options{Hosts: 1, FeedsPerHost: 2})
	defer web.Close()
	got, err := finder(true).Find(t.Context(), web.Hosts()[0]+"/")
	if err != nil {
		t.Fatal(err)
	}
	feeds := web.Feeds()
	if got.URL != feeds[0].URL || got.Title != feeds[0].Title || len(got.Others) != 1 || got.Others[0] != feeds[1].URL {
		t.Errorf("Find(simweb home) = %+v, want %s (%q) and the other feed", got, feeds[0].URL, feeds[0].Title)
	}
}
