package api

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/newshound/newshound/rules"
	"github.com/newshound/newshound/store"
)

// browser starts headless Chromium for the test, or skips it when
// Chromium is missing outside CI; under CI a missing Chromium fails.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		if ci, err := strconv.ParseBool(os.Getenv("CI")); ci || err != nil && os.Getenv("CI") != "" {
			t.Fatal("chromium is not installed, and CI is set: install it (apt-get install -y chromium; .ci/run does this)")
		}
		t.Skip("skipping the browser test: chromium is not installed (apt-get install -y chromium); under CI=true this fails")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.UserDataDir(t.TempDir()),
		chromedp.Env("TMPDIR="+t.TempDir())) // Chromium's own temporary folders go with the test's, not into /tmp for good
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox) // Chromium refuses to run its sandbox as root
	}
	ctx, cancel := context.WithTimeout(t.Context(), 90*time.Second)
	t.Cleanup(cancel)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	t.Cleanup(cancelBrowser)
	// A phone: 390 CSS pixels wide, touch, honouring the viewport meta.
	if err := chromedp.Do(bctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(3), chromedp.EmulateMobile)); err != nil {
		t.Fatalf("start chromium %s: %v", path, err)
	}
	return bctx
}

// eval runs a JavaScript expression in the page and decodes its value.
func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

// waitFor polls until a JavaScript condition holds in a loaded page. It
// polls from Go, since a navigation destroys the page's own timers; every
// condition used is false on the page the navigation leaves.
func waitFor(t *testing.T, ctx context.Context, cond string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(`+cond+`) && document.readyState === "complete"`))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s: %v", cond, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// shot saves a screenshot of the page as dir/name.png when
// NEWSHOUND_SCREENSHOTS names a folder, to look at the pages by eye.
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("NEWSHOUND_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
	}
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
	}
}

const (
	jsTitles = `Array.from(document.querySelectorAll("ol.stories a.title"), a => a.textContent)`
	jsMarks  = `Array.from(document.querySelectorAll("mark"), m => m.textContent)`
	// jsTextMarks are the marked terms of the story's text.
	jsTextMarks = `Array.from(document.querySelectorAll(".story-text mark"), m => m.textContent)`
	// jsFits is true when the page needs no sideways scrolling.
	jsFits = `document.documentElement.scrollWidth <= window.innerWidth`
	// jsClean is true when no story smuggled an element into the page.
	jsClean = `document.querySelectorAll("script, img, iframe").length === 0 && document.title !== "pwned"`
)

// TestBrowser drives the pages as a person would on a phone: log in with
// the token, see the flagged stories, filter by a rule, open a story,
// read why it was flagged and where it came from, and label it relevant.
func TestBrowser(t *testing.T) {
	f := newFixture(t)
	srv := f.serve(t, "s3cret")
	ctx := browser(t)

	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(`input[name=token]`),
		chromedp.SendKeys(`input[name=token]`, "s3cret"),
		chromedp.Submit(`input[name=token]`),
	); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `document.querySelector("ol.stories") !== null`)
	if got, want := eval[[]string](t, ctx, jsTitles), []string{f.bankMeta.Title, f.ads.Title, f.hostile.Title}; !slices.Equal(got, want) {
		t.Errorf("after logging in, the stories are %q, want %q", got, want)
	}
	if !eval[bool](t, ctx, jsClean) {
		t.Errorf("a hostile title put markup into the page")
	}
	if got := eval[string](t, ctx, `getComputedStyle(document.querySelector("main")).maxWidth`); got != "832px" {
		t.Errorf("main's max-width = %q, want 832px: the inline style sheet did not apply (CSP hash?)", got)
	}
	shot(t, ctx, "index")
	if !eval[bool](t, ctx, jsFits) {
		t.Errorf("the story list is wider than a phone screen (%d px)", eval[int](t, ctx, "document.documentElement.scrollWidth"))
	}

	// Filter by a rule with the form.
	if err := chromedp.Do(ctx,
		chromedp.SetValue(`select[name=rule]`, "ad-tracking"),
		chromedp.Click(`form.filters button[type=submit]`),
	); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `location.search.includes("rule=ad-tracking")`)
	if got, want := eval[[]string](t, ctx, jsTitles), []string{f.ads.Title}; !slices.Equal(got, want) {
		t.Errorf("filtered by ad-tracking, the stories are %q, want %q", got, want)
	}
	if got := eval[[]string](t, ctx, jsMarks); !slices.Equal(got, []string{"tracking pixel"}) {
		t.Errorf("highlighted terms = %q, want [tracking pixel]", got)
	}

	// The bank rule, then open its newest story.
	if err := chromedp.Do(ctx,
		chromedp.SetValue(`select[name=rule]`, "bank-facebook-data-sharing"),
		chromedp.Click(`form.filters button[type=submit]`),
	); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `location.search.includes("rule=bank-facebook-data-sharing")`)
	if got, want := eval[[]string](t, ctx, jsTitles), []string{f.bankMeta.Title, f.hostile.Title}; !slices.Equal(got, want) {
		t.Errorf("filtered by the bank rule, the stories are %q, want %q", got, want)
	}
	if err := chromedp.Do(ctx, chromedp.Click(`ol.stories li:first-child a.title`)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `location.pathname.startsWith("/stories/")`)
	if got := eval[string](t, ctx, `document.querySelector("h1").textContent`); got != f.bankMeta.Title {
		t.Errorf("story page heading = %q, want %q", got, f.bankMeta.Title)
	}
	if got := eval[[]string](t, ctx, jsTextMarks); !slices.Equal(got, []string{"bank", "Meta"}) {
		t.Errorf("story text highlights %q, want [bank Meta]", got)
	}
	sources := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("ul.sources li"), li => li.textContent)`)
	if len(sources) != 2 || !strings.Contains(sources[0], "One News") || !strings.Contains(sources[1], "Two Daily") ||
		!strings.Contains(sources[1], "https://two.example/feed") {
		t.Errorf("story sources = %q, want One News and Two Daily with their URLs", sources)
	}
	if got := eval[string](t, ctx, `document.querySelector("span.rule").textContent`); got != "bank-facebook-data-sharing" {
		t.Errorf("story page names rule %q, want bank-facebook-data-sharing", got)
	}
	shot(t, ctx, "story")
	if !eval[bool](t, ctx, jsFits) {
		t.Errorf("the story page is wider than a phone screen")
	}

	// Judge the story for its rule: the click records the label, and the
	// page comes back showing it.
	const bankForm = `form.label[data-rule="bank-facebook-data-sharing"]`
	if got := eval[string](t, ctx, `document.querySelector('`+bankForm+` .state').textContent`); got != "not labelled" {
		t.Errorf("before the click, the rule's label reads %q, want not labelled", got)
	}
	if err := chromedp.Do(ctx, chromedp.Click(bankForm+` button[value=relevant]`)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `location.hash === "#labels" && document.querySelector('`+bankForm+` button[value=relevant]').getAttribute("aria-pressed") === "true"`)
	if got := eval[string](t, ctx, `document.querySelector('`+bankForm+` .state').textContent`); !strings.HasPrefix(got, "labelled relevant") {
		t.Errorf("after the click, the rule's label reads %q, want labelled relevant", got)
	}
	labels, err := f.st.ArticleLabels(t.Context(), f.bankMeta.ID)
	if err != nil || len(labels) != 1 || labels[0].Rule != "bank-facebook-data-sharing" || !labels[0].Relevant {
		t.Errorf("after clicking relevant, the stored labels are %+v, %v; want bank-facebook-data-sharing relevant", labels, err)
	}
	shot(t, ctx, "story-labelled")
	if !eval[bool](t, ctx, jsFits) {
		t.Errorf("the story page with its label buttons is wider than a phone screen")
	}

	// The hostile story's own page shows its title as text.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/stories/"+f.hostile.ID)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `document.querySelector("h1") !== null`)
	if got := eval[string](t, ctx, `document.querySelector("h1").textContent`); got != hostileTitle {
		t.Errorf("hostile story heading = %q, want the title as text %q", got, hostileTitle)
	}
	if !eval[bool](t, ctx, jsClean) {
		t.Errorf("the hostile story put markup into its page")
	}

	// Feed health.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/feeds")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `document.querySelector("h1") !== null`)
	shot(t, ctx, "feeds")
	if body := eval[string](t, ctx, `document.body.innerText`); !strings.Contains(body, "feed: 503 Service Unavailable") || !strings.Contains(body, "1 failing") {
		t.Errorf("feeds page text lacks the failing feed's error:\n%s", body)
	}
}

