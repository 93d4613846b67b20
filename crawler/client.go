package crawler

import "net/http"

// NewClient returns an HTTP client with the crawler's guarded transport,
// for a request made outside a Crawler, such as feed discovery when
// adding a feed: private addresses refused after DNS unless
// opts.AllowPrivateNetworks, the user agent set, per-host politeness,
// bodies capped after decompression and redirect chains bounded. opts
// takes the defaults of New.
func NewClient(opts Options) *http.Client {
	opts.defaults()
	tr := newTransport(opts, newHostLimiter(opts.HostConcurrency, opts.HostDelay))
	return &http.Client{Transport: tr, Timeout: opts.Timeout, CheckRedirect: checkRedirect}
}

// Client returns the client every feed request of c goes through, sharing
// its per-host politeness: for requests made beside the crawl, such as
// feed discovery in the daemon.
func (c *Crawler) Client() *http.Client { return c.client }
