// Package fetch gets feeds and article pages from the web politely and
// safely, and reads feed bodies; it is the crawler's one way out to the
// network.
//
// Every request goes through one transport (transport.go) that refuses
// private addresses after DNS, sets the user agent, keeps per-host
// politeness (limiter.go: concurrency, delay, and a pause after a 429 or a
// 503 with Retry-After) and caps bodies after decompression. A Fetcher
// adds the conditional feed GET (feed.go), the article page fetch through
// colly with robots.txt checked first (article.go), and the feed parser:
// gofeed behind a shape scan (feedscan.go) and a repair of broken bodies
// (feedrepair.go). Failures are typed (errors.go) and classified for the
// feed's error state and for article retries (classify.go); what a feed
// asks about its own polling rate is read here too (hints.go).
//
// It knows nothing of rules, articles or schedules: package crawler ties
// a Fetcher to them.
package fetch

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/newshound/newshound/crawler/robots"
	"github.com/newshound/newshound/store"
)

// Options configure a Fetcher or a client from NewClient. Zero values take
// the documented defaults.
type Options struct {
	// UserAgent is sent with every request. Default "newshound".
	UserAgent string
	// Timeout bounds one request, body included. Default 30s.
	Timeout time.Duration
	// MaxBodyBytes caps a body after decompression; a larger body is an
	// error wrapping ErrBodyTooLarge. Default 10 MiB.
	MaxBodyBytes int64
	// HostConcurrency is the most requests in flight to one host.
	// Default 2.
	HostConcurrency int
	// HostDelay is the least time between two request starts on one
	// host. Zero means no delay.
	HostDelay time.Duration
	// AllowPrivateNetworks permits loopback, private and link-local
	// addresses. Default false: they are refused after DNS.
	AllowPrivateNetworks bool
	// Now returns the current time for host pauses, Retry-After and
	// robots.txt lifetimes. Default time.Now. Waits between requests
	// (HostDelay) always use the real clock.
	Now func() time.Time
	// Logger receives the fetcher's logs. Default: discarded.
	Logger *slog.Logger
	// Pauses, if set, keeps host pauses across processes: New loads the
	// pauses still running from it, and every new or longer pause is
	// saved there. Default nil: pauses last as long as the Fetcher.
	Pauses PauseStore
}

// The defaults of Options, also those of the configuration (fetch.timeout,
// fetch.max_body_bytes, fetch.host_concurrency) and of the crawler.
const (
	DefaultTimeout         = 30 * time.Second
	DefaultMaxBodyBytes    = 10 << 20
	DefaultHostConcurrency = 2
)

