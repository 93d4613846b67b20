package extract

import (
	"strings"
	"time"

	readability "codeberg.org/readeck/go-readability/v2"
	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
)

// fromTrafilatura fills res from trafilatura's metadata.
func fromTrafilatura(res *Result, m *trafilatura.Metadata) {
	res.Title = clean(m.Title)
	res.Authors = splitAuthors(m.Author)
	res.Published = m.Date
	res.Lang = m.Language
	res.Canonical = m.URL
	res.SiteName = clean(m.Sitename)
	res.Description = clean(m.Description)
	res.Image = m.Image
}

// fromReadability fills the fields of res that are still empty from readability's article.
func fromReadability(res *Result, a *readability.Article) {
	setIfEmpty(&res.Title, clean(a.Title()))
	if len(res.Authors) == 0 {
		res.Authors = splitAuthors(a.Byline())
	}
	if res.Published.IsZero() {
		if t, err := a.PublishedTime(); err == nil {
			res.Published = t
		}
	}
	if res.Modified.IsZero() {
		if t, err := a.ModifiedTime(); err == nil {
			res.Modified = t
		}
	}
	setIfEmpty(&res.Lang, a.Language())
	setIfEmpty(&res.SiteName, clean(a.SiteName()))
	setIfEmpty(&res.Description, clean(a.Excerpt()))
	setIfEmpty(&res.Image, a.ImageURL())
}

func setIfEmpty(dst *string, v string) {
	if *dst == "" {
		*dst = v
	}
}

// clean collapses white space and removes soft hyphens.
func clean(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, softHyphen, "")), " ")
}

// splitAuthors splits trafilatura's "A; B" author lists.
func splitAuthors(s string) []string {
	var out []string
	for _, a := range strings.Split(s, ";") {
		if a = clean(a); a != "" {
			out = append(out, a)
		}
	}
	return out
}

var _ = time.Time{}
var _ *html.Node
