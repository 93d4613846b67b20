package simweb

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"time"
)

// Article is the ground truth of one simulated story.
type Article struct {
	// URL is the article page's absolute URL.
	URL string
	// FeedURL is the feed that lists the article.
	FeedURL string
	// Title and Author are as shown on the page and in the feed (RSS 0.91
	// items carry no author).
	Title, Author string
	// Published is the publication time, whole seconds in UTC (RSS 0.91
	// items carry no date).
	Published time.Time
	// Summary is the feed item's text: the story's lead paragraph.
	Summary string
	// Text is the story's main text: its paragraphs joined by blank lines,
	// without title, byline or any boilerplate.
	Text string
	// Kind is the story template's label.
	Kind Kind
	// Flag reports whether a bank-and-Facebook data-sharing rule must flag
	// the story (Kind == KindFlag). Such a story's Summary alone also
	// matches, so it is flagged even when its page cannot be fetched.
	Flag bool
	// Disallowed reports whether robots.txt forbids fetching the page.
	Disallowed bool
}

// Feed is the ground truth of one simulated feed.
type Feed struct {
	// URL is the feed's absolute URL.
	URL string
	// Title is the feed's own title.
	Title string
	// Host is the site's base URL, as in Hosts.
	Host string
	// Format is the feed's format.
	Format Format
	// Articles are the URLs of the feed's items, newest first.
	Articles []string
}

// Web is a running simulated web. Create it with New or Open and stop it
// with Close.
type Web struct {
	opts      Options
	done      chan struct{}
	closeOnce sync.Once

	mu     sync.RWMutex // guards sites' feeds, articles and settings
	sites  []*site
	byHost map[string]*site // by host:port

	faults faultTable
	log    requestLog
}

// New is Open for tests: it panics, as httptest.NewServer does, when a
// loopback port cannot be opened.
func New(opts Options) *Web {
	w, err := Open(opts)
	if err != nil {
		panic(err)
	}
	return w
}

// Open generates the sites described by opts and starts one server per site
// on its own 127.0.0.1 port. Call Close when done. It fails only when a port
// cannot be opened, for example when Hosts exceeds the open-file limit.
func Open(opts Options) (*Web, error) {
	opts = opts.withDefaults()
	w := &Web{
		opts:   opts,
		done:   make(chan struct{}),
		byHost: make(map[string]*site, opts.Hosts),
		faults: faultTable{byKey: map[string]*Fault{}},
	}
	for h := range opts.Hosts {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			for _, s := range w.sites {
				s.srv.Listener.Close()
			}
			return nil, fmt.Errorf("simweb: open site %d of %d: %w; lower Options.Hosts or raise the open-file limit", h+1, opts.Hosts, err)
		}
		s := &site{web: w, index: h, validators: opts.Validators}
		s.srv = &httptest.Server{Listener: l, Config: &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}}
		s.hostport = l.Addr().String()
		s.base = "http://" + s.hostport
		s.generate()
		w.sites = append(w.sites, s)
		w.byHost[s.hostport] = s
	}
	for _, s := range w.sites {
		s.srv.Start()
	}
	return w, nil
}

// Close stops every server, first releasing requests held by a slow fault.
// It is safe to call more than once.
func (w *Web) Close() {
	w.closeOnce.Do(func() {
		close(w.done)
		for _, s := range w.sites {
			s.srv.CloseClientConnections()
			s.srv.Close()
		}
	})
}

// Hosts returns each site's base URL ("http://127.0.0.1:PORT"), in order.
func (w *Web) Hosts() []string {
	out := make([]string, len(w.sites))
	for i, s := range w.sites {
		out[i] = s.base
	}
	return out
}

// FeedURLs returns every feed's URL, site by site.
func (w *Web) FeedURLs() []string {
	w.mu.RLock()
	defer w.mu.RUnlock()
	var out []string
	for _, s := range w.sites {
		for _, f := range s.feeds {
			out = append(out, f.url)
		}
	}
	return out
}

// Feeds returns the ground truth of every feed, site by site.
func (w *Web) Feeds() []Feed {
	w.mu.RLock()
	defer w.mu.RUnlock()
	var out []Feed
	for _, s := range w.sites {
		for _, f := range s.feeds {
			fd := Feed{URL: f.url, Title: f.title, Host: s.base, Format: f.format}
			for _, a := range f.items {
				fd.Articles = append(fd.Articles, a.URL)
			}
			out = append(out, fd)
		}
	}
	return out
}

// Articles returns the ground truth of every article, site by site in the
// order they were published on the site (generated ones newest first, then
// those added by AddFeedItem).
func (w *Web) Articles() []Article {
	w.mu.RLock()
	defer w.mu.RUnlock()
	var out []Article
	for _, s := range w.sites {
		for _, a := range s.articles {
			out = append(out, a.Article)
		}
	}
	return out
}

// Flagged returns the URLs of the articles whose Flag is true, sorted.
func (w *Web) Flagged() []string {
	var out []string
	for _, a := range w.Articles() {
		if a.Flag {
			out = append(out, a.URL)
		}
	}
	slices.Sort(out)
	return out
}
