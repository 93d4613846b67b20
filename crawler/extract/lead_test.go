package extract

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestLeadParagraph(t *testing.T) {
	lead := "The harbour wall will be rebuilt before the winter storms, the council decided on Tuesday."
	body := "Work starts in May, the mayor said, and the plans are public at the town hall."
	tests := []struct {
		name, page, text, desc, want string
	}{
		{"standfirst left out", `<h1>Harbour wall</h1><p class="intro">` + lead + `</p><div><p>` + body + `</p></div>`,
			body, lead, lead},
		{"inline markup in the standfirst", `<h1>Harbour wall</h1><p>The <b>harbour wall</b> will be <a href="/x">rebuilt</a> before the winter storms, the council decided on Tuesday.</p><p>` + body + `</p>`,
			body, lead, lead},
		{"description truncated", `<p>` + lead + ` More follows here.</p><p>` + body + `</p>`,
			body, lead[:70] + "…", lead + " More follows here."},
		{"already in the text", `<p>` + lead + `</p><p>` + body + `</p>`, lead + "\n\n" + body, lead, ""},
		{"short description", `<p>Harbour news.</p><p>` + body + `</p>`, body, "Harbour news.", ""},
		{"only in the head", `<head><meta name="description" content="` + lead + `"></head><p>` + body + `</p>`, body, lead, ""},
		{"only in navigation", `<nav><p>` + lead + `</p></nav><p>` + body + `</p>`, body, lead, ""},
		{"in a container of more", `<div>` + lead + strings.Repeat(`<p>`+body+`</p>`, 5) + `</div>`, body, lead[:70], ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := html.Parse(strings.NewReader(tt.page))
			if err != nil {
				t.Fatalf("html.Parse: %v", err)
			}
			if got := leadParagraph(doc, tt.text, tt.desc); got != tt.want {
				t.Errorf("leadParagraph(%s) = %q, want %q", tt.name, got, tt.want)
			}
		})
	}
}

func TestWithLead(t *testing.T) {
	tests := []struct {
		text, lead, headline, want string
	}{
		{"Harbour wall\n\nBody.", "Lead.", "Harbour wall", "Harbour wall\n\nLead.\n\nBody."},
		{"Harbour wall", "Lead.", "Harbour wall", "Harbour wall\n\nLead."},
		{"Body.\n\nMore.", "Lead.", "Harbour wall", "Lead.\n\nBody.\n\nMore."},
		{"", "Lead.", "Harbour wall", "Lead."},
		{"Body.", "", "Harbour wall", "Body."},
	}
	for _, tt := range tests {
		if got := withLead(tt.text, tt.lead, tt.headline); got != tt.want {
			t.Errorf("withLead(%q, %q, %q) = %q, want %q", tt.text, tt.lead, tt.headline, got, tt.want)
		}
	}
}
