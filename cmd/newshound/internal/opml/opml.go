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
	"strings"
	"time"

	"golang.org/x/net/html/charset"
)

// MaxBytes caps a document read by Parse.
const MaxBytes = 16 << 20

// MaxFeeds caps the feeds Parse returns.
const MaxFeeds = 100_000

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
	// joined by "/"; empty at the top level.
	Category string `json:"category,omitempty"`
}

type document struct {
	XMLName xml.Name  `xml:"opml"`
	Version string    `xml:"version,attr"`
	Title   string    `xml:"head>title"`
	Body    []outline `xml:"body>outline"`
}

type outline struct {
	Text     string    `xml:"text,attr"`
	Title    string    `xml:"title,attr,omitempty"`
	Type     string    `xml:"type,attr,omitempty"`
	XMLURL   string    `xml:"xmlUrl,attr,omitempty"`
	HTMLURL  string    `xml:"htmlUrl,attr,omitempty"`
	Outlines []outline `xml:"outline"`
}

// Parse reads an OPML document and returns its feeds (every outline with
// an xmlUrl, at any depth), in document order. name is used only in
// errors. A document past MaxBytes or MaxFeeds, or that is not OPML, gives
// an error wrapping ErrInvalid.
func Parse(r io.Reader, name string) ([]Feed, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("opml: read %s: %w", name, err)
	}
	if len(data) > MaxBytes {
		return nil, fmt.Errorf("opml: %s: %w: larger than %d MiB", name, ErrInvalid, MaxBytes>>20)
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.CharsetReader = charset.NewReaderLabel
	var doc document
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("opml: %s: %w: %w (export the list from your reader as OPML)", name, ErrInvalid, err)
	}
	var feeds []Feed
	var walk func(outs []outline, folder string) error
	walk = func(outs []outline, folder string) error {
		for _, o := range outs {
			label := strings.TrimSpace(firstNonEmpty(o.Title, o.Text))
			if u := strings.TrimSpace(o.XMLURL); u != "" {
				if len(feeds) == MaxFeeds {
					return fmt.Errorf("opml: %s: %w: more than %d feeds", name, ErrInvalid, MaxFeeds)
				}
				feeds = append(feeds, Feed{URL: u, Title: label, SiteURL: strings.TrimSpace(o.HTMLURL), Category: folder})
			}
			sub := label
			if folder != "" {
				sub = folder + "/" + label
			}
			if err := walk(o.Outlines, sub); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(doc.Body, ""); err != nil {
		return nil, err
	}
	return feeds, nil
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
