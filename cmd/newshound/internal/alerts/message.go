package alerts

import (
	"bytes"
	"cmp"
	"fmt"
	"html/template"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/textproto"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/newshound/newshound/rules"
	"github.com/newshound/newshound/store"
)

// maxEvidence is how many snippets a story shows: its strongest flag's
// matches, one per term.
const maxEvidence = 3

// Page describes what a message needs beyond the notice.
type Page struct {
	// PublicURL is server.public_url; when set each story links to its
	// page there (PublicURL/stories/ID). Empty links to the story itself.
	PublicURL string
	// Outlets maps a feed URL to its configured name.
	Outlets map[string]string
	// Location is the time zone dates are written in; nil means UTC.
	Location *time.Location
}

// Story is one story of a message as people read it.
type Story struct {
	// Title is the story's title (its URL when it has none); Outlet the
	// feed's configured name, else its title, else the site's host; Date
	// when it was published (else flagged); Rules the rules that flagged
	// it, comma-separated.
	Title, Outlet, Date, Rules string
	// Link is the story page (or the story when there is no public URL),
	// Source the story itself.
	Link, Source string
	// Evidence are snippets with the matched text between U+E000 and
	// U+E001 (private-use characters, which HTML escaping keeps).
	Evidence []string
}

// Message is a rendered notice: a subject, a plain-text and an HTML body.
type Message struct {
	// Subject is plain text; Compose encodes it. Text and HTML are the
	// two bodies, with \n line ends.
	Subject, Text, HTML string
}

