package opml

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name, doc string
		want      []Feed
	}{
		{"flat 2.0", `<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>
<outline text="A" title="A news" type="rss" xmlUrl="https://a.example/rss" htmlUrl="https://a.example/"/>
<outline text="B" xmlUrl=" https://b.example/atom "/></body></opml>`,
			[]Feed{{URL: "https://a.example/rss", Title: "A news", SiteURL: "https://a.example/"}, {URL: "https://b.example/atom", Title: "B"}}},
		{"nested folders", `<opml version="1.0"><body><outline text="Tech"><outline text="Privacy"><outline text="C" xmlUrl="https://c.example/feed"/></outline></outline>
<outline text="no feed here"/></body></opml>`,
			[]Feed{{URL: "https://c.example/feed", Title: "C", Category: "Tech/Privacy"}}},
		{"latin-1", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><opml version=\"1.1\"><body><outline text=\"Caf\xe9\" xmlUrl=\"https://d.example/rss\"/></body></opml>",
			[]Feed{{URL: "https://d.example/rss", Title: "Café"}}},
		{"empty body", `<opml version="2.0"><head/><body/></opml>`, nil},
		{"sibling folders, a feed holding feeds, outlines outside body", `<opml version="2.0"><head><outline text="H" xmlUrl="https://h.example/"/></head><body>
<outline text="A"><outline text="a1" xmlUrl="https://a.example/1"/></outline>
<outline title="B" text="b"><outline text="b1" xmlUrl="https://b.example/1"/><outline text="B2"><outline text="b2" xmlUrl="https://b.example/2"><outline text="in a feed" xmlUrl="https://b.example/3"/></outline></outline></outline>
<outline text=" "><outline text="unnamed" xmlUrl="https://u.example/"/></outline>
<other><outline text="skipped" xmlUrl="https://s.example/"/></other>
<outline text="top" xmlUrl="https://t.example/"/></body></opml><outline text="after" xmlUrl="https://after.example/"/>`,
			[]Feed{{URL: "https://a.example/1", Title: "a1", Category: "A"}, {URL: "https://b.example/1", Title: "b1", Category: "B"},
				{URL: "https://b.example/2", Title: "b2", Category: "B/B2"}, {URL: "https://b.example/3", Title: "in a feed", Category: "B/B2/b2"},
				{URL: "https://u.example/", Title: "unnamed"}, {URL: "https://t.example/", Title: "top"}}},
		{"a long feed title is no folder", `<opml><body><outline text="` + strings.Repeat("t", 3*MaxCategoryBytes) + `" xmlUrl="https://l.example/"/></body></opml>`,
			[]Feed{{URL: "https://l.example/", Title: strings.Repeat("t", 3*MaxCategoryBytes)}}},
		{"folders nested to the limit", "<opml><body>" + strings.Repeat(`<outline text="f">`, MaxDepth-3) + `<outline text="deep" xmlUrl="https://d.example/"/>` + strings.Repeat("</outline>", MaxDepth-3) + "</body></opml>",
			[]Feed{{URL: "https://d.example/", Title: "deep", Category: strings.Repeat("f/", MaxDepth-4) + "f"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(strings.NewReader(tt.doc), "subs.opml")
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Parse() = %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
}

func TestParseInvalid(t *testing.T) {
	for name, doc := range map[string]string{
		"not xml":              "feeds: [a, b]",
		"other xml":            `<rss version="2.0"><channel/></rss>`,
		"cut":                  `<opml version="2.0"><body><outline text="a"`,
		"too large":            "<opml><body>" + strings.Repeat(" ", MaxBytes) + "</body></opml>",
		"empty":                "",
		"too deep":             "<opml><body>" + strings.Repeat(`<outline text="f">`, MaxDepth-2) + `<outline text="deep" xmlUrl="https://d.example/"/>`,
		"too many outlines":    "<opml><body>" + strings.Repeat(`<outline text="f"/>`, MaxOutlines+1) + "</body></opml>",
		"too many feeds":       "<opml><body>" + strings.Repeat(`<outline xmlUrl="u"/>`, MaxFeeds+1) + "</body></opml>",
		"folder path too long": "<opml><body>" + strings.Repeat(`<outline text="`+strings.Repeat("n", 100)+`">`, 6) + `<outline xmlUrl="u"/>`,
		"folder name too long": `<opml><body><outline text="` + strings.Repeat("n", MaxCategoryBytes+1) + `"><outline xmlUrl="u"/></outline></body></opml>`,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(doc), "subs.opml")
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "subs.opml") {
				t.Errorf("Parse(%s) = %v, want ErrInvalid naming the file", name, err)
			}
		})
	}
}

func TestWriteRoundTrip(t *testing.T) {
	feeds := []Feed{{URL: "https://a.example/rss?x=1&y=2", Title: `A "quoted" <name>`, SiteURL: "https://a.example/"}, {URL: "https://b.example/atom"}}
	var buf bytes.Buffer
	if err := Write(&buf, "newshound feeds", time.Date(2025, 3, 3, 12, 0, 0, 0, time.UTC), feeds); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{`<opml version="2.0">`, "<title>newshound feeds</title>", "<dateCreated>Mon, 03 Mar 2025 12:00:00 +0000</dateCreated>", `type="rss"`, `xmlUrl="https://a.example/rss?x=1&amp;y=2"`} {
		if !strings.Contains(out, want) {
			t.Errorf("Write output lacks %s:\n%s", want, out)
		}
	}
	got, err := Parse(&buf, "out.opml")
	want := []Feed{feeds[0], {URL: "https://b.example/atom", Title: "https://b.example/atom"}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("Parse(Write(feeds)) = %+v, %v; want %+v", got, err, want)
	}
}
