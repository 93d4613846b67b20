package extract

import (
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestHeadline(t *testing.T) {
	u, _ := url.Parse("https://www.example.com/2024/story")
	tests := []struct {
		name, title, site string
		pm                pageMeta
		want              string
	}{
		{"h1 rewords the search title", "Dead Skin Cells Might Actually Be A Good Thing", "",
			pageMeta{headings: []string{"Wait, are dead skin cells actually a good thing?"}},
			"Wait, are dead skin cells actually a good thing?"},
		{"kicker before the title", "St. Louis Park elects a new mayor", "",
			pageMeta{headings: []string{"Politics | St. Louis Park elects a new mayor"}},
			"St. Louis Park elects a new mayor"},
		{"subtitle after the title belongs to the headline", "Snow sports and wildlife", "",
			pageMeta{headings: []string{"Snow sports and wildlife Tips for a gentle winter"}},
			"Snow sports and wildlife Tips for a gentle winter"},
		{"logo h1 is skipped for the h2 headline", "Termine Whisky Tastings Januar - Mai 2020", "",
			pageMeta{headings: []string{"Example.com"}, subheads: []string{"Termine Whisky Tastings Januar – Mai 2020"}},
			"Termine Whisky Tastings Januar – Mai 2020"},
		{"unrelated h1 keeps the title", "Norddeutschland findet seine Meister", "",
			pageMeta{headings: []string{"Navigation", "Pressemitteilungen"}},
			"Norddeutschland findet seine Meister"},
		{"section h1 equal to a one-word metadata title loses to the story's h1", "Pressemitteilungen", "",
			pageMeta{headings: []string{"Quicklink", "Pressemitteilungen", "Norddeutschland findet seine Meister"},
				titleTag: "Norddeutschland findet seine Meister - Leichtathletik-Verband"},
			"Norddeutschland findet seine Meister"},
		{"h1 naming the site is not the headline", "A story about rivers", "Example News",
			pageMeta{headings: []string{"Example News"}},
			"A story about rivers"},
		{"site part of the h1 cut, its punctuation kept", "Was wir über uns nicht hören wollen", "INTERSCENAR.IO",
			pageMeta{headings: []string{"«Was wir über uns nicht hören wollen» | FASSETTE.NET"}},
			"«Was wir über uns nicht hören wollen»"},
		{"h2 written as og:title beats an h1 sharing some words", "Mit Hilfe des Chefs für die Rente sparen", "",
			pageMeta{headings: []string{"Betriebliche Altersvorsorge"}, subheads: []string{"Mit Hilfe des Chefs für die Rente sparen"},
				ogTitle: "Mit Hilfe des Chefs für die Rente sparen", titleTag: "Betriebliche Altersvorsorge (bAV) - Wann lohnt die Betriebsrente?"},
			"Mit Hilfe des Chefs für die Rente sparen"},
		{"h1 written as a metadata title keeps it over the h2", "Bank shares data", "",
			pageMeta{headings: []string{"Bank shares data"}, subheads: []string{"Regulators react"}, ogTitle: "Regulators react"},
			"Bank shares data"},
		{"no headings", "A story", "", pageMeta{}, "A story"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := headline(tt.title, tt.site, u, &tt.pm); got != tt.want {
				t.Errorf("headline(%q) = %q, want %q", tt.title, got, tt.want)
			}
		})
	}
}

// TestHeadlineMarkup checks headings that their markup rules out as the headline:
// the site's name or logo, and a kicker above the headline.
func TestHeadlineMarkup(t *testing.T) {
	u, _ := url.Parse("https://www.example.com/2024/story")
	tests := []struct {
		name, title, body, want string
	}{
		{"logo heading in a branding block",
			"Bank teilt Daten mit Facebook - Tagesblatt Nachrichten",
			`<header><div class="site-branding"><a href="/"><h1>Tagesblatt Nachrichten</h1></a></div></header>
<article><h1>Bank teilt Kundendaten mit Facebook</h1></article>`,
			"Bank teilt Kundendaten mit Facebook"},
		{"heading marked as the site's title",
			"Das andere Branchenbuch: Truckwash am Rastplatz",
			`<h1 class="site-title pull-left">Das andere Branchenbuch</h1><h1 class="page-title">Truckwash am Rastplatz</h1>`,
			"Truckwash am Rastplatz"},
		{"kicker heading above an h2 headline",
			"Strava-Karten ab sofort mit mehr Infos - Strava-Update: POI bei Routen-Tool",
			`<h1 class="strapline">Strava-Update: POI bei Routen-Tool</h1><h2 class="title">Strava-Karten ab sofort mit mehr Infos</h2>`,
			"Strava-Karten ab sofort mit mehr Infos"},
		{"kicker and style sheet inside the h1, the <title> after them",
			"Medienmitteilungen",
			`<html><head><title>Impfen ist bis Ende Februar möglich</title></head><body>
<h1><span><style>.css-x{font-size:16px}</style>Medienmitteilung der Direktion</span> <span>Impfen ist bis Ende Februar möglich</span></h1></body></html>`,
			"Impfen ist bis Ende Februar möglich"},
		{"an article heading with an ordinary class stays",
			"Bank teilt Kundendaten mit Facebook",
			`<div class="content"><h1 class="entry-title">Bank teilt Kundendaten mit Facebook!</h1></div>`,
			"Bank teilt Kundendaten mit Facebook!"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := html.Parse(strings.NewReader(tt.body))
			if err != nil {
				t.Fatalf("html.Parse: %v", err)
			}
			if got := headline(tt.title, "", u, scanMeta(doc)); got != tt.want {
				t.Errorf("headline(%q) = %q, want %q", tt.title, got, tt.want)
			}
		})
	}
}

