// Package opml reads and writes OPML subscription lists, the format feed
// readers import and export: Parse takes OPML 1.0, 1.1 or 2.0 (folders of
// any depth flattened, the folder names kept as Category), Write produces
// OPML 2.0 with one outline per feed.
package opml

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/net/html/charset"
)

// MaxBytes caps a document read by Parse.
const MaxBytes = 16 << 20

// MaxFeeds caps the feeds Parse returns.
const MaxFeeds = 100_000

// MaxOutlines caps the outlines (feeds and folders) of a document.
const MaxOutlines = 200_000

// MaxDepth caps the nesting of elements in a document, <opml> and <body>
// included: folders may nest MaxDepth-3 deep around a feed. Feed readers
// export a level or two.
const MaxDepth = 64

// MaxCategoryBytes caps a Feed's Category, the folder names joined. Each
// folder's path is built once and shared by its feeds, so the paths held
// stay under MaxFeeds times this.
const MaxCategoryBytes = 512

// ErrInvalid is wrapped by every error Parse returns for a document that
// is not usable OPML.
var ErrInvalid = errors.New("not a usable OPML document")

// Feed is one subscription of a list.
type Feed struct {
	// URL is the feed's address (the outline's xmlUrl). Never empty.
	URL string `json:"url"`
	// Title is the outline's title, else its text; may be empty.
	Title string `json:"title,omitempty"`
	// SiteURL is the outline's htmlUrl; may be empty.
	SiteURL string `json:"site_url,omitempty"`
	// Category names the folders holding the outline, outermost first,
	// joined by "/"; empty at the top level. At most MaxCategoryBytes.
	Category string `json:"category,omitempty"`
}

type outline struct {
	Text    string `xml:"text,attr"`
	Title   string `xml:"title,attr,omitempty"`
	Type    string `xml:"type,attr,omitempty"`
	XMLURL  string `xml:"xmlUrl,attr,omitempty"`
	HTMLURL string `xml:"htmlUrl,attr,omitempty"`
}

// Parse reads an OPML document and returns its feeds (every outline with
// an xmlUrl, in <body> or in outlines there, at any depth), in document
// order. name is used only in errors. A document past MaxBytes, MaxFeeds,
// MaxOutlines, MaxDepth or MaxCategoryBytes, or that is not OPML, gives an
// error wrapping ErrInvalid. The document is read token by token: no tree
// is built, and each folder's path is joined once, when it opens.
func Parse(r io.Reader, name string) ([]Feed, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("opml: read %s: %w", name, err)
	}
	if len(data) > MaxBytes {
		return nil, fmt.Errorf("opml: %s: %w: larger than %d MiB", name, ErrInvalid, MaxBytes>>20)
	}
	p := parser{dec: xml.NewDecoder(bytes.NewReader(data)), name: name}
	p.dec.CharsetReader = charset.NewReaderLabel
	if err := p.run(); err != nil {
		return nil, err
	}
	return p.feeds, nil
}

// parser walks the tokens of one document.
type parser struct {
	dec      *xml.Decoder
	name     string
	feeds    []Feed
	outlines int
	// stack holds one frame per open element.
	stack []frame
}

// frame is an open element: whether its outline children are read (it is
// <body> or an outline read), and for an outline its label and the path
// of the folder it is in; its own path is joined when its first child
// outline opens.
type frame struct {
	holdsOutlines bool
	outline       bool
	label, folder string
	path          string
	joined        bool
}

