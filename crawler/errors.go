package crawler

import "errors"

// Sentinel errors of the pipeline. Fetch and parse failures wrap the
// sentinels of crawler/fetch (fetch.ErrParse, fetch.ErrHostPaused, ...)
// or a *fetch.HTTPError instead; classify them with fetch.Classify.
var (
	// ErrNoLink: a feed item has no usable article link.
	ErrNoLink = errors.New("feed item has no link")
)
