package extract

import (
	"fmt"
	"net/url"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/go-shiori/dom"
	"github.com/markusmobius/go-htmldate"
	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
)

// Strategy selects the library (or combination) that finds the main text.
type Strategy int

// The strategies. Their measured quality is in BENCHMARKS.md (section Extraction).
const (
	// StrategyAuto is the default: currently StrategyCompare, the best body F1 measured.
	StrategyAuto Strategy = iota
	// StrategyTrafilatura uses go-trafilatura alone.
	StrategyTrafilatura
	// StrategyReadability uses readeck go-readability alone.
	StrategyReadability
	// StrategyFallback runs go-trafilatura, then readeck go-readability when
	// trafilatura's text is empty or shorter than shortText characters.
	StrategyFallback
	// StrategyCompare runs both and lets go-trafilatura's comparison heuristics choose
	// between its own result and readability's.
	StrategyCompare
)

// shortText is the length, in characters, under which a trafilatura result is
// considered a failure worth a second opinion.
const shortText = 250

// String returns the strategy's name.
func (s Strategy) String() string {
	switch s {
	case StrategyAuto:
		return "auto"
	case StrategyTrafilatura:
		return "trafilatura"
	case StrategyReadability:
		return "readability"
	case StrategyFallback:
		return "fallback"
	case StrategyCompare:
		return "compare"
	}
	return fmt.Sprintf("strategy(%d)", int(s))
}

// run extracts text and metadata from the parsed doc. It may mutate doc.
func (e *Extractor) run(doc *html.Node, pageURL *url.URL) (*Result, error) {
	strategy := e.Strategy
	if strategy == StrategyAuto {
		strategy = StrategyCompare
	}
	pm := scanMeta(doc)
	fast, updated := fastDate(doc, pageURL, pm)
	var traf *trafilatura.ExtractResult
	if strategy != StrategyReadability {
		opts := trafOptions(pageURL, &fast)
		if strategy == StrategyCompare {
			opts.EnableFallback = true
			opts.FallbackCandidates = &trafilatura.FallbackCandidates{
				Readability: readabilityNode(dom.Clone(doc, true), pageURL),
				Distiller:   dom.CreateElement("body"), // empty: skip DOM Distiller
			}
		}
		r, err := trafilatura.ExtractDocument(doc, opts)
		if err == nil {
			traf = r
		}
	}
	res := &Result{Published: fast.DateTime}
	if traf != nil {
		res.Text = renderText(traf.ContentNode)
		res.Source = "trafilatura"
		fromTrafilatura(res, &traf.Metadata)
	}
	if strategy == StrategyReadability || (strategy == StrategyFallback && utf8.RuneCountInString(res.Text) < shortText) {
		art, err := readability.FromDocument(doc, pageURL)
		if err == nil && art.Node != nil {
			if t := renderText(art.Node); utf8.RuneCountInString(t) > utf8.RuneCountInString(res.Text) {
				res.Text, res.Source = t, "readability"
			}
		}
		if err == nil {
			fromReadability(res, &art)
		}
	}
	fillFromMeta(res, pm, pageURL)
	res.Title = trimSiteName(res.Title, res.SiteName, pageURL, pm.headings)
	res.Published = publishedDate(doc, pageURL, res, pm, res.Published)
	res.Title = headline(res.Title, res.SiteName, pageURL, pm)
	if res.Modified.IsZero() {
		res.Modified = updated
	}
	if res.Text == "" {
		return res, fmt.Errorf("%w on %s", ErrNoContent, urlString(pageURL))
	}
	return res, nil
}

// trafOptions returns go-trafilatura's options; date is the htmldate result already
// computed by fastDate, so that go-trafilatura does not search again.
func trafOptions(pageURL *url.URL, date *htmldate.Result) trafilatura.Options {
	return trafilatura.Options{
		OriginalURL:      pageURL,
		ExcludeComments:  true,
		HtmlDateOverride: date,
	}
}

// readabilityNode returns readability's article node for doc (which it mutates), or nil.
func readabilityNode(doc *html.Node, pageURL *url.URL) *html.Node {
	p := readability.NewParser()
	art, err := p.ParseAndMutate(doc, pageURL)
	if err != nil {
		return nil
	}
	return art.Node
}
