package extract

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// TestExtractMetadata checks every metadata field of Result on a page that declares
// them the way news sites do (JSON-LD, Open Graph, <link>, <html lang>).
func TestExtractMetadata(t *testing.T) {
	page := `<!DOCTYPE html><html lang="de-DE"><head>
<title>Bank teilt Kundendaten mit Facebook | Tagesblatt - Nachrichten aus der Region</title>
<meta property="og:site_name" content="Tagesblatt - Nachrichten aus der Region">
<meta property="og:description" content="Eine Bank hat Daten ihrer Kunden weitergegeben.">
<meta property="og:image" content="/img/lead.jpg">
<meta name="author" content="Leah C. Stokes, R.C. Baker">
<link rel="canonical" href="https://tagesblatt.example/wirtschaft/bank-daten">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
 "headline":"Bank teilt Kundendaten mit Facebook",
 "datePublished":"2022-03-01T08:15:00+01:00","dateModified":"2022-03-02T10:00:00+01:00",
 "author":[{"@type":"Person","name":"Leah C. Stokes"},{"@type":"Person","name":"R.C. Baker"}],
 "publisher":{"@type":"Organization","name":"Tagesblatt"}}</script>
</head><body><nav><a href="/">Start</a> 28.02.2022</nav>
<article><h1>Bank teilt Kundendaten mit Facebook</h1>
<p class="byline">Von Leah C. Stokes und R.C. Baker, 1. März 2022</p>
` + strings.Repeat("<p>Die Bank hat die Daten ihrer Kunden über Jahre an ein Werbenetz weitergegeben, wie Unterlagen zeigen.</p>\n", 8) + `
</article></body></html>`
	res, err := (&Extractor{}).Extract(context.Background(), []byte(page), "text/html; charset=utf-8",
		mustURL(t, "https://tagesblatt.example/wirtschaft/bank-daten?ref=feed"))
	if err != nil {
		t.Fatalf("Extract() error: %v", err)
	}
	checks := []struct{ name, got, want string }{
		{"Title", res.Title, "Bank teilt Kundendaten mit Facebook"},
		{"Authors", strings.Join(res.Authors, "; "), "Leah C. Stokes; R.C. Baker"},
		{"Published", res.Published.Format(time.RFC3339), "2022-03-01T08:15:00+01:00"},
		{"Modified", res.Modified.Format(time.RFC3339), "2022-03-02T10:00:00+01:00"},
		{"Lang", res.Lang, "de"},
		{"Canonical", res.Canonical, "https://tagesblatt.example/wirtschaft/bank-daten"},
		{"SiteName", res.SiteName, "Tagesblatt - Nachrichten aus der Region"},
		{"Description", res.Description, "Eine Bank hat Daten ihrer Kunden weitergegeben."},
		{"Image", res.Image, "https://tagesblatt.example/img/lead.jpg"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
}

func TestTrimSiteName(t *testing.T) {
	tests := []struct {
		title, site string
		headings    []string
		want        string
	}{
		{"Story of the day - The Daily", "The Daily", nil, "Story of the day"},
		{"The Daily | Story of the day", "The Daily", nil, "Story of the day"},
		{"La retraite est un archaïsme - AOC media - Analyse Opinion Critique", "AOC media - Analyse Opinion Critique", nil, "La retraite est un archaïsme"},
		{"Story of the day - Fischerhütte", "Fischerhütte | example.com", nil, "Story of the day"},
		{"Story of the day | Other words", "", []string{"Story of the day"}, "Story of the day"},
		// A part written as a host name is the site's, whatever og:site_name says.
		{"Was wir über uns nicht hören wollen | FASSETTE.NET", "INTERSCENAR.IO", nil, "Was wir über uns nicht hören wollen"},
		{"Example.co.uk - Story of the day", "", nil, "Story of the day"},
		{"Node.js 22 released - what changes", "", nil, "Node.js 22 released - what changes"},
		// og:site_name holding the page's own title must not eat the title.
		{"Windpark Steinheim wird gebaut | EnBW", "Windpark Steinheim wird gebaut", nil, "Windpark Steinheim wird gebaut | EnBW"},
		// The heading's spelling of the same words wins; an all-capitals heading does not.
		{`"Arschloch": Danni trennt sich`, "", []string{"„Arschloch“: Danni trennt sich"}, "„Arschloch“: Danni trennt sich"},
		{"Einblick in die Praxis", "", []string{"EINBLICK IN DIE PRAXIS"}, "Einblick in die Praxis"},
		// Inline elements glued together are not the same words.
		{`Die Zukunft - "Wir dekorieren um"`, "", []string{`Die Zukunft"Wir dekorieren um"`}, `Die Zukunft - "Wir dekorieren um"`},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			if got := trimSiteName(tt.title, tt.site, nil, tt.headings); got != tt.want {
				t.Errorf("trimSiteName(%q, %q) = %q, want %q", tt.title, tt.site, got, tt.want)
			}
		})
	}
}

