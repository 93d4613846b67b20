// Package crawler turns feeds into stored, rule-checked stories: the
// pipeline feed item -> article -> flags -> store.
//
// One Crawler serves both the one-shot crawl and the daemon: PollFeed runs
// the whole pipeline for one feed (conditional feed fetch and parse,
// fetch of every new item's page, main-text extraction with
// crawler/extract, rules, store) and Crawl runs it over many feeds at
// once, host by host. The feed's state is recorded on every poll: its
// error class and score, the "broken" mark, its item dates and
// publishing rate, what it asks about its polling (feedstate.go,
// rate.go). Article pages that failed for a passing reason are fetched
// again later (RetryArticles, retry.go).
//
// The network side lives in crawler/fetch (transport, politeness, error
// classes, feed and page fetch, feed parsing); when to poll each feed, for
// the daemon, in crawler/schedule.
package crawler

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/newshound/newshound/crawler/dedupe"
	"github.com/newshound/newshound/crawler/extract"
	"github.com/newshound/newshound/crawler/fetch"
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
	// error wrapping fetch.ErrTooManyItems, found before the full parse.
	// Default fetch.DefaultMaxFeedItems.
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
	// Coordinator shares the hosts with the other crawler processes of
	// the store: this one sends requests only to the hosts it owns and
	// hands the articles of the others to their owners (coord.go).
	// Default AllHosts: every host is this process's own.
	Coordinator Coordinator
}

// DefaultRetryDelays are the default Options.RetryDelays: three more
// attempts after 1h, 6h and 24h.
var DefaultRetryDelays = []time.Duration{time.Hour, 6 * time.Hour, 24 * time.Hour}

func (o *Options) defaults() {
	if o.UserAgent == "" {
		o.UserAgent = "newshound"
	}
	if o.Timeout <= 0 {
		o.Timeout = fetch.DefaultTimeout
	}
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = fetch.DefaultMaxBodyBytes
	}
	if o.MaxFeedItems <= 0 {
		o.MaxFeedItems = fetch.DefaultMaxFeedItems
	}
	if o.HostConcurrency <= 0 {
		o.HostConcurrency = fetch.DefaultHostConcurrency
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
	if o.Coordinator == nil {
		o.Coordinator = AllHosts{}
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
	// Interval, when non-zero, replaces the adaptive interval of a
	// schedule.Scheduler for this feed; the feed's own ttl or
	// Cache-Control still wins when it asks for longer.
	Interval time.Duration
}

// Crawler runs the pipeline. It is safe for concurrent use; create it with
// New and keep one for the life of the process.
type Crawler struct {
	opts      Options
	log       *slog.Logger
	store     Store
	matcher   atomic.Pointer[Matcher]
	fetch     *fetch.Fetcher
	retries   RetryStore // nil when the store keeps no retry index
	extractor *extract.Extractor
	signer    *dedupe.Signer
	sem       chan struct{}
	inflight  sync.Map // article id -> chan struct{} closed when stored
	now       func() time.Time
	coord     Coordinator
}

// New builds a Crawler. ctx is the root context handed once to colly,
// which keeps it for every article request: cancelling it stops them.
// When st is also a fetch.PauseStore (as *store.Store is), host pauses
// are kept there across processes (see fetch.Options.Pauses); when it is
// a RetryStore, failed article pages are fetched again later.
func New(ctx context.Context, opts Options, st Store, m Matcher) (*Crawler, error) {
	opts.defaults()
	fo := opts.fetchOptions()
	fo.Pauses, _ = st.(fetch.PauseStore)
	f, err := fetch.New(ctx, fo)
	if err != nil {
		return nil, err
	}
	c := &Crawler{
		opts:      opts,
		log:       opts.Logger.With("component", "crawler"),
		store:     st,
		fetch:     f,
		extractor: &extract.Extractor{MaxBytes: opts.MaxBodyBytes, Logger: opts.Logger},
		signer:    dedupe.New(dedupe.Options{}),
		sem:       make(chan struct{}, opts.Workers),
		now:       opts.Now,
		coord:     opts.Coordinator,
	}
	c.retries, _ = st.(RetryStore)
	c.SetMatcher(m)
	return c, nil
}

// fetchOptions are the options of o that the fetch package takes.
func (o *Options) fetchOptions() fetch.Options {
	return fetch.Options{
		UserAgent:            o.UserAgent,
		Timeout:              o.Timeout,
		MaxBodyBytes:         o.MaxBodyBytes,
		HostConcurrency:      o.HostConcurrency,
		HostDelay:            o.HostDelay,
		AllowPrivateNetworks: o.AllowPrivateNetworks,
		Now:                  o.Now,
		Logger:               o.Logger,
	}
}

// SetMatcher replaces the rules applied to new stories (on config reload).
func (c *Crawler) SetMatcher(m Matcher) { c.matcher.Store(&m) }

// NewClient returns fetch.NewClient for the fetch options of opts (user
// agent, timeout, body cap, politeness, private networks), for a request
// made outside a Crawler, such as feed discovery when adding a feed. opts
// takes the defaults of New.
func NewClient(opts Options) *http.Client {
	opts.defaults()
	return fetch.NewClient(opts.fetchOptions())
}

// Client returns the client every feed request of c goes through, sharing
// its per-host politeness: for requests made beside the crawl, such as
// feed discovery in the daemon.
func (c *Crawler) Client() *http.Client { return c.fetch.Client() }

// FetchPage fetches one article page the way the crawler does (robots.txt,
// politeness, address guard, size cap), for `rules test --url`.
func (c *Crawler) FetchPage(ctx context.Context, rawURL string) (*fetch.Page, error) {
	return c.fetch.Page(ctx, rawURL)
}

// Coordinator returns Options.Coordinator (AllHosts by default).
func (c *Crawler) Coordinator() Coordinator { return c.coord }

// Store returns the store given to New.
func (c *Crawler) Store() Store { return c.store }

// Now returns the current time on the crawler's clock (Options.Now), the
// one every schedule decision follows.
func (c *Crawler) Now() time.Time { return c.now() }

// Logger returns the crawler's logger, with its component attribute.
func (c *Crawler) Logger() *slog.Logger { return c.log }