// TestBrowserEvidence reads a story flagged by a rule of three clauses as
// a person would: the list shows the bank and the data evidence (not the
// word Facebook twice), and the story page marks the terms in its text
// and lists the evidence under a heading per clause.
func TestBrowserEvidence(t *testing.T) {
	f := newFixture(t)
	defs := append(f.set.Rules(), rules.Definition{Name: "meta-bank-data",
		Query: `(facebook OR meta) NEAR/8 (jpmorgan OR citigroup OR banks) AND (data OR transactions OR balances) AND title:(facebook OR banks)`})
	set, err := rules.Compile(defs, nil)
	if err != nil {
		t.Fatal(err)
	}
	f.set = set
	a := &store.Article{
		URL: "https://one.example/2026/03/facebook-banks", Title: "Facebook asks for data", Fetched: t0.Add(time.Hour),
		Feed: store.FeedRef{URL: "https://one.example/rss", Title: "One News"},
		Text: "Facebook has a new feature, Facebook said on Monday, and it will be shown to all of its users in the coming weeks.\n\n" +
			"Facebook asked JPMorgan Chase and Citigroup for detailed financial information.\n\n" +
			"The talks have gone on for months, according to three people who asked not to be named because the talks are private.\n\n" +
			"The social network wants card transactions and checking-account balances of their customers.",
	}
	for _, h := range set.Match(&rules.Doc{Title: a.Title, Text: a.Text}) {
		fl := store.Flag{Rule: h.Rule, Score: h.Score, Stage: "article", Flagged: a.Fetched}
		for _, m := range h.Matches {
			fl.Matches = append(fl.Matches, store.Match{Field: m.Field, Term: m.Term, Offset: m.Offset, Length: m.Length, Snippet: m.Snippet, SnippetOffset: m.SnippetOffset})
		}
		a.Flags = append(a.Flags, fl)
	}
	if len(a.Flags) != 1 || a.Flags[0].Rule != "meta-bank-data" {
		t.Fatalf("the story's flags are %+v, want one of meta-bank-data", a.Flags)
	}
	if err := f.st.PutArticle(t.Context(), a); err != nil {
		t.Fatal(err)
	}
	srv := f.serve(t, "s3cret")
	ctx := browser(t)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/?rule=meta-bank-data"),
		chromedp.WaitVisible(`input[name=token]`),
		chromedp.SendKeys(`input[name=token]`, "s3cret"),
		chromedp.Submit(`input[name=token]`),
	); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `document.querySelector("ol.stories") !== null`)
	shot(t, ctx, "index-evidence")
	quotes := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("ol.stories li blockquote"), q => q.innerText)`)
	marks := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("ol.stories li blockquote mark"), m => m.innerText)`)
	if want := []string{"Facebook asked JPMorgan Chase and Citigroup for detailed financial information.",
		"The social network wants card transactions and checking-account balances of their customers."}; !slices.Equal(quotes, want) {
		t.Errorf("the list shows the snippets %q, want the bank one, then the data one: %q", quotes, want)
	}
	if !slices.Equal(marks, []string{"Facebook", "JPMorgan", "transactions", "balances"}) {
		t.Errorf("the list marks %q, want Facebook, the banks and the data", marks)
	}

	if err := chromedp.Do(ctx, chromedp.Click(`ol.stories li:first-child a.title`)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `location.pathname.startsWith("/stories/")`)
	shot(t, ctx, "story-evidence")
	if !eval[bool](t, ctx, jsFits) {
		t.Errorf("the story page with its evidence is wider than a phone screen")
	}
	// The text, marked in place, each mark saying which clause it met.
	if got, want := eval[[]string](t, ctx, `Array.from(document.querySelectorAll(".story-text p"), p => p.innerText)`), strings.Split(a.Text, "\n\n"); !slices.Equal(got, want) {
		t.Errorf("the story text reads %q, want its paragraphs %q", got, want)
	}
	type mark struct{ Text, Title, Background string }
	textMarks := eval[[]mark](t, ctx, `Array.from(document.querySelectorAll(".story-text mark"), m => ({Text: m.innerText, Title: m.title, Background: getComputedStyle(m).backgroundColor}))`)
	var got []string
	for _, m := range textMarks {
		got = append(got, m.Text)
		if !strings.HasPrefix(m.Title, "meta-bank-data, clause ") || m.Background == "rgba(0, 0, 0, 0)" {
			t.Errorf("mark %+v, want it titled with its rule's clause and highlighted", m)
		}
	}
	if want := []string{"Facebook", "JPMorgan", "transactions", "balances"}; !slices.Equal(got, want) {
		t.Errorf("the story text marks %q, want %q", got, want)
	}
	// The evidence: a heading per clause, its snippets under it.
	type clause struct {
		Heading string
		Quotes  []string
		Marks   []string
	}
	clauses := eval[[]clause](t, ctx, `Array.from(document.querySelectorAll('section.evidence[data-rule="meta-bank-data"] section.clause'), s => ({
		Heading: s.querySelector("h4").innerText,
		Quotes: Array.from(s.querySelectorAll("blockquote"), q => q.innerText),
		Marks: Array.from(s.querySelectorAll("blockquote mark"), m => m.innerText)}))`)
	want := []clause{
		{"Clause 1: (facebook OR meta) NEAR/8 (jpmorgan OR citigroup OR banks)", []string{"Facebook asked JPMorgan Chase and Citigroup for detailed financial information."}, []string{"Facebook", "JPMorgan"}},
		{"Clause 2: (data OR transactions OR balances)", []string{"The social network wants card transactions and checking-account balances of their customers.", "Facebook asks for data"}, []string{"transactions", "balances", "data"}},
		{"Clause 3: title:(facebook OR banks)", []string{"Facebook asks for data"}, []string{"Facebook"}},
	}
	if len(clauses) != len(want) {
		t.Fatalf("the evidence has the clauses %+v, want %+v", clauses, want)
	}
	for i := range want {
		if clauses[i].Heading != want[i].Heading || !slices.Equal(clauses[i].Quotes, want[i].Quotes) || !slices.Equal(clauses[i].Marks, want[i].Marks) {
			t.Errorf("clause %d reads %+v, want %+v", i+1, clauses[i], want[i])
		}
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('section.evidence h3').length`); n != 1 {
		t.Errorf("the story page has %d rule headings, want 1", n)
	}
}