// Render writes notice n as a message.
func Render(n store.Notice, p Page) (Message, error) {
	loc := cmp.Or(p.Location, time.UTC)
	stories := make([]Story, 0, len(n.Stories))
	for _, s := range n.Stories {
		stories = append(stories, story(s, p, loc))
	}
	var intro, subject string
	period := n.Since.In(loc).Format("2 Jan 15:04") + " to " + n.Until.In(loc).Format("2 Jan 15:04 MST")
	switch n.Kind {
	case store.NoticeSpike:
		subject = fmt.Sprintf("newshound: spike in %s, %d stories in the last hour", n.Rule, n.Count)
		intro = fmt.Sprintf("Rule %s flagged %d stories in the hour to %s, against %.1f an hour on average before.",
			n.Rule, n.Count, n.Until.In(loc).Format("2 Jan 15:04 MST"), n.Baseline)
	case store.NoticeTest:
		subject = "newshound: sample digest for " + n.Alert
		intro = "This is a sample sent by newshound alerts test: the digest " + n.Alert + " will look like this."
	default:
		subject = fmt.Sprintf("newshound: %d new %s for %s", len(stories), plural(len(stories), "story", "stories"), n.Alert)
		intro = fmt.Sprintf("Stories newly flagged from %s.", period)
	}
	data := struct {
		Intro   string
		Stories []Story
	}{intro, stories}
	var text, html bytes.Buffer
	fmt.Fprintf(&text, "%s\n", intro)
	for i, s := range stories {
		fmt.Fprintf(&text, "\n%d. %s\n   %s, %s; rule %s\n   %s\n", i+1, s.Title, s.Outlet, s.Date, s.Rules, s.Link)
		for _, e := range s.Evidence {
			fmt.Fprintf(&text, "   > %s\n", strings.NewReplacer("\ue000", "[[", "\ue001", "]]").Replace(e))
		}
	}
	if err := htmlBody.Execute(&html, data); err != nil {
		return Message{}, fmt.Errorf("alerts: render %s: %w", n.ID, err)
	}
	return Message{Subject: subject, Text: text.String(), HTML: html.String()}, nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// story describes s for people.
func story(s store.NoticeStory, p Page, loc *time.Location) Story {
	out := Story{Title: cmp.Or(strings.TrimSpace(s.Title), s.URL), Source: s.URL, Link: s.URL}
	if p.PublicURL != "" {
		out.Link = strings.TrimSuffix(p.PublicURL, "/") + "/stories/" + s.ID
	}
	out.Outlet = cmp.Or(p.Outlets[s.Feed.URL], s.Feed.Title)
	if out.Outlet == "" {
		if u, err := url.Parse(s.URL); err == nil {
			out.Outlet = strings.TrimPrefix(u.Hostname(), "www.")
		}
	}
	date := time.Time{}
	if s.Published != nil {
		date = *s.Published
	} else if len(s.Flags) > 0 {
		date = s.Flags[0].Flagged
	}
	if !date.IsZero() {
		out.Date = date.In(loc).Format("2 Jan 2006 15:04 MST")
	}
	names := make([]string, 0, len(s.Flags))
	for _, f := range s.Flags {
		names = append(names, f.Rule)
	}
	out.Rules = strings.Join(names, ", ")
	out.Evidence = evidence(s.Flags)
	return out
}

// evidence returns the strongest flag's snippets, one per term, title
// and summary first, with the matched text between U+E000 and U+E001.
func evidence(flags []store.Flag) []string {
	if len(flags) == 0 {
		return nil
	}
	best := slices.MaxFunc(flags, func(a, b store.Flag) int { return cmp.Compare(a.Score, b.Score) })
	ms := slices.Clone(best.Matches)
	rank := map[string]int{"title": 0, "summary": 1}
	slices.SortStableFunc(ms, func(a, b store.Match) int {
		ra, oka := rank[a.Field]
		rb, okb := rank[b.Field]
		if !oka {
			ra = 2
		}
		if !okb {
			rb = 2
		}
		return cmp.Compare(ra, rb)
	})
	var out []string
	seen := map[string]bool{}
	for _, m := range ms {
		if m.Snippet == "" || seen[strings.ToLower(m.Term)] {
			continue
		}
		seen[strings.ToLower(m.Term)] = true
		clean := strings.NewReplacer("\ue000", "", "\ue001", "").Replace(m.Snippet)
		if clean != m.Snippet {
			m.Snippet, m.SnippetOffset, m.Length = clean, 0, 0 // offsets no longer hold
		}
		out = append(out, rules.Mark(rules.Match{Field: m.Field, Term: m.Term, Offset: m.Offset, Length: m.Length,
			Snippet: m.Snippet, SnippetOffset: m.SnippetOffset}, "\ue000", "\ue001"))
		if len(out) == maxEvidence {
			break
		}
	}
	return out
}

// marked turns a snippet with U+E000 and U+E001 marks into escaped HTML with
// <mark> elements.
func marked(s string) template.HTML {
	esc := template.HTMLEscapeString(s)
	return template.HTML(strings.NewReplacer("\ue000", "<mark>", "\ue001", "</mark>").Replace(esc))
}

var htmlBody = template.Must(template.New("digest").Funcs(template.FuncMap{"marked": marked}).Parse(`<!DOCTYPE html>
<html><head><meta charset="utf-8"></head>
<body style="font-family: sans-serif; max-width: 44em">
<p>{{.Intro}}</p>
{{range .Stories}}<div style="margin: 1.2em 0">
<h3 style="margin: 0"><a href="{{.Link}}">{{.Title}}</a></h3>
<p style="margin: 0.2em 0; color: #555">{{.Outlet}}{{with .Date}}, {{.}}{{end}}; rule {{.Rules}}</p>
{{range .Evidence}}<blockquote style="margin: 0.3em 0 0.3em 1em">{{marked .}}</blockquote>
{{end}}{{if ne .Link .Source}}<p style="margin: 0.2em 0; font-size: small"><a href="{{.Source}}">{{.Source}}</a></p>
{{end}}</div>
{{end}}<p style="color: #777; font-size: small">Sent by newshound.</p>
</body></html>
`))

// Compose writes the full email: headers, then a multipart/alternative
// body with the text and HTML parts, both quoted-printable UTF-8. id
// becomes the Message-ID, so a resent notice can be recognized.
func Compose(m Message, id, from string, to []string, date time.Time) ([]byte, error) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	h := []struct{ k, v string }{
		{"From", from},
		{"To", strings.Join(to, ", ")},
		{"Subject", mime.QEncoding.Encode("utf-8", m.Subject)},
		{"Date", date.Format(time.RFC1123Z)},
		{"Message-ID", "<" + id + "@newshound>"},
		{"MIME-Version", "1.0"},
		{"Auto-Submitted", "auto-generated"},
		{"Content-Type", "multipart/alternative; boundary=" + mw.Boundary()},
	}
	var head bytes.Buffer
	for _, kv := range h {
		if strings.ContainsAny(kv.v, "\r\n") {
			return nil, fmt.Errorf("alerts: header %s has a line break", kv.k)
		}
		fmt.Fprintf(&head, "%s: %s\r\n", kv.k, kv.v)
	}
	head.WriteString("\r\n")
	for _, part := range []struct{ typ, body string }{{"text/plain", m.Text}, {"text/html", m.HTML}} {
		w, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {part.typ + "; charset=utf-8"},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		if err != nil {
			return nil, fmt.Errorf("alerts: compose: %w", err)
		}
		qp := quotedprintable.NewWriter(w)
		if _, err := qp.Write([]byte(strings.ReplaceAll(part.body, "\n", "\r\n"))); err != nil {
			return nil, fmt.Errorf("alerts: compose: %w", err)
		}
		if err := qp.Close(); err != nil {
			return nil, fmt.Errorf("alerts: compose: %w", err)
		}
	}
	if err := mw.Close(); err != nil {
		return nil, fmt.Errorf("alerts: compose: %w", err)
	}
	return append(head.Bytes(), b.Bytes()...), nil
}
