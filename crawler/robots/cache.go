package robots

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"sync"
	"time"

	"github.com/temoto/robotstxt"
)

// Cache answers whether a page may be fetched. It is safe for concurrent
// use; create it with New.
type Cache struct {
	opts Options

	mu    sync.Mutex
	hosts map[string]*entry // by scheme://host:port
}

// entry is one host's robots.txt, or the fetch of it in flight.
type entry struct {
	ready     chan struct{} // closed once the fields below are set
	group     *robotstxt.Group
	err       error // ErrUnavailable (wrapped) while the host is to be asked later
	cancelled bool  // the fetch was cut short by its caller's context
	expires   time.Time
}

// New returns an empty Cache.
func New(opts Options) *Cache {
	opts.defaults()
	return &Cache{opts: opts, hosts: map[string]*entry{}}
}

// Allowed returns nil when u may be fetched, an error wrapping
// ErrDisallowed when robots.txt forbids it, and one wrapping
// ErrUnavailable when robots.txt cannot be read now (fetch u later). It
// fetches robots.txt at most once per host per MaxAge, or per RetryAfter
// after a failure; an error of ctx is returned as is.
func (c *Cache) Allowed(ctx context.Context, u *url.URL) error {
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil
	}
	key := u.Scheme + "://" + u.Host
	var e *entry
	for {
		var fetch bool
		e, fetch = c.lookup(key)
		if fetch {
			c.fill(ctx, e, key)
		}
		select {
		case <-e.ready:
		case <-ctx.Done():
			return ctx.Err()
		}
		if !e.cancelled {
			break
		}
		// The caller that fetched gave up; ask again with our context.
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	if e.err != nil {
		return e.err
	}
	if !e.group.Test(u.RequestURI()) {
		return fmt.Errorf("%s: %w", u, ErrDisallowed)
	}
	return nil
}

// lookup returns the live entry for key, or a new one the caller must
// fill (fetch is then true).
func (c *Cache) lookup(key string) (e *entry, fetch bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.opts.Now()
	if e, ok := c.hosts[key]; ok {
		select {
		case <-e.ready:
			if now.Before(e.expires) {
				return e, false
			}
		default:
			return e, false // in flight
		}
	}
	if len(c.hosts) >= c.opts.MaxHosts {
		c.evict(now)
	}
	e = &entry{ready: make(chan struct{})}
	c.hosts[key] = e
	return e, true
}

// evict drops expired entries, then the oldest half if still full.
// c.mu is held.
func (c *Cache) evict(now time.Time) {
	type aged struct {
		key string
		exp time.Time
	}
	var done []aged
	for k, e := range c.hosts {
		select {
		case <-e.ready:
			if !now.Before(e.expires) {
				delete(c.hosts, k)
			} else {
				done = append(done, aged{k, e.expires})
			}
		default:
		}
	}
	if len(c.hosts) < c.opts.MaxHosts {
		return
	}
	sort.Slice(done, func(i, j int) bool { return done[i].exp.Before(done[j].exp) })
	for _, a := range done[:len(done)/2] {
		delete(c.hosts, a.key)
	}
}

// fill fetches key's robots.txt into e and marks it ready. A cancelled
// ctx leaves nothing cached, so the next caller asks again.
func (c *Cache) fill(ctx context.Context, e *entry, key string) {
	group, err := c.fetch(ctx, key)
	now := c.opts.Now()
	switch {
	case ctx.Err() != nil:
		c.mu.Lock()
		if c.hosts[key] == e {
			delete(c.hosts, key)
		}
		c.mu.Unlock()
		e.cancelled, e.expires = true, now
	case err != nil:
		e.err, e.expires = err, now.Add(c.opts.RetryAfter)
	default:
		e.group, e.expires = group, now.Add(c.opts.MaxAge)
	}
	close(e.ready)
}

// fetch reads and parses key's robots.txt.
func (c *Cache) fetch(ctx context.Context, key string) (*robotstxt.Group, error) {
	ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	robotsURL := key + "/robots.txt"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, robotsURL, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %w", robotsURL, ErrUnavailable, err)
	}
	req.Header.Set("Accept", "text/plain, */*;q=0.5")
	resp, err := c.opts.Client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s: %w (the page is fetched later): %w", robotsURL, ErrUnavailable, err)
	}
	defer resp.Body.Close()
	switch s := resp.StatusCode; {
	case s >= 500 || s == http.StatusTooManyRequests:
		return nil, fmt.Errorf("%s answered %d %s: %w (the page is fetched later)", robotsURL, s, http.StatusText(s), ErrUnavailable)
	case s >= 400:
		return allowAll(), nil
	case s < 200 || s > 299:
		return nil, fmt.Errorf("%s answered %d %s: %w (the page is fetched later)", robotsURL, s, http.StatusText(s), ErrUnavailable)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.opts.MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w (the page is fetched later): %w", robotsURL, ErrUnavailable, err)
	}
	if int64(len(body)) > c.opts.MaxBytes {
		// Cut: keep whole lines only, as the search engines do.
		body = body[:min(int64(len(body)), c.opts.MaxBytes)]
		if i := bytes.LastIndexByte(body, '\n'); i >= 0 {
			body = body[:i+1]
		}
	}
	data, perr := robotstxt.FromBytes(body)
	if perr != nil {
		return allowAll(), nil // unreadable rules restrict nothing
	}
	return data.FindGroup(c.opts.Agent), nil
}

func allowAll() *robotstxt.Group {
	data, _ := robotstxt.FromBytes(nil)
	return data.FindGroup(DefaultAgent)
}
