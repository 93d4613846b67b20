package extract

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestDoubt(t *testing.T) {
	long := strings.Repeat("The council voted on the new budget for the city's schools. ", 12)
	parse := func(s string) *html.Node {
		n, err := html.Parse(strings.NewReader(s))
		if err != nil {
			t.Fatalf("html.Parse: %v", err)
		}
		return n
	}
	links := strings.Repeat(`<a href="/x">Another story about something else entirely</a> `, 15)
	tests := []struct {
		name, content, jsonBody, want string
	}{
		{"long plain text", "<p>" + long + "</p>", "", ""},
		{"short", "<p>Too short.</p>", "", DoubtShort},
		{"mostly links", "<p>" + links + " and a few words.</p>", "", DoubtLinkHeavy},
		{"agrees with articleBody", "<p>" + long + "</p>", long, ""},
		{"misses the articleBody", "<p>" + long + "</p>", strings.Repeat("Entirely different words about harbour cranes and ships. ", 10), DoubtStructured},
		{"short articleBody is a summary", "<p>" + long + "</p>", "A summary.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := parse(tt.content)
			if got := doubt(renderText(doc), doc, nil, tt.jsonBody); got != tt.want {
				t.Errorf("doubt(%s) = %q, want %q", tt.name, got, tt.want)
			}
		})
	}
}

// TestDoubtLinksOnThePage: go-trafilatura's content keeps no links, so the text's
// link share is read from the page it came from.
func TestDoubtLinksOnThePage(t *testing.T) {
	menu := `<ul>` + strings.Repeat(`<li><a href="/h">Heidelberg</a></li><li><a href="/p">Polizeibericht</a></li><li><a href="/f">Fotogalerien</a></li><li><a href="/s">Sport</a></li>`, 40) + `</ul>`
	story := strings.Repeat("The council voted on the new budget for the city's schools. ", 12)
	page, err := html.Parse(strings.NewReader(`<nav>` + menu + `</nav><article><p>` + story + `</p><p>Photos: <a href="/f">Fotogalerien</a></p></article>`))
	if err != nil {
		t.Fatalf("html.Parse: %v", err)
	}
	menuText := strings.Repeat("Heidelberg Polizeibericht Fotogalerien Sport ", 40)
	content, _ := html.Parse(strings.NewReader("<p>" + menuText + "</p>"))
	if got := doubt(menuText, content, page, ""); got != DoubtLinkHeavy {
		t.Errorf("doubt(the menu's text) = %q, want %q", got, DoubtLinkHeavy)
	}
	content, _ = html.Parse(strings.NewReader("<p>" + story + "</p>"))
	if got := doubt(story, content, page, ""); got != "" {
		t.Errorf("doubt(the story's text) = %q, want \"\"", got)
	}
}

func TestStructuredText(t *testing.T) {
	story := strings.Repeat("The council voted on the new budget for the city's schools. ", 12)
	tests := []struct {
		name, page, jsonBody, want string
	}{
		{"microdata articleBody", `<div itemprop="articleBody"><p>` + story + `</p></div>`, "", strings.TrimSpace(story)},
		{"JSON-LD articleBody", `<p>Menu</p>`, story, strings.TrimSpace(story)},
		{"a short microdata body gives way to JSON-LD", `<div itemprop="articleBody">Short.</div>`, story, strings.TrimSpace(story)},
		{"neither", `<p>` + story + `</p>`, "", ""},
		{"link-heavy articleBody", `<div itemprop="articleBody">` + strings.Repeat(`<a href="/x">Heidelberg Polizeibericht Fotogalerien Sport</a> `, 20) + `</div>`, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := html.Parse(strings.NewReader(tt.page))
			if err != nil {
				t.Fatalf("html.Parse: %v", err)
			}
			if got := structuredText(doc, tt.jsonBody); got != tt.want {
				t.Errorf("structuredText(%s) = %q, want %q", tt.name, got, tt.want)
			}
		})
	}
}
