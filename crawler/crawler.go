// Package crawler fetches feeds and their articles and turns them into
// stored, rule-checked stories.
//
// One Crawler serves both the one-shot crawl and the daemon: PollFeed runs
// the whole pipeline for one feed (conditional feed fetch with net/http,
// parse with gofeed, fetch of every new item's page with colly, main-text
// extraction, rules, store) and Crawl runs it over many feeds at once.
// Every request goes through one transport that refuses private addresses
// after DNS, keeps per-host politeness (concurrency, delay, and a pause
// after a 429 or a 503 with Retry-After), and caps bodies after
// decompression; article pages are checked against robots.txt first
// (crawler/robots).
//
// For the daemon, a Scheduler polls each feed on an interval adapted to
// its publishing rate and to what the feed asks for, backs off after
// failures (classified by Classify and weighed towards a "broken" mark),
// stores its plan on the feed so a restart resumes it, and fetches again
// the article pages that failed for a passing reason (RetryArticles).
package crawler

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/newshound/newshound/crawler/dedupe"
	"github.com/newshound/newshound/crawler/extract"
	"github.com/newshound/newshound/crawler/robots"
	"github.com/newshound/newshound/rules"
	"github.com/newshound/newshound/store"
)

// Options configure a Crawler. Zero values take the documented defaults.
type Options struct {
	// UserAgent is sent with every request. Default "newshound".
	UserAgent string
	// Timeout bounds one request, body included. Default 30s.
	Timeout time.Duration
	// MaxBodyBytes caps a body after decompression; a larger body is an
	// error. Default 10 MiB.
	MaxBodyBytes int64
	// MaxFeedItems caps the items of one feed; a feed with more is an
	// error wrapping ErrTooManyItems, found before the full parse.
	// Default DefaultMaxFeedItems.
	MaxFeedItems int
	// HostConcurrency is the most requests in flight to one host.
	// Default 2.
	HostConcurrency int
	// HostDelay is the least time between two request starts on one
	// host. Zero means no delay.
	HostDelay time.Duration
	// AllowPrivateNetworks permits loopback, private and link-local
	// addresses. Default false: they are refused after DNS.
	AllowPrivateNetworks bool
	// Workers bounds article fetches in flight across all feeds.
	// Default 16.
	Workers int
	// FeedWorkers bounds feeds polled at once by Crawl. Default 8.
	FeedWorkers int
	// Now returns the current time for every schedule decision (host
	// pauses, robots.txt lifetimes, article retries, polling intervals).
	// Default time.Now; tests set a controllable clock. Waits between
	// requests (HostDelay) always use the real clock.
	Now func() time.Time
	// RetryDelays are the waits before each new attempt at an article page
	// that failed for a passing reason (timeout, 5xx, robots.txt
	// unavailable, ...); their number bounds the attempts. Default
	// DefaultRetryDelays. A Retry-After from the host is waited out first.
	RetryDelays []time.Duration
	// Logger receives the crawler's logs. Default slog.Default().
	Logger *slog.Logger
	// Observer, if set, receives measurements for metrics (observe.go).
	Observer Observer
}

// DefaultRetryDelays are the default Options.RetryDelays: three more
// attempts after 1h, 6h and 24h.
var DefaultRetryDelays = []time.Duration{time.Hour, 6 * time.Hour, 24 * time.Hour}

// DefaultMaxFeedItems is the default Options.MaxFeedItems.
const DefaultMaxFeedItems = 5000

func (o *Options) defaults() {
	if o.UserAgent == "" {
		o.UserAgent = "newshound"
	}
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = 10 << 20
	}
	if o.MaxFeedItems <= 0 {
		o.MaxFeedItems = DefaultMaxFeedItems
	}
	if o.HostConcurrency <= 0 {
		o.HostConcurrency = 2
	}
	if o.Workers <= 0 {
		o.Workers = 16
	}
	if o.FeedWorkers <= 0 {
		o.FeedWorkers = 8
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if len(o.RetryDelays) == 0 {
		o.RetryDelays = DefaultRetryDelays
	}
}

// Store is what the crawler needs from the database; *store.Store
// implements it.
type Store interface {
	Feed(ctx context.Context, url string) (store.Feed, error)
	PutFeed(ctx context.Context, f store.Feed) error
	HasArticle(ctx context.Context, id string) (bool, error)
	PutArticle(ctx context.Context, a *store.Article) error
	AddArticle(ctx context.Context, a *store.Article) (bool, error)
	AddSource(ctx context.Context, id string, f store.FeedRef) error
}