// TestHeadlineHomeLink checks that a heading written as a link to the site's
// front page, or to a page above the story's, is the site's name, while one
// linking to the story itself stays the headline.
func TestHeadlineHomeLink(t *testing.T) {
	const kubrick = `<html><head><title>The Film Gang » Blog Archive » Stand Up Guys</title></head><body>
<div id="header"><h1><a href="%s">The Film Gang</a></h1></div>
<div class="post"><h2><a href="/filmgang/2013/02/08/stand-up-guys/" rel="bookmark">Stand Up Guys</a></h2><p>Al Pacino and Christopher Walken.</p></div></body></html>`
	tests := []struct {
		name, pageURL, body, want string
	}{
		{"the blog's front page above the story", "http://blogs.example.org/filmgang/2013/02/08/stand-up-guys/",
			strings.Replace(kubrick, "%s", "http://blogs.example.org/filmgang/", 1), "Stand Up Guys"},
		{"the site's root", "http://blogs.example.org/filmgang/2013/02/08/stand-up-guys/",
			strings.Replace(kubrick, "%s", "/", 1), "Stand Up Guys"},
		{"another site's page is no front page of this one", "http://blogs.example.org/filmgang/2013/02/08/stand-up-guys/",
			strings.Replace(kubrick, "%s", "http://other.example.net/", 1), "The Film Gang"},
		{"a headline linking to its story stays", "http://blogs.example.org/filmgang/2013/02/08/stand-up-guys/",
			`<html><head><title>Stand Up Guys | The Film Gang</title></head><body><h1><a href="/filmgang/2013/02/08/stand-up-guys/">Stand Up Guys</a></h1></body></html>`,
			"Stand Up Guys"},
		{"a permalink with a query is no front page", "http://blog.example.org/?p=123",
			`<html><head><title>Stand Up Guys | The Film Gang</title></head><body><h1><a href="/?p=123">Stand Up Guys</a></h1></body></html>`,
			"Stand Up Guys"},
		{"a later page of the story linking to its first stays", "http://news.example.org/bank-shares-data/2/",
			`<html><head><title>Bank shares data | The Film Gang</title></head><body><h1><a href="/bank-shares-data/">Bank shares data</a></h1></body></html>`,
			"Bank shares data"},
		{"a fragment on a query permalink is no front page", "http://blog.example.org/?p=123",
			`<html><head><title>Stand Up Guys | The Film Gang</title></head><body><h1><a href="#">Stand Up Guys</a></h1></body></html>`,
			"Stand Up Guys"},
		{"a card's link around the heading and its teaser", "http://blogs.example.org/filmgang/2013/02/08/stand-up-guys/",
			`<html><head><title>Stand Up Guys | The Film Gang</title></head><body><a href="/"><div><h1>Stand Up Guys</h1><p>Al Pacino and Christopher Walken.</p></div></a></body></html>`,
			"Stand Up Guys"},
		{"a heading with more than its link stays", "http://blogs.example.org/filmgang/2013/02/08/stand-up-guys/",
			`<html><head><title>Review: Stand Up Guys</title></head><body><h1>Review: <a href="/filmgang/">Stand Up Guys</a></h1></body></html>`,
			"Review: Stand Up Guys"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, _ := url.Parse(tt.pageURL)
			doc, err := html.Parse(strings.NewReader(tt.body))
			if err != nil {
				t.Fatalf("html.Parse: %v", err)
			}
			pm := scanMeta(doc)
			if got := headline(pm.titleTag, "", u, pm); got != tt.want {
				t.Errorf("headline(%q) = %q, want %q", pm.titleTag, got, tt.want)
			}
		})
	}
}
