package simweb

import (
	"fmt"
	"math/rand/v2"
	"net/http/httptest"
	"strings"
	"time"
)

// site is one simulated news site and its server.
type site struct {
	web        *Web
	index      int
	name       string
	hostport   string // 127.0.0.1:PORT
	base       string // http://127.0.0.1:PORT
	srv        *httptest.Server
	rng        *rand.Rand // guarded by web.mu after New
	validators Validators // guarded by web.mu

	feeds     []*feed
	feedPaths map[string]*feed
	articles  []*article
	pages     map[string]*article
}

// article is an Article with its path and rendered page.
type article struct {
	Article
	path string
	page []byte
}

var siteNames = []string{
	"The Morning Ledger", "Metro Tribune", "Harbor Gazette", "The Daily Circuit",
	"Valley Courier", "The Northern Post", "Capital Dispatch", "The Evening Standard-Bearer",
}

var sections = []string{"Top stories", "Technology", "Business", "Privacy", "Markets", "World"}

// generate fills the site with its feeds and articles.
func (s *site) generate() {
	o := s.web.opts
	s.rng = rand.New(rand.NewPCG(uint64(o.Seed), uint64(s.index)+1))
	s.name = siteNames[s.index%len(siteNames)]
	if n := s.index / len(siteNames); n > 0 {
		s.name = fmt.Sprintf("%s %d", s.name, n+1)
	}
	s.feedPaths = make(map[string]*feed, o.FeedsPerHost)
	s.pages = make(map[string]*article, o.ArticlesPerHost)
	for f := range o.FeedsPerHost {
		format := o.Formats[(s.index+f)%len(o.Formats)]
		fd := &feed{
			site:   s,
			format: format,
			path:   fmt.Sprintf("/feeds/%d%s", f, format.ext()),
			title:  s.name + " - " + sections[f%len(sections)],
		}
		fd.url = s.base + fd.path
		s.feeds = append(s.feeds, fd)
		s.feedPaths[fd.path] = fd
	}
	kinds := s.kinds(o.ArticlesPerHost)
	private := privateIndex(kinds)
	published := o.Now
	for i, k := range kinds {
		if i > 0 {
			published = published.Add(-time.Hour - time.Duration(s.rng.IntN(5*3600))*time.Second)
		}
		a := s.newArticle(k, published, s.feeds[i%len(s.feeds)], i == private)
		s.feeds[i%len(s.feeds)].items = append(s.feeds[i%len(s.feeds)].items, a)
	}
	for _, a := range s.articles {
		a.page = s.renderPage(a)
	}
	for _, fd := range s.feeds {
		fd.render()
	}
}

// kinds returns n story kinds: each block of six holds every kind once, in a
// shuffled order.
func (s *site) kinds(n int) []Kind {
	out := make([]Kind, 0, n)
	for len(out) < n {
		for _, k := range s.rng.Perm(int(numKinds)) {
			out = append(out, Kind(k))
		}
	}
	return out[:n]
}

// privateIndex picks the article that lives under /private/: the first
// KindFlag story after the first article, else the second article; -1 when
// there are fewer than two.
func privateIndex(kinds []Kind) int {
	if len(kinds) < 2 {
		return -1
	}
	for i := 1; i < len(kinds); i++ {
		if kinds[i] == KindFlag {
			return i
		}
	}
	return 1
}

// newArticle writes a story and registers it on the site.
func (s *site) newArticle(k Kind, published time.Time, fd *feed, private bool) *article {
	w := write(s.rng, k)
	id := len(s.articles) + 1
	dir := published.Format("/news/2006/01/")
	if private {
		dir = "/private/"
	}
	a := &article{path: fmt.Sprintf("%s%s-%d.html", dir, slug(w.title), id)}
	a.Article = Article{
		URL:        s.base + a.path,
		FeedURL:    fd.url,
		Title:      w.title,
		Author:     people[s.rng.IntN(len(people))],
		Published:  published,
		Summary:    w.paragraphs[0],
		Text:       strings.Join(w.paragraphs, "\n\n"),
		Kind:       k,
		Flag:       k == KindFlag,
		Disallowed: private,
	}
	s.articles = append(s.articles, a)
	s.pages[a.path] = a
	return a
}

// slug turns a title into at most eight lower-case words joined by hyphens.
func slug(title string) string {
	words := strings.FieldsFunc(strings.ToLower(title), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
	return strings.Join(words[:min(8, len(words))], "-")
}