func TestTrimSiteNameByHost(t *testing.T) {
	tests := []struct{ title, host, want string }{
		{"Bank shares data - Guardian", "www.guardian.co.uk", "Bank shares data"},
		{"Bank shares data | ABC", "www.abc.net.au", "Bank shares data"},
		{"Bank shares data - Chronicle", "news.chronicle.com", "Bank shares data"},
		{"Bank shares data - Net gains", "www.abc.net.au", "Bank shares data - Net gains"}, // "net" is the suffix, not the site
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			u := &url.URL{Scheme: "https", Host: tt.host, Path: "/a"}
			if got := trimSiteName(tt.title, "", u, nil); got != tt.want {
				t.Errorf("trimSiteName(%q) on %s = %q, want %q", tt.title, tt.host, got, tt.want)
			}
		})
	}
}

func TestSiteLabel(t *testing.T) {
	for host, want := range map[string]string{
		"www.example.co.uk": "example", "news.example.com": "example", "example.com.au": "example",
		"example.de": "example", "127.0.0.1": "", "localhost": "", "[::1]": "",
	} {
		if got := siteLabel(&url.URL{Host: host}); got != want {
			t.Errorf("siteLabel(%q) = %q, want %q", host, got, want)
		}
	}
}

func TestCleanAuthors(t *testing.T) {
	tests := []struct {
		names, spellings []string
		want             string
	}{
		{[]string{"Leah C Stokes"}, []string{"Leah C. Stokes"}, "Leah C. Stokes"},
		{[]string{"View all posts by Daniel Lemire"}, nil, "Daniel Lemire"},
		{[]string{"Par Attac France"}, nil, "Attac France"},
		{[]string{"Art Edwards says"}, nil, ""},
		{[]string{"Ann Lee", "Bob Roe"}, []string{"Someone Else"}, "Ann Lee; Bob Roe"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.names, ";"), func(t *testing.T) {
			if got := strings.Join(cleanAuthors(tt.names, tt.spellings), "; "); got != tt.want {
				t.Errorf("cleanAuthors(%q, %q) = %q, want %q", tt.names, tt.spellings, got, tt.want)
			}
		})
	}
}

func TestFillFromMetaKeepsModified(t *testing.T) {
	was := time.Date(2021, 6, 1, 8, 0, 0, 0, time.UTC)
	res := &Result{Modified: was}
	fillFromMeta(res, &pageMeta{}, nil)
	if !res.Modified.Equal(was) {
		t.Errorf("with no modification time in the metadata, Modified = %v, want %v (readability's) kept", res.Modified, was)
	}
	fillFromMeta(res, &pageMeta{metaModified: "2022-01-02T03:04:05Z"}, nil)
	if want := time.Date(2022, 1, 2, 3, 4, 5, 0, time.UTC); !res.Modified.Equal(want) {
		t.Errorf("Modified = %v, want the metadata's %v", res.Modified, want)
	}
}

// TestScanMetaRDFa checks which RDFa element gives the page's publication date:
// the first that names a creation (Drupal 7's submitted line, "dc:date
// dc:created"), before a date field's "dc:date" alone (an event's date), which
// counts only where no element names one.
func TestScanMetaRDFa(t *testing.T) {
	const event = `<span property="dc:date" content="2014-02-15T14:00:00+01:00">Samstag, 15. Februar 2014</span>`
	const created = `<span property="dc:date dc:created" content="2014-01-22T18:03:11+01:00">Mi, 22.01.2014</span>`
	tests := []struct{ name, body, want string }{
		{"the creation after an event's date", event + created, "2014-01-22T18:03:11+01:00"},
		{"the creation first", created + event, "2014-01-22T18:03:11+01:00"},
		{"a dc:date alone", event, "2014-02-15T14:00:00+01:00"},
		{"none", `<span>15. Februar 2014</span>`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := html.Parse(strings.NewReader(`<html><body><article><h1>Bank</h1>` + tt.body + `</article></body></html>`))
			if err != nil {
				t.Fatal(err)
			}
			if got := scanMeta(doc).itemPublished; got != tt.want {
				t.Errorf("itemPublished = %q, want %q", got, tt.want)
			}
		})
	}
}
