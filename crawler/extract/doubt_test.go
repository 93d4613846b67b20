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
			if got := doubt(renderText(doc), doc, tt.jsonBody); got != tt.want {
				t.Errorf("doubt(%s) = %q, want %q", tt.name, got, tt.want)
			}
		})
	}
}
