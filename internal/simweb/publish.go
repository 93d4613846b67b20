package simweb

import (
	"fmt"
	"net"
	"time"
)

// Post describes a story to publish with AddFeedItem. The zero Post
// publishes a generated KindFlag story one hour after the feed's newest item.
type Post struct {
	// Kind picks the story template when Text is empty, and labels the
	// story in the ground truth.
	Kind Kind
	// Title, Author and Text replace the generated ones when non-empty;
	// Text is paragraphs separated by blank lines. Flag is still derived
	// from Kind, so give a custom text the Kind it deserves.
	Title, Author, Text string
	// Published is the publication time. Zero means one hour after the
	// newest item of the feed (or the web's Now when the feed is empty).
	Published time.Time
	// Disallowed puts the page under the robots-disallowed /private/.
	Disallowed bool
}

// AddFeedItem publishes a new story at the top of the feed at feedURL: its
// page is served at once, and the feed's body, ETag and Last-Modified change
// so that a conditional request gets the new version. It returns the new
// article's ground truth.
func (w *Web) AddFeedItem(feedURL string, p Post) (Article, error) {
	if p.Kind < 0 || p.Kind >= numKinds {
		return Article{}, fmt.Errorf("simweb: add feed item: unknown story kind %d; use one of the Kind constants", int(p.Kind))
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	fd := w.feedByURL(feedURL)
	if fd == nil {
		return Article{}, fmt.Errorf("simweb: add feed item: %q is not a feed of this simulated web; use one from FeedURLs", feedURL)
	}
	s := fd.site
	published := p.Published.UTC().Truncate(time.Second)
	if p.Published.IsZero() {
		published = w.opts.Now
		if len(fd.items) > 0 {
			published = fd.items[0].Published.Add(time.Hour)
		}
	}
	a := s.newArticle(p.Kind, published, fd, p.Disallowed)
	if p.Title != "" {
		a.Title = p.Title
	}
	if p.Author != "" {
		a.Author = p.Author
	}
	if p.Text != "" {
		a.Text = p.Text
		a.Summary = firstParagraph(p.Text)
	}
	a.page = s.renderPage(a)
	fd.items = append([]*article{a}, fd.items...)
	fd.render()
	return a.Article, nil
}

// feedByURL finds a feed. Called with w.mu held.
func (w *Web) feedByURL(feedURL string) *feed {
	for _, s := range w.sites {
		for _, f := range s.feeds {
			if f.url == feedURL {
				return f
			}
		}
	}
	return nil
}

func firstParagraph(text string) string {
	for i := 0; i+1 < len(text); i++ {
		if text[i] == '\n' && text[i+1] == '\n' {
			return text[:i]
		}
	}
	return text
}

// SetValidators changes how one site, given as a base URL from Hosts or as
// host:port, answers conditional requests for its feeds.
func (w *Web) SetValidators(host string, v Validators) error {
	s, err := w.site(host)
	if err != nil {
		return fmt.Errorf("simweb: set validators: %w", err)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	s.validators = v
	return nil
}

// UnreachableURL returns an http URL with the given path on a loopback port
// where nothing listens: it opens a listener, notes its address and closes
// it, so connecting fails at once with "connection refused". The port could
// in principle be reused by another program later. It fails only when no
// loopback port can be opened.
func UnreachableURL(path string) (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("simweb: unreachable url: %w", err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		return "", fmt.Errorf("simweb: unreachable url: %w", err)
	}
	return "http://" + addr + path, nil
}
