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
	// StrategyAuto is the default: currently StrategySecondOpinion, nearly the
	// quality of StrategyCompare at about the cost of go-trafilatura alone.
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
	// StrategySecondOpinion runs go-trafilatura alone, and StrategyCompare only
	// where its text is doubtful: short, made mostly of links, or missing much of
	// the page's JSON-LD articleBody (see Result.Doubt).
	StrategySecondOpinion
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
	case StrategySecondOpinion:
		return "second-opinion"
	}
	return fmt.Sprintf("strategy(%d)", int(s))
}

// run extracts text and metadata from the parsed doc. It may mutate doc.
func (e *Extractor) run(doc *html.Node, pageURL *url.URL) (*Result, error) {
	strategy := e.Strategy
	if strategy == StrategyAuto {
		strategy = StrategySecondOpinion
	}
	pm := scanMeta(doc)
	fast, updated := fastDate(doc, pageURL, pm)
	res := &Result{Published: fast.DateTime}
	var traf *trafilatura.ExtractResult
	// Readability's article, asked for at most once: by the comparison, and by
	// pruneUnshared where go-trafilatura's text has short paragraphs.
	read := &secondOpinion{doc: doc, pageURL: pageURL}
	switch strategy {
	case StrategyReadability:
	case StrategySecondOpinion:
		traf = runTrafilatura(doc, pageURL, &fast, nil)
		var text string
		var content *html.Node
		if traf != nil {
			content = traf.ContentNode
			text = renderText(content)
		}
		if res.Doubt = doubt(text, content, doc, pm.jsonBody); res.Doubt != "" {
			if second := runTrafilatura(doc, pageURL, &fast, read.node()); second != nil {
				traf = second
			}
		}
	case StrategyCompare:
		traf = runTrafilatura(doc, pageURL, &fast, read.node())
	default:
		traf = runTrafilatura(doc, pageURL, &fast, nil)
	}
	if traf != nil {
		pruneTeasers(traf.ContentNode, linkDensities(doc))
		res.Text = renderText(traf.ContentNode)
		res.Source = "trafilatura"
		fromTrafilatura(res, &traf.Metadata)
		if res.Doubt == DoubtLinkHeavy && linkOnlyShare(res.Text, doc) > doubtLinkDensity {
			if t := structuredText(doc, pm.jsonBody); t != "" {
				res.Text, res.Source = t, SourceStructured
			}
		}
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
	if res.Modified.IsZero() {
		res.Modified = updated
	}
	res.Title = trimSiteName(res.Title, res.SiteName, pageURL, pm.headings)
	hl := headline(res.Title, res.SiteName, pageURL, pm)
	res.Published, res.DateSource = publishedDate(doc, pageURL, res, pm, res.Published, hl)
	res.Title = hl
	if strategy == StrategySecondOpinion || strategy == StrategyCompare {
		res.Text, _ = pruneUnshared(res.Text, hl, read.text)
	}
	res.Text, _ = pruneOutsiders(doc, res.Text)
	if traf != nil {
		res.Text = withLead(res.Text, leadParagraph(doc, res.Text, res.Description), hl)
	}
	if res.Text == "" {
		return res, fmt.Errorf("%w on %s", ErrNoContent, urlString(pageURL))
	}
	return res, nil
}

// runTrafilatura runs go-trafilatura on doc (which it does not change), with
// readability's article node (from a clone of doc) as the candidate of its
// comparison when compare is not nil. It returns nil when go-trafilatura finds
// nothing.
func runTrafilatura(doc *html.Node, pageURL *url.URL, date *htmldate.Result, compare *html.Node) *trafilatura.ExtractResult {
	opts := trafOptions(pageURL, date)
	if compare != nil {
		opts.EnableFallback = true
		opts.FallbackCandidates = &trafilatura.FallbackCandidates{
			Readability: compare,
			Distiller:   dom.CreateElement("body"), // empty: skip DOM Distiller
		}
	}
	r, err := trafilatura.ExtractDocument(doc, opts)
	if err != nil {
		return nil
	}
	return r
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

// secondOpinion is readability's article of a page, computed on first use.
type secondOpinion struct {
	doc      *html.Node
	pageURL  *url.URL
	done     bool
	article  *html.Node
	rendered string
}

// node returns readability's article node (from a clone of the page), or nil.
// Its text is rendered first: go-trafilatura's comparison may take the node into
// its own tree.
func (o *secondOpinion) node() *html.Node {
	if !o.done {
		o.done = true
		o.article = readabilityNode(dom.Clone(o.doc, true), o.pageURL)
		o.rendered = renderText(o.article)
	}
	return o.article
}

// text returns the text of readability's article, or "".
func (o *secondOpinion) text() string {
	o.node()
	return o.rendered
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
