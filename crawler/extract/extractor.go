package extract

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"runtime/debug"
	"time"

	"golang.org/x/net/html"
)

// Default limits used when the Extractor fields are zero.
const (
	DefaultMaxBytes      = 5 << 20
	DefaultMaxElements   = 200_000
	DefaultMaxParagraphs = 5_000
)

// Extractor turns fetched article pages into a Result. The zero value is ready to use;
// an Extractor holds no state between calls and is safe for concurrent use.
type Extractor struct {
	// MaxBytes caps the size of the (undecoded) body. Zero means DefaultMaxBytes (5 MiB);
	// a negative value disables the cap. Larger bodies fail with ErrTooLarge.
	MaxBytes int64

	// MaxElements caps the number of HTML elements of the page. Zero means
	// DefaultMaxElements (200,000); a negative value disables the cap. Larger pages
	// fail with ErrTooManyElements, before the extraction libraries see them.
	MaxElements int

	// MaxParagraphs caps the number of <p> elements of the page. Zero means
	// DefaultMaxParagraphs (5,000: the evaluation pages have at most 697); a
	// negative value disables the cap. go-trafilatura's work grows with the square
	// of the paragraphs (1.1 MB of 10,000 short ones took 2.7 s); pages with more
	// fail with ErrTooManyElements.
	MaxParagraphs int

	// Strategy selects how the main text is found. The zero value, StrategyAuto, is the
	// best one measured on the evaluation data (see BENCHMARKS.md, section Extraction).
	Strategy Strategy

	// Logger receives debug records about each extraction (decoding, strategy, timing).
	// Nil means no logging.
	Logger *slog.Logger
}

// Extract decodes body (an HTTP response body whose Content-Type header is contentType,
// possibly empty), parses it once and extracts the main text and metadata. pageURL is
// the URL the page was fetched from (after redirects); it may be nil.
//
// Extract checks ctx only before starting: the extraction libraries cannot be
// interrupted, which is why input size and element count are capped. A panic inside
// them is recovered and returned as an error wrapping ErrPanic. Errors wrap the
// sentinels ErrTooLarge, ErrTooManyElements, ErrNotHTML, ErrNoContent and ErrPanic;
// with ErrNoContent the Result with the metadata found is returned too.
func (e *Extractor) Extract(ctx context.Context, body []byte, contentType string, pageURL *url.URL) (res *Result, err error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("extract: %s: %w", urlString(pageURL), err)
	}
	start := time.Now()
	if max := e.maxBytes(); max > 0 && int64(len(body)) > max {
		return nil, fmt.Errorf("%w: %s is %d bytes, the limit is %d (raise Extractor.MaxBytes)",
			ErrTooLarge, urlString(pageURL), len(body), max)
	}
	if err := checkHTML(body, contentType); err != nil {
		return nil, fmt.Errorf("%w (%s)", err, urlString(pageURL))
	}
	defer func() {
		if v := recover(); v != nil {
			res, err = nil, fmt.Errorf("%w on %s: %v", ErrPanic, urlString(pageURL), v)
			e.logger().Error("extraction panicked", "article_url", urlString(pageURL),
				"panic", fmt.Sprint(v), "stack", string(debug.Stack()))
		}
	}()
	text, dec := decode(body, contentType)
	maxElems := e.maxElements()
	if maxElems > 0 && countTagOpenings(text) > maxElems {
		return nil, fmt.Errorf("%w: %s has more than %d elements (raise Extractor.MaxElements)",
			ErrTooManyElements, urlString(pageURL), maxElems)
	}
	doc, err := html.Parse(bytes.NewReader(text))
	if err != nil {
		return nil, fmt.Errorf("extract: parse %s: %w", urlString(pageURL), err)
	}
	n, paras := prepareTree(doc)
	if maxElems > 0 && n > maxElems {
		return nil, fmt.Errorf("%w: %s has %d elements, the limit is %d (raise Extractor.MaxElements)",
			ErrTooManyElements, urlString(pageURL), n, maxElems)
	}
	if limit := e.maxParagraphs(); limit > 0 && paras > limit {
		return nil, fmt.Errorf("%w: %s has %d paragraphs, the limit is %d (raise Extractor.MaxParagraphs)",
			ErrTooManyElements, urlString(pageURL), paras, limit)
	}
	testHook(doc)
	res, err = e.run(doc, pageURL)
	if res != nil {
		res.Charset = dec.name
	}
	e.logger().Debug("extracted", "article_url", urlString(pageURL), "charset", dec.name,
		"charset_source", dec.source, "strategy", e.Strategy.String(),
		"duration", time.Since(start), "error", err)
	return res, err
}

// testHook runs just before the extraction libraries; tests replace it to simulate
// a library panic.
var testHook = func(*html.Node) {}

func (e *Extractor) maxBytes() int64 {
	if e.MaxBytes == 0 {
		return DefaultMaxBytes
	}
	return e.MaxBytes
}

func (e *Extractor) maxParagraphs() int {
	if e.MaxParagraphs == 0 {
		return DefaultMaxParagraphs
	}
	return e.MaxParagraphs
}

func (e *Extractor) maxElements() int {
	if e.MaxElements == 0 {
		return DefaultMaxElements
	}
	return e.MaxElements
}

func (e *Extractor) logger() *slog.Logger {
	if e.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return e.Logger
}

func urlString(u *url.URL) string {
	if u == nil {
		return "page"
	}
	return u.String()
}