func (p *parser) run() error {
	for {
		tok, err := p.dec.Token()
		if err == io.EOF && len(p.stack) == 0 {
			return fmt.Errorf("opml: %s: %w: no <opml> element (export the list from your reader as OPML)", p.name, ErrInvalid)
		}
		if err != nil {
			return fmt.Errorf("opml: %s: %w: %w (export the list from your reader as OPML)", p.name, ErrInvalid, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := p.start(t); err != nil {
				return err
			}
		case xml.EndElement:
			p.stack = p.stack[:len(p.stack)-1]
			if len(p.stack) == 0 {
				return nil // the end of <opml>; what follows is not read
			}
		}
	}
}

func (p *parser) start(t xml.StartElement) error {
	line, _ := p.dec.InputPos()
	if len(p.stack) == 0 && t.Name.Local != "opml" {
		return fmt.Errorf("opml: %s: %w: expected element type <opml> but have <%s> (export the list from your reader as OPML)", p.name, ErrInvalid, t.Name.Local)
	}
	if len(p.stack) == MaxDepth {
		return fmt.Errorf("opml: %s: %w: elements nested deeper than %d at line %d (flatten the folders)", p.name, ErrInvalid, MaxDepth, line)
	}
	var f frame
	switch {
	case len(p.stack) == 1 && t.Name.Local == "body":
		f.holdsOutlines = true
	case len(p.stack) > 0 && p.stack[len(p.stack)-1].holdsOutlines && t.Name.Local == "outline":
		if p.outlines++; p.outlines > MaxOutlines {
			return fmt.Errorf("opml: %s: %w: more than %d outlines", p.name, ErrInvalid, MaxOutlines)
		}
		folder, err := p.folder(line)
		if err != nil {
			return err
		}
		var o outline
		for _, a := range t.Attr {
			switch a.Name.Local {
			case "text":
				o.Text = a.Value
			case "title":
				o.Title = a.Value
			case "xmlUrl":
				o.XMLURL = a.Value
			case "htmlUrl":
				o.HTMLURL = a.Value
			}
		}
		label := strings.TrimSpace(firstNonEmpty(o.Title, o.Text))
		if u := strings.TrimSpace(o.XMLURL); u != "" {
			if len(p.feeds) == MaxFeeds {
				return fmt.Errorf("opml: %s: %w: more than %d feeds", p.name, ErrInvalid, MaxFeeds)
			}
			p.feeds = append(p.feeds, Feed{URL: u, Title: label, SiteURL: strings.TrimSpace(o.HTMLURL), Category: folder})
		}
		f = frame{holdsOutlines: true, outline: true, label: label, folder: folder}
	}
	p.stack = append(p.stack, f)
	return nil
}

// folder returns the path of the folder a new outline opens in: "" in
// <body>, else the enclosing outline's path, joined once and kept.
func (p *parser) folder(line int) (string, error) {
	parent := &p.stack[len(p.stack)-1]
	if !parent.outline {
		return "", nil
	}
	if !parent.joined {
		path := parent.label
		if parent.folder != "" {
			if len(parent.folder)+1+len(parent.label) > MaxCategoryBytes {
				return "", fmt.Errorf("opml: %s: %w: folder names longer than %d bytes together at line %d (shorten or flatten the folders)", p.name, ErrInvalid, MaxCategoryBytes, line)
			}
			path = parent.folder + "/" + parent.label
		} else if len(path) > MaxCategoryBytes {
			return "", fmt.Errorf("opml: %s: %w: a folder name longer than %d bytes at line %d (shorten it)", p.name, ErrInvalid, MaxCategoryBytes, line)
		}
		parent.path, parent.joined = path, true
	}
	return parent.path, nil
}

func (p *parser) invalid(why string) error {
	return fmt.Errorf("opml: %s: %w: %s (export the list from your reader as OPML)", p.name, ErrInvalid, why)
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

// Write writes feeds as an OPML 2.0 document titled title, created at
// created: one outline of type "rss" per feed, in the order given (the
// Category is not written).
func Write(w io.Writer, title string, created time.Time, feeds []Feed) error {
	doc := struct {
		XMLName xml.Name `xml:"opml"`
		Version string   `xml:"version,attr"`
		Head    struct {
			Title       string `xml:"title"`
			DateCreated string `xml:"dateCreated"`
		} `xml:"head"`
		Body []outline `xml:"body>outline"`
	}{Version: "2.0"}
	doc.Head.Title = title
	doc.Head.DateCreated = created.UTC().Format(time.RFC1123Z)
	doc.Body = make([]outline, len(feeds))
	for i, f := range feeds {
		text := firstNonEmpty(f.Title, f.URL)
		doc.Body[i] = outline{Text: text, Title: text, Type: "rss", XMLURL: f.URL, HTMLURL: f.SiteURL}
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("opml: write: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("opml: write: %w", err)
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return fmt.Errorf("opml: write: %w", err)
	}
	return nil
}

// ReadFile parses the OPML file at path (see Parse).
func ReadFile(path string) ([]Feed, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("feeds import: %w", err)
	}
	defer f.Close()
	return Parse(f, path)
}

// WriteFile writes the OPML document (see Write) to path: beside it
// first, renamed over it when complete, so that a failure never leaves a
// half-written file where a good one was.
func WriteFile(path, title string, created time.Time, feeds []Feed) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".newshound-feeds-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := Write(tmp, title, created, feeds); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
