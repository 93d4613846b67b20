package simweb

import (
	"net/url"
	"strings"
	"testing"

	"github.com/temoto/robotstxt"
)

func TestRobotsDisallowsPrivateArticle(t *testing.T) {
	w := newWeb(t, Options{Hosts: 4, ArticlesPerHost: 12, Seed: 3})
	robots := map[string]*robotstxt.RobotsData{}
	for _, h := range w.Hosts() {
		resp, body := fetch(t, h+"/robots.txt", nil)
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
			t.Fatalf("GET %s/robots.txt = %d %q, want 200 text/plain", h, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		if !strings.Contains(string(body), "Disallow: /private/") {
			t.Errorf("%s/robots.txt = %q, want it to disallow /private/", h, body)
		}
		r, err := robotstxt.FromBytes(body)
		if err != nil {
			t.Fatalf("parse %s/robots.txt: %v", h, err)
		}
		robots[strings.TrimPrefix(h, "http://")] = r
	}
	disallowed := map[string]int{}
	for _, a := range w.Articles() {
		u, err := url.Parse(a.URL)
		if err != nil {
			t.Fatal(err)
		}
		allowed := robots[u.Host].TestAgent(u.Path, "newshound")
		if allowed == a.Disallowed {
			t.Errorf("robots.txt allows %s = %v, want %v", a.URL, allowed, !a.Disallowed)
		}
		if a.Disallowed {
			disallowed[u.Host]++
			if !a.Flag {
				t.Errorf("disallowed article %s is %s, want a flag story", a.URL, a.Kind)
			}
		}
	}
	for host := range robots {
		if disallowed[host] != 1 {
			t.Errorf("host %s has %d disallowed articles, want 1", host, disallowed[host])
		}
	}
}