func (o *Options) defaults() {
	if o.UserAgent == "" {
		o.UserAgent = "newshound"
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if o.HostConcurrency <= 0 {
		o.HostConcurrency = DefaultHostConcurrency
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
}

// PauseStore keeps host pauses (429, or 503 with Retry-After) across
// processes; *store.Store implements it. With it the next crawl, or a
// daemon started later, sends nothing to a paused host before its time.
type PauseStore interface {
	HostPauses(ctx context.Context, now time.Time) ([]store.HostPause, error)
	PutHostPause(ctx context.Context, p store.HostPause) error
}

// Fetcher fetches feeds and article pages through one guarded, polite
// client. It is safe for concurrent use; create it with New.
type Fetcher struct {
	opts     Options
	log      *slog.Logger
	client   *http.Client
	limiter  *hostLimiter
	articles *articleFetcher
}

// New builds a Fetcher. ctx is the root context handed once to colly,
// which keeps it for every article request: cancelling it stops them.
// With Options.Pauses set, the pauses still running are loaded first.
func New(ctx context.Context, opts Options) (*Fetcher, error) {
	opts.defaults()
	limiter := newHostLimiter(opts.HostConcurrency, opts.HostDelay)
	limiter.now = opts.Now
	tr := newTransport(opts, limiter)
	f := &Fetcher{
		opts:    opts,
		log:     opts.Logger.With("component", "crawler"),
		client:  &http.Client{Transport: tr, Timeout: opts.Timeout, CheckRedirect: checkRedirect},
		limiter: limiter,
	}
	if opts.Pauses != nil {
		if err := f.keepPauses(ctx, opts.Pauses); err != nil {
			return nil, err
		}
	}
	rc := robots.New(robots.Options{Client: f.client, Agent: robots.DefaultAgent, Timeout: opts.Timeout, Now: opts.Now})
	af, err := newArticleFetcher(ctx, opts, tr, rc)
	if err != nil {
		return nil, err
	}
	f.articles = af
	return f, nil
}

// keepPauses loads the host pauses still running from ps into the
// limiter, and has the limiter save every new or longer one there.
func (f *Fetcher) keepPauses(ctx context.Context, ps PauseStore) error {
	pauses, err := ps.HostPauses(ctx, f.opts.Now())
	if err != nil {
		return fmt.Errorf("crawler: load host pauses: %w", err)
	}
	for _, p := range pauses {
		f.limiter.restore(p.Host, p.Until)
		f.log.Info("host paused by an earlier run; nothing is sent to it until the pause ends", "host", p.Host, "until", p.Until.UTC(), "status", p.Status)
	}
	f.limiter.save = func(ctx context.Context, p store.HostPause) {
		if err := ps.PutHostPause(ctx, p); err != nil {
			f.log.Warn("host pause not saved; the next run may ask the host again before its time", "host", p.Host, "until", p.Until.UTC(), "error", err)
		}
	}
	return nil
}

// LoadPauses loads again the host pauses still running from
// Options.Pauses (saved there by another process, say), never shortening
// one the Fetcher holds; without Options.Pauses it does nothing.
func (f *Fetcher) LoadPauses(ctx context.Context) error {
	if f.opts.Pauses == nil {
		return nil
	}
	pauses, err := f.opts.Pauses.HostPauses(ctx, f.opts.Now())
	if err != nil {
		return fmt.Errorf("crawler: load host pauses: %w", err)
	}
	for _, p := range pauses {
		if f.limiter.restore(p.Host, p.Until) {
			f.log.Info("host paused by another process; nothing is sent to it until the pause ends", "host", p.Host, "until", p.Until.UTC(), "status", p.Status)
		}
	}
	return nil
}

// Client returns the client every feed request of f goes through, sharing
// its per-host politeness: for requests made beside the crawl, such as
// feed discovery in the daemon.
func (f *Fetcher) Client() *http.Client { return f.client }

// ReadyAt returns the earliest real time at which host may start its next
// request: the end of its HostDelay, or a time not after now when it could
// start one at once (a paused host is ready: its requests fail at once,
// with no request sent).
func (f *Fetcher) ReadyAt(host string) time.Time { return f.limiter.readyAt(host) }

// Hosts returns how many hosts the politeness limiter keeps state for:
// one small slot per host, never per URL, idle ones dropped past 1024.
func (f *Fetcher) Hosts() int {
	f.limiter.mu.Lock()
	defer f.limiter.mu.Unlock()
	return len(f.limiter.hosts)
}

// NewClient returns an HTTP client with the guarded transport, for a
// request made outside a Fetcher, such as feed discovery when adding a
// feed: private addresses refused after DNS unless
// opts.AllowPrivateNetworks, the user agent set, per-host politeness,
// bodies capped after decompression and redirect chains bounded.
// opts.Pauses is not used.
func NewClient(opts Options) *http.Client {
	opts.defaults()
	limiter := newHostLimiter(opts.HostConcurrency, opts.HostDelay)
	return &http.Client{Transport: newTransport(opts, limiter), Timeout: opts.Timeout, CheckRedirect: checkRedirect}
}

// maxRedirects bounds a redirect chain; a loop ends here with an error.
const maxRedirects = 10

func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= maxRedirects {
		return errTooManyRedirects(via[0].URL.String())
	}
	return nil
}