// RetryStore is the store's article retry index and the article reads a
// retry needs; *store.Store implements it. When the Store given to New
// does not, failed article pages are not fetched again.
type RetryStore interface {
	Article(ctx context.Context, id string) (*store.Article, error)
	PutRetry(ctx context.Context, r store.Retry) error
	DeleteRetry(ctx context.Context, id string) error
	DueRetries(ctx context.Context, now time.Time, limit int) ([]store.Retry, error)
}

// PauseStore keeps host pauses (429, or 503 with Retry-After) across
// processes; *store.Store implements it. When the Store given to New does,
// New loads the pauses still running and every new or longer pause is
// saved, so the next crawl, or a daemon started later, sends nothing to a
// paused host before its time. Otherwise pauses last as long as the
// Crawler.
type PauseStore interface {
	HostPauses(ctx context.Context, now time.Time) ([]store.HostPause, error)
	PutHostPause(ctx context.Context, p store.HostPause) error
}

// Matcher decides which rules flag a document; *rules.Set implements it.
type Matcher interface {
	Match(doc *rules.Doc) []rules.Hit
}

// FeedSpec is one feed to poll.
type FeedSpec struct {
	// URL is the feed's address.
	URL string
	// Name is a display name used when the feed has no title.
	Name string
	// Interval, when non-zero, replaces the Scheduler's adaptive interval
	// for this feed; the feed's own ttl or Cache-Control still wins when
	// it asks for longer.
	Interval time.Duration
}

// Crawler runs the pipeline. It is safe for concurrent use; create it with
// New and keep one for the life of the process.
type Crawler struct {
	opts      Options
	log       *slog.Logger
	store     Store
	matcher   atomic.Pointer[Matcher]
	client    *http.Client
	limiter   *hostLimiter
	retries   RetryStore // nil when the store keeps no retry index
	articles  *articleFetcher
	extractor *extract.Extractor
	signer    *dedupe.Signer
	sem       chan struct{}
	inflight  sync.Map // article id -> chan struct{} closed when stored
	now       func() time.Time
}

// New builds a Crawler. ctx is the root context handed once to colly,
// which keeps it for every article request: cancelling it stops them.
func New(ctx context.Context, opts Options, st Store, m Matcher) (*Crawler, error) {
	opts.defaults()
	limiter := newHostLimiter(opts.HostConcurrency, opts.HostDelay)
	limiter.now = opts.Now
	tr := newTransport(opts, limiter)
	c := &Crawler{
		opts:      opts,
		log:       opts.Logger.With("component", "crawler"),
		store:     st,
		client:    &http.Client{Transport: tr, Timeout: opts.Timeout, CheckRedirect: checkRedirect},
		limiter:   limiter,
		extractor: &extract.Extractor{MaxBytes: opts.MaxBodyBytes, Logger: opts.Logger},
		signer:    dedupe.New(dedupe.Options{}),
		sem:       make(chan struct{}, opts.Workers),
		now:       opts.Now,
	}
	c.retries, _ = st.(RetryStore)
	if ps, ok := st.(PauseStore); ok {
		if err := c.keepPauses(ctx, ps); err != nil {
			return nil, err
		}
	}
	c.SetMatcher(m)
	rc := robots.New(robots.Options{Client: c.client, Agent: robots.DefaultAgent, Timeout: opts.Timeout, Now: opts.Now})
	af, err := newArticleFetcher(ctx, opts, tr, rc)
	if err != nil {
		return nil, err
	}
	c.articles = af
	return c, nil
}

// keepPauses loads the host pauses still running from ps into the
// limiter, and has the limiter save every new or longer one there.
func (c *Crawler) keepPauses(ctx context.Context, ps PauseStore) error {
	pauses, err := ps.HostPauses(ctx, c.now())
	if err != nil {
		return fmt.Errorf("crawler: load host pauses: %w", err)
	}
	for _, p := range pauses {
		c.limiter.restore(p.Host, p.Until)
		c.log.Info("host paused by an earlier run; nothing is sent to it until the pause ends", "host", p.Host, "until", p.Until.UTC(), "status", p.Status)
	}
	c.limiter.save = func(ctx context.Context, p store.HostPause) {
		if err := ps.PutHostPause(ctx, p); err != nil {
			c.log.Warn("host pause not saved; the next run may ask the host again before its time", "host", p.Host, "until", p.Until.UTC(), "error", err)
		}
	}
	return nil
}

// SetMatcher replaces the rules applied to new stories (on config reload).
func (c *Crawler) SetMatcher(m Matcher) { c.matcher.Store(&m) }

// maxRedirects bounds a redirect chain; a loop ends here with an error.
const maxRedirects = 10

func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= maxRedirects {
		return errTooManyRedirects(via[0].URL.String())
	}
	return nil
}
