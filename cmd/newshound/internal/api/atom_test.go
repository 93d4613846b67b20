package api

import (
	"encoding/xml"
	"io"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
	"github.com/newshound/newshound/rules"
	"github.com/newshound/newshound/store"
)

func TestAtomFeeds(t *testing.T) {
	f := newFixture(t)
	srv := f.serve(t, "")
	tests := []struct {
		name, path string
		wantID     string
		wantTitles []string
	}{
		{"flagged", "/feeds/flagged.atom", "urn:newshound:flagged", []string{f.bankMeta.Title, f.ads.Title, f.hostile.Title}},
		{"per rule", "/feeds/rules/bank-facebook-data-sharing.atom", "urn:newshound:rule:bank-facebook-data-sharing", []string{f.bankMeta.Title, f.hostile.Title}},
		{"rule without stories", "/feeds/rules/quiet.atom", "urn:newshound:rule:quiet", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body, hdr := fetch(t, "GET", srv.URL+tt.path, nil)
			if status != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "application/atom+xml") {
				t.Fatalf("GET %s = %d %s, want 200 application/atom+xml", tt.path, status, hdr.Get("Content-Type"))
			}
			checkWellFormed(t, body)
			uni, err := gofeed.NewParser().ParseString(body)
			if err != nil || uni.FeedType != "atom" || uni.FeedVersion != "1.0" {
				t.Fatalf("gofeed parse = %v, type %v %v; want Atom 1.0", err, uni != nil && uni.FeedType != "", err)
			}
			feed, err := (&atom.Parser{}).Parse(strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			if feed.ID != tt.wantID || feed.Title == "" || feed.UpdatedParsed == nil || len(feed.Authors) == 0 {
				t.Errorf("feed id %q title %q updated %v authors %v; want id %q and a title, updated time, author", feed.ID, feed.Title, feed.UpdatedParsed, feed.Authors, tt.wantID)
			}
			if self := linkOf(feed.Links, "self"); self != srv.URL+tt.path {
				t.Errorf("feed self link = %q, want %q", self, srv.URL+tt.path)
			}
			var titles []string
			for _, e := range feed.Entries {
				titles = append(titles, e.Title)
				if !strings.HasPrefix(e.ID, "urn:newshound:story:") || e.UpdatedParsed == nil || linkOf(e.Links, "alternate") == "" || e.Summary == "" {
					t.Errorf("entry %q: id %q updated %v links %v summary %q; want all required elements", e.Title, e.ID, e.UpdatedParsed, e.Links, e.Summary)
				}
				if rel := linkOf(e.Links, "related"); !strings.HasPrefix(rel, srv.URL+"/stories/") {
					t.Errorf("entry %q related link = %q, want its story page", e.Title, rel)
				}
				if e.UpdatedParsed != nil && feed.UpdatedParsed != nil && e.UpdatedParsed.After(*feed.UpdatedParsed) {
					t.Errorf("entry %q updated %v after the feed's %v", e.Title, e.UpdatedParsed, feed.UpdatedParsed)
				}
			}
			if strings.Join(titles, "\n") != strings.Join(tt.wantTitles, "\n") {
				t.Errorf("entries = %q, want %q", titles, tt.wantTitles)
			}
		})
	}
	_, body, _ := fetch(t, "GET", srv.URL+"/feeds/flagged.atom", nil)
	feed, err := (&atom.Parser{}).Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	first, hostile := feed.Entries[0], feed.Entries[2]
	if want := "<p><strong>bank-facebook-data-sharing</strong>: The <mark>bank</mark> said it shared customer data with <mark>Meta</mark> for advertising.</p>"; first.Summary != want {
		t.Errorf("summary = %q, want one paragraph with the rule and its evidence, the terms marked: %q", first.Summary, want)
	}
	if strings.Contains(hostile.Summary, "<b>") || !strings.Contains(hostile.Summary, "&lt;b&gt;") {
		t.Errorf("hostile summary = %q, want its markup escaped", hostile.Summary)
	}
	if hostile.Title != hostileTitle {
		t.Errorf("hostile title = %q, want it unchanged as text %q", hostile.Title, hostileTitle)
	}
}

// checkWellFormed decodes every token of an XML document.
func checkWellFormed(t *testing.T, doc string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(doc))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("the feed is not well-formed XML: %v", err)
		}
	}
}

func linkOf(links []*atom.Link, rel string) string {
	for _, l := range links {
		if l.Rel == rel || rel == "alternate" && l.Rel == "" {
			if _, err := url.Parse(l.Href); err == nil {
				return l.Href
			}
		}
	}
	return ""
}

// TestAtomPublicURL: with a public URL the feed's links are built on it,
// not on the request's Host (which a proxy or a client chooses).
func TestAtomPublicURL(t *testing.T) {
	f := newFixture(t)
	srv := httptest.NewServer((&Server{Store: f.st, Rules: f.set, PublicURL: "https://news.example.org"}).Handler())
	t.Cleanup(srv.Close)
	status, body, _ := fetch(t, "GET", srv.URL+"/feeds/flagged.atom", map[string]string{"Host": "proxy.internal:8474"})
	if status != 200 {
		t.Fatalf("GET /feeds/flagged.atom = %d", status)
	}
	feed, err := (&atom.Parser{}).Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var hrefs []string
	for _, l := range feed.Links {
		hrefs = append(hrefs, l.Href)
	}
	for _, e := range feed.Entries {
		for _, l := range e.Links {
			if l.Rel == "related" {
				hrefs = append(hrefs, l.Href)
			}
		}
	}
	if len(hrefs) < 3 {
		t.Fatalf("links %q, want the feed's and its entries'", hrefs)
	}
	for _, h := range hrefs {
		if !strings.HasPrefix(h, "https://news.example.org/") {
			t.Errorf("link %q, want it on https://news.example.org", h)
		}
	}
}

// TestAtomSummary: an entry's summary is one paragraph per rule, with the
// rule's strongest evidence, one snippet per clause; a rule no longer
// configured shows its stored places.
func TestAtomSummary(t *testing.T) {
	set, err := rules.Compile([]rules.Definition{{Name: "r", Query: "(facebook NEAR/3 bank) AND data"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	a := &store.Article{ID: "x", URL: "https://one.example/x", Title: "Money", Text: "Facebook and a bank met.\n\nFacebook posts.\n\nThe data went <there>."}
	a.Flags = []store.Flag{
		{Rule: "r", Matches: []store.Match{match("text", "facebook", "Facebook and a bank met."), match("text", "facebook", "Facebook posts.")}},
		{Rule: "gone", Matches: []store.Match{{Field: "text", Term: "posts", Offset: 35, Length: 5}}},
	}
	a.Flags[1].Matches[0].Offset = strings.Index(a.Text, "posts")
	tests := []struct {
		rule, want string
	}{
		{"", "<p><strong>r</strong>: <mark>Facebook</mark> and a <mark>bank</mark> met. · The <mark>data</mark> went &lt;there&gt;.</p>" +
			"<p><strong>gone</strong>: Facebook <mark>posts</mark>.</p>"},
		{"gone", "<p><strong>gone</strong>: Facebook <mark>posts</mark>.</p>"},
	}
	for _, tt := range tests {
		if got := atomEntryOf(set, a, tt.rule, "http://h").Summary.Body; got != tt.want {
			t.Errorf("atomEntryOf(rule %q) summary =\n%s\nwant\n%s", tt.rule, got, tt.want)
		}
	}
}
