package web

import (
	"html/template"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/testkit"
	"github.com/newshound/newshound/rules"
	"github.com/newshound/newshound/store"
)

func TestHighlight(t *testing.T) {
	tests := []struct {
		name string
		m    store.Match
		want template.HTML
	}{
		{"at the offset", store.Match{Term: "bank", Snippet: "The bank said", SnippetOffset: 4, Length: 4}, "The <mark>bank</mark> said"},
		{"by the term when no offset", store.Match{Term: "meta", Snippet: "data with Meta today"}, "data with <mark>Meta</mark> today"},
		{"markup stays text", store.Match{Term: "bank", Snippet: `<b>bank</b> & "x"`, SnippetOffset: 3, Length: 4},
			"&lt;b&gt;<mark>bank</mark>&lt;/b&gt; &amp; &#34;x&#34;"},
		{"a closing tag in the snippet", store.Match{Term: "x", Snippet: "</mark><script>x</script>", SnippetOffset: 15, Length: 1},
			"&lt;/mark&gt;&lt;script&gt;<mark>x</mark>&lt;/script&gt;"},
		{"private-use marks in the text", store.Match{Term: "bank", Snippet: "\uE001bank\uE000", SnippetOffset: 3, Length: 4}, "\uFFFD<mark>bank</mark>\uFFFD"},
		{"offset out of range", store.Match{Term: "zzz", Snippet: "short", SnippetOffset: 40, Length: 4}, "short"},
		{"invalid UTF-8", store.Match{Term: "bank", Snippet: "bank \xff", SnippetOffset: 0, Length: 4}, "<mark>bank</mark> \uFFFD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Highlight(tt.m); got != tt.want {
				t.Errorf("Highlight(%+v) = %q, want %q", tt.m, got, tt.want)
			}
		})
	}
}

func TestParseIndexFilter(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	tests := []struct {
		query        string
		since, until time.Time
		err          string
	}{
		{"", time.Time{}, time.Time{}, ""},
		{"from=2026-03-01&to=2026-03-01", day("2026-03-01"), day("2026-03-02"), ""},
		{"to=2026-03-05", time.Time{}, day("2026-03-06"), ""},
		{"from=2026-03-05&to=2026-03-01", time.Time{}, time.Time{}, "after"},
		{"from=yesterday", time.Time{}, time.Time{}, `"from" date "yesterday" is not a date`},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			v, _ := url.ParseQuery(tt.query)
			f, err := parseIndexFilter(v)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("parseIndexFilter(%s) = %v, want an error containing %q", tt.query, err, tt.err)
				}
				return
			}
			if err != nil || !f.query.Since.Equal(tt.since) || !f.query.Until.Equal(tt.until) || !f.query.FlaggedOnly {
				t.Errorf("parseIndexFilter(%s) = %+v, %v; want flagged since %v until %v", tt.query, f.query, err, tt.since, tt.until)
			}
		})
	}
}

func TestPages(t *testing.T) {
	ctx := t.Context()
	st := testkit.Store(t)
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	hostile := &store.Article{
		URL: "https://news.example/x", Title: `<script>alert("t")</script> Bank`, Fetched: now,
		Feed:  store.FeedRef{URL: "https://news.example/rss", Title: `<b>Feed</b>`},
		Flags: []store.Flag{{Rule: `r"><script>`, Matches: []store.Match{{Term: "bank", Snippet: "<img src=x> bank", SnippetOffset: 12, Length: 4}}}},
	}
	if err := st.PutArticle(ctx, hostile); err != nil {
		t.Fatal(err)
	}
	if err := st.PutFeed(ctx, store.Feed{URL: "https://news.example/rss", Title: "<b>Feed</b>", LastFetch: now, LastError: "<i>503</i>", ErrorCount: 1}); err != nil {
		t.Fatal(err)
	}
	p := &Pages{Store: st}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", p.Index)
	mux.HandleFunc("GET /stories/{id}", p.Story)
	mux.HandleFunc("GET /feeds", p.Feeds)
	tests := []struct {
		name, path string
		status     int
		want       []string
	}{
		{"index", "/", 200, []string{`&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt; Bank`, `&lt;img src=x&gt; <mark>bank</mark>`, `<meta name="viewport"`}},
		{"index by rule", "/?rule=" + url.QueryEscape(`r"><script>`), 200, []string{`value="r&#34;&gt;&lt;script&gt;" selected`, `href="/feeds/rules/r%22%3E%3Cscript%3E.atom"`}},
		{"bad date", "/?from=soon", 400, []string{"is not a date like 2026-01-31"}},
		{"bad cursor", "/?after=zzz", 400, []string{"out of date"}},
		{"story", "/stories/" + hostile.ID, 200, []string{"&lt;b&gt;Feed&lt;/b&gt;", `href="https://news.example/rss"`, "<mark>bank</mark>"}},
		{"unknown story", "/stories/nope", 404, []string{"No story is stored under this id"}},
		{"feeds", "/feeds", 200, []string{"&lt;i&gt;503&lt;/i&gt;", "failing", "1 failing"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			mux.ServeHTTP(w, httptest.NewRequest("GET", tt.path, nil))
			body := w.Body.String()
			if w.Code != tt.status {
				t.Errorf("GET %s = %d, want %d", tt.path, w.Code, tt.status)
			}
			for _, s := range tt.want {
				if !strings.Contains(body, s) {
					t.Errorf("GET %s body lacks %q:\n%s", tt.path, s, body)
				}
			}
			if strings.Contains(body, "<script") || strings.Contains(body, "<img") {
				t.Errorf("GET %s lets markup of a story through:\n%s", tt.path, body)
			}
			if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "style-src 'sha256-") {
				t.Errorf("Content-Security-Policy = %q, want default-src 'none' and the style's hash", csp)
			}
		})
	}
}

// TestStoryHeadsClausesWithLabels checks that the story page heads each
// clause's evidence with the rule's label for it, the query text below,
// and that a rule without labels keeps the query text as the heading.
func TestStoryHeadsClausesWithLabels(t *testing.T) {
	ctx := t.Context()
	st := testkit.Store(t)
	set, err := rules.Compile([]rules.Definition{
		{Name: "labelled", Query: bankDataQuery, ClauseLabels: []string{"Meta beside a bank", "Customer data", "Not about crypto"}},
		{Name: "plain", Query: bankDataQuery},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	a := &store.Article{URL: "https://news.example/labels", Title: "Customer records asked for", Text: bankDataText,
		Fetched: time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)}
	for _, h := range set.Match(&rules.Doc{Title: a.Title, Text: a.Text}) {
		a.Flags = append(a.Flags, store.Flag{Rule: h.Rule, Score: h.Score})
	}
	if len(a.Flags) != 2 {
		t.Fatalf("%d flags, want the two rules", len(a.Flags))
	}
	if err := st.PutArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	p := &Pages{Store: st, Set: func() *rules.Set { return set }}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /stories/{id}", p.Story)
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest("GET", "/stories/"+a.ID, nil))
	body := rec.Body.String()
	if rec.Code != 200 {
		t.Fatalf("GET story = %d, want 200", rec.Code)
	}
	for _, want := range []string{
		"<h4>Clause 1: Meta beside a bank</h4>\n<p class=\"meta\"><code>(facebook OR meta) NEAR/8 (jpmorgan OR bank)</code></p>",
		"<h4>Clause 2: Customer data</h4>",
		`<mark title="labelled, clause 2: Customer data">`,
		"<h4>Clause 1: <code>(facebook OR meta) NEAR/8 (jpmorgan OR bank)</code></h4>",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("story page lacks %q:\n%s", want, body)
		}
	}
}
