package extract

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/markusmobius/go-htmldate"
	"golang.org/x/net/html"
)

func TestTextDate(t *testing.T) {
	tests := []struct {
		in         string
		monthFirst bool
		want       string // "" for none
	}{
		{"Posted 2019-03-12 by Ann", false, "2019-03-12"},
		{"12.03.2019, 14:00", false, "2019-03-12"},
		{"12. 03. 2019", false, "2019-03-12"},
		{"03/04/2019", false, "2019-04-03"},
		{"03/04/2019", true, "2019-03-04"},
		{"13/04/2019", true, "2019-04-13"}, // unambiguous either way
		{"12. März 2019", false, "2019-03-12"},
		{"Le 19 février 2020 à 12:57", false, "2020-02-19"},
		{"3 de mayo de 2022", false, "2022-05-03"},
		{"March 12, 2019", false, "2019-03-12"},
		{"Jan. 5th 2021", false, "2021-01-05"},
		{"1er mars 2020", false, "2020-03-01"},
		{"26, Abril, 2022 7:43 p.m.", false, "2022-04-26"},
		{"الجمعة 8 فيفري 2019", false, "2019-02-08"},  // the Maghreb's February
		{"نشر في 3 أبريل 2021", false, "2021-04-03"},  // Egypt's April
		{"8 февраля 2019 г.", false, "2019-02-08"},    // Russian, genitive
		{"14 Şubat 2020 Cuma", false, "2020-02-14"},   // Turkish
		{"Praha 5. května 2021", false, "2021-05-05"}, // Czech
		{"12-Mar-2019 10:00", false, "2019-03-12"},
		{"Tuesday 12th of March 2019", false, "2019-03-12"},
		{"2019. március 12. 10:00", false, "2019-03-12"},                  // Hungarian
		{"12 martie 2019", false, "2019-03-12"},                           // Romanian
		{"12. maaliskuuta 2019", false, "2019-03-12"},                     // Finnish
		{"12 Μαρτίου 2019", false, "2019-03-12"},                          // Greek
		{"Selasa, 12 Maret 2019", false, "2019-03-12"},                    // Indonesian
		{"发布时间：2019年3月12日 10:00", false, "2019-03-12"},                    // Chinese
		{"2019년 3월 12일", false, "2019-03-12"},                             // Korean
		{"Thứ Ba, 12 tháng 3 năm 2019", false, "2019-03-12"},              // Vietnamese
		{"12 בדצמבר 2019", false, "2019-12-12"},                           // Hebrew, "in December"
		{"12 दिसंबर 2019", false, "2019-12-12"},                           // Hindi, its vowel signs in the name
		{"2019-03-12T10:00:00+01:00", false, ""},                          // a timestamp is metadata's
		{"12 Feber 2019", false, "2019-02-12"},                            // Austrian
		{"2019年3月", false, ""},                                            // a month alone
		{"Apple's 2nd-gen 2019 iPad Pro", false, ""},                      // "gen" is no month here
		{"the 4th-gen 2020 iPad Air", false, ""},                          // nor here
		{"a 5-set 2019 final", false, ""},                                 // "set" neither
		{"Issue 4 of May 2019", false, ""},                                // "of" only after an ordinal
		{"in 2019. Mai 12 Leute", false, ""},                              // no year-first date in German
		{"Pages 11, 12, 2019 edition", false, ""},                         // no month between
		{"Issue 3, 2019. Posted March 12, 2019", false, "2019-03-12"},     // a first non-date match hides nothing
		{"Top 10 Songs 2019 | Posted 12 March 2019", false, "2019-03-12"}, // the same
		{"© 2017 Example GmbH", false, ""},                                // a year alone
		{"März 2020", false, ""},                                          // a month alone
		{"Comunicato n. 03/2020", false, ""},                              // no day
		{"31.02.2020", false, ""},                                         // no such day
		{"12 Foobar 2019", false, ""},                                     // not a month
		{"first 5.6.2020 then 2020-01-01", false, "2020-06-05"},           // the earliest wins
		{"โพสต์เมื่อ : 17 พฤษภาคม 2564", false, "2021-05-17"},             // Thai, the Buddhist era's year
		{"17 พ.ค. 2564", false, "2021-05-17"},                             // Thai, the month abbreviated
		{"17 พฤษภาคม 2021", false, "2021-05-17"},                          // Thai, the Common Era's year
		{"17 ลอยกระทง 2564", false, ""},                                   // not a month
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, at, end := textDate(tt.in, tt.monthFirst)
			got := ""
			if !d.IsZero() {
				got = d.Format("2006-01-02")
				if at < 0 || end <= at || end > len(tt.in) {
					t.Errorf("textDate(%q) offsets = %d, %d, want 0 <= start < end <= %d", tt.in, at, end, len(tt.in))
				}
			}
			if got != tt.want {
				t.Errorf("textDate(%q, %v) = %q, want %q", tt.in, tt.monthFirst, got, tt.want)
			}
		})
	}
}

func TestURLDate(t *testing.T) {
	tests := []struct{ path, want string }{
		{"/2019/03/12/story-slug/", "2019-03-12"},
		{"/news/2022/5/3/story", "2022-05-03"},
		{"/2019-03-12-story", "2019-03-12"},
		{"/archive/20190312/story.html", "2019-03-12"},
		{"/2019/story/", ""},       // a year alone
		{"/2019/13/40/story/", ""}, // not a date
		{"/id/12345678/", ""},
		{"/2019/03/5-ways-to-save/", ""}, // the slug's number
		{"/2019-review/2019/03/5-ways/", ""},
		{"/2019/03/05-bank-shares-data", "2019-03-05"},
		{"/2019/03/5/bank-shares-data", "2019-03-05"},
		{"/film/2011/nov/18/kristen-wiig-bridesmaids", "2011-11-18"}, // The Guardian's
		{"/2011/Sep/5/story", "2011-09-05"},
		{"/2011/nov/story", ""}, // a month alone
		{"/2011/nov/5-ways-to-save/", ""},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			got := ""
			if d, at := urlDate(tt.path); !d.IsZero() {
				got = d.Format("2006-01-02")
				if !strings.HasPrefix(tt.path[at:], got[:4]) {
					t.Errorf("urlDate(%q) offset %d points at %q, want the year", tt.path, at, tt.path[at:])
				}
			}
			if got != tt.want {
				t.Errorf("urlDate(%q) = %q, want %q", tt.path, got, tt.want)
			}
		})
	}
}

func TestWrittenAt(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	tests := []struct {
		name string
		res  htmldate.Result
		want int
	}{
		{"full date", htmldate.Result{DateTime: day("2021-11-11"), SrcString: "Wiesbaden, 11. November 2021"}, 11},
		{"US order", htmldate.Result{DateTime: day("2021-03-04"), SrcString: "03/04/2021"}, 0},
		{"second date", htmldate.Result{DateTime: day("2021-03-05"), SrcString: "Updated 06.03.2021, first 05.03.2021"}, 26},
		{"copyright year", htmldate.Result{DateTime: day("2017-01-01"), SrcString: "© 2017 Luigi Lavazza"}, -1},
		{"month only", htmldate.Result{DateTime: day("2020-03-01"), SrcString: "Comunicato Stampa n. 03/2020"}, -1},
		{"script URL", htmldate.Result{DateTime: day("2012-04-17"), SrcString: `-20120417"></script>`}, -1},
		{"HTML comment", htmldate.Result{DateTime: day("2020-01-18"), SrcString: "18.01.2020 14:46:03 (html) -->"}, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := writtenAt(tt.res); got != tt.want {
				t.Errorf("writtenAt(%q) = %d, want %d", tt.res.SrcString, got, tt.want)
			}
		})
	}
}

func TestFastLabel(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	tests := []struct {
		name string
		res  htmldate.Result
		want label
	}{
		{"labelled update", htmldate.Result{DateTime: day("2020-03-05"), SrcString: "Updated 5 March 2020"}, updateLabel},
		{"update after the date", htmldate.Result{DateTime: day("2020-03-03"), SrcString: "3 March 2020, updated 5 March"}, noLabel},
		{"update word in the URL after the date", htmldate.Result{DateTime: day("2019-03-12"), SrcString: "https://news.example/2019/03/12/updated-rules/"}, noLabel},
		{"update section before the date", htmldate.Result{DateTime: day("2019-03-12"), SrcString: "https://news.example/updates/2019/03/12/"}, updateLabel},
		{"metadata time", htmldate.Result{DateTime: day("2019-12-02"), SrcString: "2019-12-02T17:15:20+00:00"}, noLabel},
		{"date not written in full", htmldate.Result{DateTime: day("2020-03-05"), SrcString: "Aktualisiert vor 2 Stunden"}, updateLabel},
		{"update word 32 bytes before", htmldate.Result{DateTime: day("2019-09-12"), SrcString: "Aktualisiert am Donnerstag, den 12. September 2019"}, updateLabel},
		{"a release date", htmldate.Result{DateTime: day("2019-11-14"), SrcString: "Release: 14.11.2019"}, eventLabel},
		{"a press release's date", htmldate.Result{DateTime: day("2019-03-12"), SrcString: "Press release | 12 March 2019"}, noLabel},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fastLabel(tt.res); got != tt.want {
				t.Errorf("fastLabel(%q) = %v, want %v", tt.res.SrcString, got, tt.want)
			}
		})
	}
}

func TestLabelOf(t *testing.T) {
	tests := []struct {
		text, date string // the date's offset is where date starts in text
		reach      int
		want       label
	}{
		{"Updated 12 September 2019", "12", updateLabelReach, updateLabel},
		{"Posted 12 September 2019", "12", updateLabelReach, publishLabel},
		{"Aktualisiert am Donnerstag, den 12. September 2019", "12.", updateLabelReach, noLabel}, // starts 32 bytes before
		{"Aktualisiert am Donnerstag, den 12. September 2019", "12.", updateLabelReach + longestLabel, updateLabel},
		{"Story credited" + strings.Repeat(" ", 24) + "12 March 2019", "12", updateLabelReach, noLabel}, // "edited" inside "credited"
		{"Updated 3 May 2021 Published 2 May 2021", "2 May", updateLabelReach, publishLabel},            // "Updated" labels the 3rd
		{"Updated 3 May 2021 2 May 2021", "2 May", updateLabelReach, noLabel},                           // nor the 2nd
		{"Updated and published again 5 March 2021", "5 March", updateLabelReach, updateLabel},          // an update outweighs
		{"12 September 2019", "12", updateLabelReach, noLabel},
		{"Stand: 05.12.2008", "05", updateLabelReach, updateLabel},
		{"Letzte Aktualisierung 05.12.2008", "05", updateLabelReach, updateLabel},
		{"Última actualización el Lunes, 15 Marzo 2010", "15", updateLabelReach, updateLabel},
		{"It is currently Sat Mar 16, 2024", "Mar", updateLabelReach, eventLabel}, // a forum's clock
		{"Release: 14.11.2019", "14", updateLabelReach, eventLabel},
		{"Anmeldeschluss: 14.11.2019", "14", updateLabelReach, eventLabel},   // a compound's start
		{"Eventually, on 14 November 2019", "14", updateLabelReach, noLabel}, // "event" inside a word
		{"Release 3 May 2021, posted 2 May 2021", "2 May", updateLabelReach, publishLabel},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			at := strings.Index(tt.text, tt.date)
			if got := labelOf(tt.text, at, tt.reach); got != tt.want {
				t.Errorf("labelOf(%q, %d, %d) = %v, want %v", tt.text, at, tt.reach, got, tt.want)
			}
		})
	}
	for _, w := range append(slices.Clone(updateWords), publishWords...) {
		if n := utf8.RuneCountInString(w); n > longestLabel {
			t.Errorf("%q is %d characters, longer than longestLabel (%d): raise it", w, n, longestLabel)
		}
	}
}

func TestDatelineDate(t *testing.T) {
	const sentence = "The bank said that it had shared the data of its customers with a social network."
	tests := []struct {
		name, text, want string
	}{
		{"date opens the text", "29.11.2022 – Mehrfach und vehement hatte die Branche gewarnt.\n\nMore.", "2022-11-29"},
		{"after a place", "BERLIN, 3 March 2021 - The bank said.\n\nMore.", "2021-03-03"},
		{"in brackets, second paragraph", "A standfirst of the story.\n\n(Karlsruhe, 12.11.2021) Traditionell gedenken", "2021-11-12"},
		{"inside a sentence", "The bank said on 3 March 2021 that it had shared data.\n\nMore.", ""},
		{"third paragraph is not a dateline", sentence + "\n\n" + sentence + "\n\n3 March 2021 - Three.", ""},
		{"short lines before it are labels, not paragraphs", "FOR IMMEDIATE RELEASE\n\n(All amounts in Canadian dollars)\n\n" + sentence + "\n\nTORONTO, May 6, 2015 /CNW/ - The company said.", "2015-05-06"},
		{"no date", "The bank shared data.", ""},
		{"an update is no dateline", "Updated 3 March 2021: the bank said.\n\nMore.", ""},
		{"the headline is no paragraph", "Bank shares data\n\nOne.\n\n3 March 2021 - Two.", "2021-03-03"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := day(datelineDate(tt.text, []string{"Bank shares data"}, false))
			if got != tt.want {
				t.Errorf("datelineDate(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestHeaderDate(t *testing.T) {
	const title = "Bank shares customer data"
	tests := []struct {
		name, body string
		want       string
	}{
		{"byline under heading",
			`<article><h1>Bank shares customer data</h1><p class="byline">By Ann Lee | 12. März 2021</p><p>Text of 2019-01-01.</p></article>`,
			"2021-03-12"},
		{"heading with a script inside",
			`<article><h1>Bank shares customer data<script>var x = 1;</script></h1><p class="byline">By Ann Lee | 12. März 2021</p></article>`,
			"2021-03-12"},
		{"time element",
			`<article><h1>Bank shares customer data</h1><time datetime="2021-03-12T10:00:00+01:00">vor 2 Tagen</time></article>`,
			"2021-03-12"},
		{"update label skipped",
			`<h1>Bank shares customer data</h1><p>Updated 14 March 2021</p><p>Published 12 March 2021</p>`,
			"2021-03-12"},
		{"comment dates ignored",
			`<h1>Bank shares customer data</h1><div class="comments"><p>Ann, 14.03.2021</p></div>`,
			""},
		{"related list ignored",
			`<h1>Bank shares customer data</h1><ul class="related-posts"><li>Other story 01.02.2021</li></ul>`,
			""},
		{"article wrapper with a comment class",
			`<div class="commentable-content"><h1>Bank shares customer data</h1><p>12.03.2021</p></div>`,
			"2021-03-12"},
		{"logo heading is not the title",
			`<h1>Daily News</h1><span>Wednesday, 26.02.2020</span><h2>Bank shares customer data</h2>`,
			""},
		{"indented markup does not count toward the window",
			`<h1>Bank shares customer data</h1>` + strings.Repeat("<div>\n"+strings.Repeat(" ", 40)+"</div>", 12) + `<span>Ann Lee</span> <span>3/5/2021 22:41</span>`,
			"2021-05-03"},
		{"date in its own element glued to the byline",
			`<h1>Bank shares customer data</h1><p>Von Ann Lee<span>1. Januar 2023</span></p>`,
			"2023-01-01"},
		{"a time element's UTC instant on the day its text writes",
			`<h1>Bank shares customer data</h1><span>Published <time datetime="2019-11-20T04:26:50Z">11:26 pm EST, Tuesday, November 19, 2019</time></span>`,
			"2019-11-19"},
		{"an RDFa publication date read as a time element's",
			`<h1>Bank shares customer data</h1><span property="dc:date dc:created" content="2019-04-09T14:05:33+02:00">Soumis par ann le mar, 04/09/2019 - 14:05</span>`,
			"2019-04-09"},
		{"a modification date's element skipped",
			`<h1>Bank shares customer data</h1><p><time itemprop="dateModified" datetime="2018-11-12">November 12, 2018</time></p><p>Ann Lee, 7 October 2018</p>`,
			"2018-10-07"},
		{"a photo caption's date skipped",
			`<h1>Bank shares customer data</h1><figure><img src="a.jpg"><figcaption>In this Dec. 12, 2006, file photo</figcaption></figure>`,
			""},
		{"the title's copy in the site's header bar passed over",
			`<header class="site-header"><h1>Bank shares customer data</h1><span>Nov. 20, 2019</span></header>
			<article><header><h1>Bank shares customer data</h1><p>By Ann Lee November 19, 2019</p></header></article>`,
			"2019-11-19"},
		{"the site header's heading when it is the only one",
			`<header class="site-header"><h1>Bank shares customer data</h1><span>Nov. 20, 2019</span></header>`,
			"2019-11-20"},
		{"an update's date when it is the only one beside the heading",
			`<h1>Bank shares customer data</h1><p>Ann Lee Updated Mar 12, 2020 @ 10:42 am</p><p>Text.</p>`,
			"2020-03-12"},
		{"the article's own footer read, a story card's passed over",
			`<section><article class="card"><h3>Other story</h3><footer>May 24, 2021</footer></article></section><article><h1>Bank shares customer data</h1><footer>June 14, 2021</footer><p>Text.</p></article>`,
			"2021-06-14"},
		{"a page builder's blocks are no widgets",
			`<div class="elementor-widget-theme-post-title"><h1>Bank shares customer data</h1></div><div class="elementor-widget elementor-widget-post-info"><span>Publicat la <time>6 martie 2024</time></span></div>`,
			"2024-03-06"},
		{"a sidebar widget skipped",
			`<h1>Bank shares customer data</h1><div class="widget widget_recent_entries"><p>Other story 01.02.2021</p></div>`,
			""},
		{"the <h2> headline of a page without any <h1>",
			`<div class="module_date-time"><span>September 14, 2017</span></div><h2 class="module_title">Bank shares customer data</h2><p>Text.</p>`,
			"2017-09-14"},
		{"a product's release date skipped",
			`<h1>Bank shares customer data</h1><div class="release"><b>Release:</b> 14.11.2019</div><p>Von Ann Lee, 2. Dezember 2019</p>`,
			"2019-12-02"},
		{"a 'today' bar above the site's navigation passed over",
			`<div class="topbar"><span>Montag, 13.05.2024</span><span><a href="/">Home</a></span></div><nav><a href="/">News</a></nav><h1>Bank shares customer data</h1><p>Text.</p>`,
			""},
		{"a date above the heading with no navigation between",
			`<div class="kicker"><span>Montag, 13.05.2024</span></div><h1>Bank shares customer data</h1><p>Text.</p>`,
			"2024-05-13"},
		{"an update's label in the element after the date is not the date's",
			`<h1>Bank shares customer data</h1><p><span>Posted: November 3, 2021</span><span>Updated: November 5, 2021</span></p>`,
			"2021-11-03"},
		{"a story list's dates above the heading passed over",
			`<section class="strip"><ol><li><a href="/a">Other story</a> <span>05.12.2017</span></li><li><a href="/b">Another</a> <span>02.12.2017</span></li></ol></section><h1>Bank shares customer data</h1><p class="lead">` + strings.Repeat("word ", 30) + `</p><time datetime="2017-12-03T19:45:00+03:00">3 gün önce</time>`,
			"2017-12-03"},
		{"a meta line written as a list above the heading kept",
			`<ul class="meta"><li><a href="/news">News</a></li><li><a href="/ann">Ann Lee</a></li><li>12 March 2019</li></ul><h1>Bank shares customer data</h1><p>Text.</p>`,
			"2019-03-12"},
		{"the window counts characters: a Greek standfirst of 250 letters",
			`<h1>Bank shares customer data</h1><p class="lead">` + strings.Repeat("λέξεις ", 36) + `</p><p>Πέμπτη, 18 Ιουνίου 2015</p>`,
			"2015-06-18"},
		{"date far down the body",
			`<h1>Bank shares customer data</h1><p>` + strings.Repeat("word ", 200) + `On 12.03.2021 it happened.</p>`,
			""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := parseHTML(t, tt.body)
			hd := headerDate(doc, mainHeading(doc, title), false, time.Time{}).t
			got := day(hd)
			if got != tt.want {
				t.Errorf("headerDate(%s) = %q, want %q", tt.name, got, tt.want)
			}
		})
	}
}

// TestHeaderDateDeclared checks that of the dates beside the heading, the one on
// the day the metadata declares is taken, however near another is: an event's
// date opening the text is not the article's.
func TestHeaderDateDeclared(t *testing.T) {
	const title = "Bank shares customer data"
	body := `<p><time datetime="2019-05-10">May 10, 2019</time></p><h1>Bank shares customer data</h1><p>Saturday, June 1, 2019, is the day.</p>`
	doc := parseHTML(t, body)
	for _, tt := range []struct {
		declared time.Time
		want     string
	}{
		{time.Time{}, "2019-06-01"}, // nothing declared: the nearest
		{time.Date(2019, 5, 10, 9, 30, 0, 0, time.UTC), "2019-05-10"},
		{time.Date(2019, 5, 11, 0, 0, 0, 0, time.UTC), "2019-06-01"}, // a day no date beside the heading writes
	} {
		if got := day(headerDate(doc, mainHeading(doc, title), false, tt.declared).t); got != tt.want {
			t.Errorf("headerDate(declared %v) = %q, want %q", tt.declared, got, tt.want)
		}
	}
}

// TestHeaderDateWindowEdges checks that the window around the heading never cuts
// through a date: wherever the window's edge falls, the date is read whole or not at
// all; well inside the window it is read, well outside it is not.
func TestHeaderDateWindowEdges(t *testing.T) {
	const title = "Bank shares customer data"
	check := func(side string, pad, reach int, body string) {
		t.Helper()
		doc := parseHTML(t, body)
		hd := headerDate(doc, mainHeading(doc, title), false, time.Time{}).t
		got := day(hd)
		switch {
		case got != "" && got != "2019-03-12":
			t.Errorf("%s, %d bytes from the heading: headerDate = %q, a cut date", side, pad, got)
		case pad <= reach-20 && got == "":
			t.Errorf("%s, %d bytes from the heading: no date, want 2019-03-12 (inside the window)", side, pad)
		case pad > reach && got != "":
			t.Errorf("%s, %d bytes from the heading: %q, want none (outside the window)", side, pad, got)
		}
	}
	for pad := headerBefore - 40; pad <= headerBefore+20; pad++ {
		check("before", pad, headerBefore-13, `<p>12 March 2019</p><p>`+strings.Repeat("x", pad)+`</p><h1>`+title+`</h1>`)
	}
	for pad := headerAfter - 40; pad <= headerAfter+20; pad++ {
		check("after", pad, headerAfter, `<h1>`+title+`</h1><p>`+strings.Repeat("x", pad)+` 2019-03-12</p>`)
		// the date in elements of its own, which the walk must not stop inside
		check("after, in elements", pad, headerAfter+18, `<h1>`+title+`</h1><p>`+strings.Repeat("x", pad)+` <span>12</span> <span>March</span> <span>2019</span></p>`)
	}
}

func TestTimeValue(t *testing.T) {
	utc := time.Date(2019, 11, 20, 4, 26, 50, 0, time.UTC)
	tests := []struct {
		name, text string
		want       string // the calendar day
	}{
		{"the text a day before", "11:26 pm EST, Tuesday, November 19, 2019", "2019-11-19"},
		{"the same day", "November 20, 2019", "2019-11-20"},
		{"no date in the text", "2 hours ago", "2019-11-20"},
		{"a day too far to be a time zone", "November 17, 2019", "2019-11-20"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := timeValue(utc, tt.text, false)
			if d := got.Format("2006-01-02"); d != tt.want {
				t.Errorf("timeValue(%v, %q) is on %s, want %s", utc, tt.text, d, tt.want)
			}
			if !got.Equal(utc) {
				t.Errorf("timeValue(%v, %q) = %v, not the same instant", utc, tt.text, got)
			}
		})
	}
}

func TestMetaLineDate(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"a line of its own", `<p>Veröffentlicht am 8. Oktober 2010</p>`, "2010-10-08"},
		{"after a separator", `<div>Von Ann Lee | Published: 11.07.2022, 15:20 Uhr</div>`, "2022-07-11"},
		{"German 'posted'", `<p>Eingestellt am 02.12.2008</p>`, "2008-12-02"},
		{"Romanian", `<li><span>Publicat la <time>6 martie 2024</time></span></li>`, "2024-03-06"},
		{"Joomla's created line", `<dd class="create">Creado el Martes, 02 Febrero 2010 12:15</dd>`, "2010-02-02"},
		{"a sentence of the text", `<p>The study, published on 3 March 2019, found that banks share data.</p>`, ""},
		{"a longer word", `<p>Publications 12 March 2019</p>`, ""},
		{"an update's line", `<p>Updated and published again 5 March 2021</p>`, ""},
		{"the first meta line", `<p>The study, published on 3 March 2019, found it.</p><p>Posted 5 March 2021</p>`, "2021-03-05"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := day(metaLineDate(dateStream(parseHTML(t, tt.body), nil, false)))
			if got != tt.want {
				t.Errorf("metaLineDate(%s) = %q, want %q", tt.body, got, tt.want)
			}
		})
	}
}

func TestLabelledDate(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"label before a time element", `<p><span>Erschienen am</span> <time datetime="2022-01-26">26. Jan 2022</time></p>`, "2022-01-26"},
		{"label before a written date", `<p>Posted by Ann Lee on 3 March 2021</p>`, "2021-03-03"},
		{"the first labelled date", `<p>Published 3 March 2021</p><p>Published 5 March 2021</p>`, "2021-03-03"},
		{"an update is not a publication", `<p>Published 3 March 2021, updated 5 March 2021</p>`, "2021-03-03"},
		{"update label first", `<p>Updated and published again 5 March 2021</p>`, ""},
		{"unlabelled date", `<p>The bank said on 3 March 2021 that it shared data.</p>`, ""},
		{"'created' in a sentence", `<p>The fund, created on 3 March 2019, holds data.</p>`, ""},
		{"label too far from the date", `<p>Published by the newsroom of the bank's own press office on 3 March 2021</p>`, ""},
		{"the heading's article's footer", `<article><h1>Bank shares customer data</h1><p>Text.</p><footer><div>Originally posted <time datetime="2018-10-05">October 5, 2018</time></div></footer></article>`, "2018-10-05"},
		{"a story card's footer skipped", `<article class="card"><p>Other</p><footer>Posted May 24, 2021</footer></article><article><h1>Bank shares customer data</h1><p>Text.</p></article>`, ""},
		{"the site's footer skipped", `<article><p>Text.</p></article><footer>Posted 3 March 2020</footer>`, ""},
		{"navigation skipped", `<nav><a href="/b">Other story</a> published 26 January 2022</nav>`, ""},
		{"comments skipped", `<div class="comments"><p>Posted 26 January 2022</p></div>`, ""},
		{"a label's reach counts characters, not bytes", `<dl><dt>Δημοσιεύθηκε:</dt><dd>Πέμπτη, 18 Ιουνίου 2015 11:20</dd></dl>`, "2015-06-18"},
		{"nor in Cyrillic", `<p>Опубликовано: четверг, 18 июня 2015</p>`, "2015-06-18"},
		{"forty-five characters of Latin script are still the reach", `<p>Published in the newsroom of the bank: Thursday, 18 June 2015</p>`, ""},
		{"the publisher's name between the word and the date", `<p>Published in The Halvern Standard on Jan. 24, 2018.</p>`, "2018-01-24"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := parseHTML(t, tt.body)
			got := day(labelledDate(dateStream(doc, mainHeading(doc, "Bank shares customer data"), false)))
			if got != tt.want {
				t.Errorf("labelledDate(%s) = %q, want %q", tt.body, got, tt.want)
			}
		})
	}
}

func TestShortYearDate(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"26.06.23 / B. Wendt", "2023-06-26"},
		{"03.06.17", "2017-06-03"},
		{"1.2.19.4 released", ""}, // a version
		{"31.02.19", ""},
		{"12.13.19", ""},
		{"no date", ""},
	} {
		d, at := shortYearDate(tt.in)
		if got := day(d); got != tt.want || (got != "") != (at >= 0) {
			t.Errorf("shortYearDate(%q) = %q at %d, want %q", tt.in, got, at, tt.want)
		}
	}
	if d, _ := shortYearDate("12.03.98"); d.Year() != 1998 {
		t.Errorf("shortYearDate(12.03.98) = %v, want 1998: a year past next year's is last century's", d)
	}
}

func TestFirstPublishedDate(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"a moved post's note", "Intro.\n\nNote: this post first appeared on my old WordPress blog on July 22, 2016. I moved it.", "2016-07-22"},
		{"German", "Dieser Beitrag ist zuerst erschienen am 3. März 2017 im Blog des Vereins.", "2017-03-03"},
		{"German, the verb first", "Dieser Beitrag erschien erstmals am 29. Februar 2016 – ja, an einem Schalttag!", "2016-02-29"},
		{"Hebrew", "הערה: הפוסט הזה פורסם לראשונה ב-10 במרץ 2013 בבלוג הישן שלי", "2013-03-10"},
		{"a sentence of the text", "The bank said in a statement that the report, first published on 3 March 2019, was wrong.", ""},
		{"a date too far after the words", "Originally published in the print edition of the weekly magazine of the association of banks, 3 March 2019", ""},
		{"no date", "This article was originally published on The Conversation.", ""},
		{"inside a word", "Unfirst published 3 March 2019", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := day(firstPublishedDate(tt.text, false)); got != tt.want {
				t.Errorf("firstPublishedDate(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestBylineDate(t *testing.T) {
	authors := []string{"Loïc Le Clerc"}
	tests := []struct {
		name, body, want string
	}{
		{"after the name", `<p>Par <a>Loïc Le Clerc</a> | 30 septembre 2018</p>`, "2018-09-30"},
		{"second mention", `<p>Loïc Le Clerc writes about banks.</p><p>Loïc Le Clerc, 30.09.2018</p>`, "2018-09-30"},
		{"too far after the name", `<p>Loïc Le Clerc is a reporter who has covered banks since 30 September 2018</p>`, ""},
		{"an update", `<p>Loïc Le Clerc, updated 30.09.2018</p>`, ""},
		{"the name in a sidebar", `<aside><p>Loïc Le Clerc | 30.09.2018</p></aside>`, ""},
		{"no author", `<p>30.09.2018</p>`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := parseHTML(t, tt.body)
			got := day(bylineDate(dateStream(doc, nil, false), authors))
			if got != tt.want {
				t.Errorf("bylineDate(%s) = %q, want %q", tt.body, got, tt.want)
			}
		})
	}
}

// TestBylineDateWindowEdge checks that a date starting within bylineReach bytes
// after the author's name is read whole, and one starting beyond is not read.
func TestBylineDateWindowEdge(t *testing.T) {
	for n := bylineReach - 10; n <= bylineReach+5; n++ {
		// the date starts n+2 bytes after the name: a space, n letters, a space
		body := `<p>Loïc Le Clerc ` + strings.Repeat("x", n) + ` 2018-09-30</p>`
		got := day(bylineDate(dateStream(parseHTML(t, body), nil, false), []string{"Loïc Le Clerc"}))
		want := ""
		if n+2 <= bylineReach {
			want = "2018-09-30"
		}
		if got != want {
			t.Errorf("a date %d bytes after the name: bylineDate = %q, want %q", n+2, got, want)
		}
	}
}

// TestDatelineDateWindowEdge checks that a dateline's date starting within
// datelineReach bytes is read whole, and one starting beyond is not read.
func TestDatelineDateWindowEdge(t *testing.T) {
	for n := datelineReach - 10; n <= datelineReach+5; n++ {
		text := strings.Repeat("(", n) + "2022-11-29 – The bank shared data.\n\nMore."
		got := day(datelineDate(text, nil, false))
		want := ""
		if n <= datelineReach {
			want = "2022-11-29"
		}
		if got != want {
			t.Errorf("a date %d bytes into the paragraph: datelineDate = %q, want %q", n, got, want)
		}
	}
}

func TestParseDate(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		in       string
		dayFirst bool
		want     string
	}{
		{"2019-03-12T10:00:00+01:00", false, "2019-03-12T10:00:00+01:00"},
		{"2019-03-12", false, "2019-03-12T00:00:00Z"},
		{"2019-03-12 at noon", false, "2019-03-12T00:00:00Z"},
		{"2019-02-30 at noon", false, ""}, // no such day: not rolled into March
		{"2019-13-01 at noon", false, ""},
		{"Tue Nov 19 2019 03:05:46 GMT+0000", false, "2019-11-19T03:05:46Z"},
		{"03/04/2019", false, "2019-03-04T00:00:00Z"}, // US English, or no language said
		{"03/04/2019", true, "2019-04-03T00:00:00Z"},  // a page written day first
		{"13/04/2019", false, "2019-04-13T00:00:00Z"}, // a date only one way
		{"04.03.2019", false, "2019-03-04T00:00:00Z"}, // dots are day first everywhere
		{"1899-01-01", false, ""},                     // implausible
		{"2027-01-01", false, ""},                     // after now
		{"", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := ""
			if d := parseDate(tt.in, now, tt.dayFirst); !d.IsZero() {
				got = d.Format(time.RFC3339)
			}
			if got != tt.want {
				t.Errorf("parseDate(%q, dayFirst %v) = %q, want %q", tt.in, tt.dayFirst, got, tt.want)
			}
		})
	}
}

func TestWritesDayFirst(t *testing.T) {
	for lang, want := range map[string]bool{"": false, "en": false, "en-US": false, "en_us": false,
		"en-GB": true, "en-au": true, "de": true, "fr-FR": true, "pt-BR": true} {
		if got := writesDayFirst(lang); got != want {
			t.Errorf("writesDayFirst(%q) = %v, want %v", lang, got, want)
		}
	}
}

// TestExtractPublished checks the order of the date sources through Extract.
// bankPara is a paragraph of article text, long enough for the extractors.
var bankPara = `<p>` + strings.Repeat("The bank shared the data of its customers with an advertising network. ", 12) + `</p>`

// extractPage runs the default Extractor on page, served from rawURL as UTF-8 HTML.
func extractPage(t *testing.T, rawURL, page string) *Result {
	t.Helper()
	u, _ := url.Parse(rawURL)
	res, err := (&Extractor{}).Extract(context.Background(), []byte(page), "text/html; charset=utf-8", u)
	if err != nil {
		t.Fatalf("Extract error: %v", err)
	}
	return res
}

func TestExtractPublished(t *testing.T) {
	tests := []struct {
		name, url, page string
		want            string
	}{
		{"a numeric date beside the heading read the way the dateline writes it", "https://news.example/a",
			`<html lang="en-CA"><head><title>Bank shares data</title><meta name="date" content="2018-02-13T09:41:07-05:00"></head>
			<body><article><div class="module_date-time"><span class="module_date-text">05/06/2015</span></div><h1>Bank shares data</h1><div class="module_subheadline"><em>Record quarterly data sharing</em></div><p>FOR IMMEDIATE RELEASE</p><p>(All amounts in Canadian dollars)</p>
			<p>TORONTO, May 6, 2015 /CNW/ - The bank said that it had shared the data of its customers with a social network.</p>` + bankPara + `</article></body></html>`,
			"2015-05-06T00:00:00Z"},
		{"Drupal's RDFa submitted line: its content, not its month-first text read day first", "https://news.example/a",
			`<html lang="fr"><head><title>Bank shares data</title></head><body><article><h1>Bank shares data</h1>
			<div class="submitted"><span property="dc:date dc:created" content="2019-04-09T14:05:33+02:00" datatype="xsd:dateTime">Soumis par ann le mar, 04/09/2019 - 14:05</span></div>` + bankPara + `</article></body></html>`,
			"2019-04-09T14:05:33+02:00"},
		{"a numeric date htmldate reads against the page's RDFa", "https://news.example/a",
			`<html lang="en"><head><title>Bank shares data</title></head><body><article><h1>Bank shares data</h1>
			<div class="submitted"><span property="dc:date dc:created" content="2019-03-05T10:22:15-06:00" datatype="xsd:dateTime">Posted on: 03/05/2019</span></div>` + bankPara + `</article></body></html>`,
			"2019-03-05T10:22:15-06:00"},
		{"an event's date and a registration deadline ('Anmeldung: bis ...') above Drupal's submitted line", "https://news.example/a",
			`<html lang="de"><head><title>Bank shares data</title></head><body><article><h1>Bank shares data</h1>
			<div class="field"><div class="field-label">Termin:&nbsp;</div><div class="field-items"><span class="date-display-single" property="dc:date" datatype="xsd:dateTime" content="2014-02-15T14:00:00+01:00">Samstag, 15. Februar 2014 - 14:00</span></div></div>
			<div class="field"><div class="field-label">Anmeldung:&nbsp;</div><div class="field-items">bis 12.02.2014 per E-Mail</div></div>
			<p>Wir zeigen, wie man E-Mails verschlüsselt.</p>
			<div class="submitted"><span property="dc:date dc:created" content="2014-01-22T18:03:11+01:00" datatype="xsd:dateTime">Eingereicht von ann am Mi, 22.01.2014 - 18:03</span></div>` + bankPara + `</article></body></html>`,
			"2014-01-22T18:03:11+01:00"},
		{"a date htmldate finds in a list of other stories above a press release", "https://presse.example/meldung/45839",
			`<html lang="de"><head><title>Bank shares data - PresseNetz</title></head><body><div class="ticker"><b>Neueste Pressemitteilungen:</b><ul>
			<li><span class="pmdatum">27.09.2011</span> <a href="/meldung/45840">Heizungsbau erhält Zertifizierung</a></li>
			<li><span class="pmdatum">27.09.2011</span> <a href="/meldung/45838">CRM-Lösung in Version 4</a></li></ul></div>
			<div class="release"><h1>Bank shares data</h1><p>Eine Bank teilt die Daten ihrer Kunden mit einem sozialen Netzwerk, wie ein Sprecher in einer langen Erklärung mitteilte.</p>
			<p><strong>(PresseNetz) Bielefeld, 26.09.2011 –</strong> Die Bank hat die Daten ihrer Kunden mit einem sozialen Netzwerk geteilt.</p>` + bankPara + `</div></body></html>`,
			"2011-09-26T00:00:00Z"},
		{"a month htmldate reads out of a newsletter's number", "https://verein.example/mitteilungen-2-2014.htm",
			`<html lang="de"><head><title>Vereinsmitteilungen 2/2014</title></head><body><p class=MsoTitle>Vereinsmitteilungen 2/2014</p>
			<p>Ausgabe vom 28. April 2014</p><p>Liebe Mitglieder, mit diesen Vereinsmitteilungen möchte der Vorstand Sie über die wichtigsten Termine und Beschlüsse informieren.</p>
			<h1>Rückblick auf die Jahreshauptversammlung</h1>` + bankPara + `<h1>Sommerfest</h1>` + bankPara + `<p>Gedruckt am 05.05.2014 09:31</p></body></html>`,
			"2014-04-28T00:00:00Z"},
		{"phpBB's German clock above the first post's 'Verfasst:'", "https://forum.example/viewtopic.php?t=9",
			`<html lang="de"><head><title>Bank shares data - Forum</title></head><body><table><tr><td class="gensmall" align="right">Aktuelle Zeit: Sa 17. Jan 2009, 11:20<br /></td></tr></table>
			<h2><a href="/viewtopic.php?t=9">Bank shares data</a></h2><table><tr><td><b>Ann</b></td><td><b>Betreff:</b> Bank shares data &nbsp; <b>Verfasst:</b> Di 13. Jan 2009, 19:47</td></tr>
			<tr><td><span class="postdetails"><b>Registriert:</b> Do 3. Mai 2007, 10:02</span></td><td><div class="postbody">` + bankPara + `</div></td></tr>
			<tr><td><b>Bob</b></td><td><div class="postdetails">Verfasst: Fr 16. Jan 2009, 08:12</div><div class="postbody">Danke!</div></td></tr></table></body></html>`,
			"2009-01-13T00:00:00Z"},
		{"a schema plugin's last save as datePublished and dateModified, and the theme's hAtom published date", "https://blog.example/2016/10/pi-hole/",
			`<html lang="de-DE"><head><title>Bank shares data</title><meta property="og:updated_time" content="2023-01-18T21:47:03+01:00">
			<script type="application/ld+json">{"@context":"https://schema.org/","@type":"BlogPosting","headline":"Bank shares data","datePublished":"2023-01-18T21:47:03+01:00","dateModified":"2023-01-18T21:47:03+01:00"}</script></head>
			<body><article class="post hentry"><header class="entry-header"><h1 class="entry-title">Bank shares data</h1></header><div class="entry-content">` + bankPara + bankPara + `</div>
			<footer class="entry-footer"><span class="posted-on">Veröffentlicht am <a href="/2016/10/pi-hole/"><time class="entry-date published" datetime="2016-10-05T19:30:12+02:00">5. Oktober 2016</time><time class="updated" datetime="2023-01-18T21:47:03+01:00">18. Januar 2023</time></a></span>
			<p class="last-edited">Zuletzt bearbeitet am 18. Januar 2023</p></footer></article></body></html>`,
			"2016-10-05T19:30:12+02:00"},
		{"an event word ending the headline labels no date under it", "https://fans.example/news-leser/sonderzug.html",
			`<html lang="de"><head><title>Sonderzug nach Kiel: Anmeldung startet am Montag - Nordkurve</title></head><body><div class="mod_newsreader block">
			<h1>Sonderzug nach Kiel: Anmeldung startet am Montag</h1><p class="info"><time datetime="2014-08-22T19:05:00+02:00">22.08.2014 19:05</time> von Redaktion</p>
			<p>Für das Auswärtsspiel am Sonntag, 14. September 2014, organisiert der Dachverband einen Sonderzug.</p>` + bankPara + `</div></body></html>`,
			"2014-08-22T00:00:00Z"},
		{"a meta line's numeric date read the way its <time datetime> says, not the page's language", "https://blog.example/2011/10/bank/",
			`<html lang="en-US"><head><title>Bank shares data | Blog</title></head><body><div id="content"><article class="post"><header class="entry-header">
			<h1 class="entry-title">Bank shares data</h1><div class="entry-meta"><span class="sep">Posted on </span><a href="/2011/10/bank/" rel="bookmark"><time class="entry-date" datetime="2011-10-07T14:20:31+01:00">07/10/2011</time></a></div></header>
			<div class="entry-content">` + bankPara + `</div></article><div id="comments"><ol class="commentlist"><li>13/10/2011 Great post</li></ol></div></div></body></html>`,
			"2011-10-07T00:00:00Z"},
		{"OceanWP's 'Post published:' on the publisher's day, against UTC metadata of the day before", "https://blog.example/easter-trading-hours/",
			`<html lang="en-AU"><head><title>Bank shares data - Blog</title>
			<script type="application/ld+json">{"@context":"https://schema.org","@type":"BlogPosting","headline":"Bank shares data","datePublished":"2021-03-31T22:00:00+00:00","dateModified":"2021-04-06T01:10:00+00:00"}</script>
			<meta property="article:published_time" content="2021-03-31T22:00:00+00:00"></head>
			<body><header class="page-header"><h1 class="page-header-title clr" itemprop="headline">Reviews</h1></header><article class="blog-entry"><header><h2 class="single-post-title entry-title" itemprop="headline">Bank shares data</h2></header><ul class="meta ospm-default clr">
			<li class="meta-author"><span class="screen-reader-text">Post author:</span><i class="icon-user"></i><a href="/author/ann/">Ann Lee</a></li>
			<li class="meta-date" itemprop="datePublished"><span class="screen-reader-text">Post published:</span><i class="icon-clock"></i>01/04/2021</li>
			<li class="meta-mod-date"><span class="screen-reader-text">Post last modified:</span><i class="icon-note"></i>06/04/2021</li></ul>
			<div class="entry-content">` + bankPara + `</div></article></body></html>`,
			"2021-04-01T00:00:00Z"},
		{"a plugin's last save against the theme's published and updated times under the heading", "https://blog.example/2016/10/pi-hole/",
			`<html lang="de-DE"><head><title>Bank shares data</title>
			<script type="application/ld+json">{"@context":"https://schema.org/","@type":"BlogPosting","headline":"Bank shares data","datePublished":"2023-01-18T21:47:03+01:00","dateModified":"2023-01-18T21:47:03+01:00"}</script></head>
			<body><article class="post hentry"><header class="entry-header"><h1 class="entry-title">Bank shares data</h1>
			<div class="entry-meta"><time class="entry-date published" datetime="2016-10-05T19:30:12+02:00">5. Oktober 2016</time> <time class="updated" datetime="2023-01-18T21:47:03+01:00">18. Januar 2023</time></div></header>
			<div class="entry-content">` + bankPara + `</div></article></body></html>`,
			"2016-10-05T19:30:12+02:00"},
		{"an unedited post's equal published and modified times against another story's hAtom published date", "https://blog.example/2023/03/bank/",
			`<html lang="en"><head><title>Bank shares data</title>
			<script type="application/ld+json">{"@context":"https://schema.org/","@type":"BlogPosting","headline":"Bank shares data","datePublished":"2023-03-01T09:00:00+00:00","dateModified":"2023-03-01T09:00:00+00:00"}</script></head>
			<body><article class="post"><h1>Bank shares data</h1>` + bankPara + bankPara + `</article>
			<div class="featured"><a href="/2020/05/old/">An older story</a> <span class="published">5 May 2020</span></div></body></html>`,
			"2023-03-01T09:00:00Z"},
		{"a headline that is a field's name labels the date under it", "https://verein.example/termine/sommerfest",
			`<html lang="de"><head><title>Termin: Sommerfest</title><meta property="article:published_time" content="2019-05-02T10:00:00+02:00"></head>
			<body><article><h1>Termin: Sommerfest</h1><p>Samstag, 14. September 2019</p>` + bankPara + `</article></body></html>`,
			"2019-05-02T10:00:00+02:00"},
		{"a forum post's 'Verfasst am' before a join date", "https://forum.example/viewtopic.php?t=7",
			`<html lang="de"><head><title>Forum :: Thema anzeigen - Bank shares data</title></head><body><p>Die aktuelle Zeit ist Di 18.02.2025 14:03</p><table><tr><td><span class="maintitle">Bank shares data</span></td></tr>
			<tr><td><span class="postdetails">Anmeldungsdatum: 14.03.2004<br>Beiträge: 812</span></td></tr>
			<tr><td><span class="postdetails">Verfasst am: 12.09.2005 14:33</span></td></tr><tr><td><span class="postbody">` + bankPara + `</span></td></tr>
			<tr><td><span class="postdetails">Verfasst am: 14.09.2005 08:58</span></td></tr><tr><td><span class="postbody">Danke!</span></td></tr></table></body></html>`,
			"2005-09-12T00:00:00Z"},
		{"an old newspaper's 'Artikel vom' under a headline that is no heading", "https://news.example/a",
			`<html lang="de"><head><title>Lahntal-Bote Online - Weilheim</title></head><body><p>Dienstag, 18. Februar 2025</p><table><tr><td><b>Weitere Meldungen</b><br><a href="/x">Rat tagt</a> 02.11.2004<br><a href="/y">Markt</a> 29.10.2004</td><td><font size="5"><b>Bank shares data</b></font><br>
			<font size="1">Von Ann Lee<br>Artikel vom 03.11.2004</font>` + bankPara + `<p>Das Bad soll im Mai 2006 wieder öffnen.</p></td></tr></table></body></html>`,
			"2004-11-03T00:00:00Z"},
		{"a meta line's date beats a generic <meta name=date> a template stamps", "https://news.example/a",
			`<html lang="fr"><head><title>Bank shares data</title><meta name="date" content="2004-09-01"></head><body><table><tr><td>
			<font size="4"><b>Bank shares data</b></font><br><font size="1">Publié le 16/01/2007 à 08h15 | Mis à jour le 17/01/2007 à 11h40</font>` + bankPara + `</td></tr></table></body></html>`,
			"2007-01-16T00:00:00Z"},
		{"a generic <meta name=date> alone is still the page's date", "https://news.example/a",
			`<html lang="fr"><head><title>Bank shares data</title><meta name="date" content="2004-09-01"></head><body><article><h1>Bank shares data</h1>` + bankPara + `</article></body></html>`,
			"2004-09-01T00:00:00Z"},
		{"Drupal's month-first submitted line on a Dutch page, read by its weekday", "https://museum.example/nieuws/potvis",
			`<html lang="nl"><head><title>Bank shares data</title></head><body><div id="main"><h1 class="title">Bank shares data</h1>
			<div class="node"><span class="submitted">Ingezonden door redactie op do, 07/02/2009 - 14:22</span><div class="content">` + bankPara + `</div></div></div></body></html>`,
			"2009-07-02T00:00:00Z"},
		{"a two-digit year after a publication word", "https://news.example/a",
			`<html lang="de"><head><title>Bank shares data</title></head><body><article><h1>Bank shares data</h1>` + bankPara + `<p>Die Praxis ist vom 24.07. bis 11.08.2023 geschlossen.</p><p>Eingestellt am 26.06.23</p></article></body></html>`,
			"2023-06-26T00:00:00Z"},
		{"visible date beats stale metadata", "https://news.example/a",
			`<html><head><title>Bank shares data</title><meta property="article:published_time" content="2017-04-12T10:00:00Z"></head>
			<body><article><h1>Bank shares data</h1><p>Ann Lee | 19 February 2020</p>` + bankPara + `</article></body></html>`,
			"2020-02-19T00:00:00Z"},
		{"metadata backed by a labelled date beats the heading's date alone", "https://news.example/a",
			`<html><head><title>Bank shares data</title><meta property="article:published_time" content="2019-11-18T10:00:00Z"></head>
			<body><article><h1>Bank shares data</h1><p>Ann Lee | 6 December 2006</p>` + bankPara + `<p>Published on 18 November 2019 by the newsroom.</p></article></body></html>`,
			"2019-11-18T10:00:00Z"},
		{"the heading's date backed by a labelled date beats metadata", "https://news.example/a",
			`<html><head><title>Bank shares data</title><meta property="article:published_time" content="2017-04-12T10:00:00Z"></head>
			<body><article><h1>Bank shares data</h1><p>Ann Lee | 19 February 2020</p>` + bankPara + `<p>Published on 19 February 2020 by the newsroom.</p></article></body></html>`,
			"2020-02-19T00:00:00Z"},
		{"visible date next to the headline that rewords the metadata title", "https://news.example/a",
			`<html><head><title>Dead skin cells might be good</title><meta property="og:title" content="Dead skin cells might be good">
			<meta property="article:published_time" content="2017-04-12T10:00:00Z"></head>
			<body><article><h1>Wait, are dead skin cells actually a good thing?</h1><p>Ann Lee | 19 February 2020</p>` + bankPara + `</article></body></html>`,
			"2020-02-19T00:00:00Z"},
		{"the heading's date the metadata declares beats the URL's", "https://news.example/2015/05/27/story/",
			`<html><head><title>Bank shares data</title></head><body><article><h1>Bank shares data</h1>
			<p><time itemprop="datePublished" datetime="2015-06-02T00:00:00+00:00">Jun 2, 2015</time></p>` + bankPara + `</article></body></html>`,
			"2015-06-02T00:00:00Z"},
		{"a meta line's publication date beats a 'today' bar above the heading", "https://news.example/a",
			`<html lang="de"><head><title>Bank shares data</title></head><body><div class="topbar"><ul><li>13. Mai 2024</li></ul></div>
			<article><h1>Bank shares data</h1>` + bankPara + `<p>Veröffentlicht am 8. Oktober 2010</p></article></body></html>`,
			"2010-10-08T00:00:00Z"},
		{"a meta line's publication date beats a page-build date in metadata", "https://news.example/a",
			`<html lang="de"><head><title>Bank shares data</title><meta name="date" content="2024-02-01T03:10:22+01:00"></head>
			<body><article><h1>Bank shares data</h1><div>Von Ann Lee</div><div>Veröffentlicht: 11.07.2022, 15:20 Uhr</div>` + bankPara + `</article></body></html>`,
			"2022-07-11T00:00:00Z"},
		{"a theme's hidden hAtom 'updated' element is no publication date", "https://news.example/a",
			`<html><head><title>Bank shares data</title></head><body><article><h1>Bank shares data</h1>` + bankPara + `
			<div class="meta-info">By <span class="vcard"><a rel="author" href="/ann">Ann Lee</a></span><span class="sep">|</span><span class="updated rich-snippet-hidden">2021-06-14T10:12:44+01:00</span><span>May 3, 2021</span><span class="sep">|</span><a rel="category tag" href="/reviews">Reviews</a></div></article></body></html>`,
			"2021-05-03T00:00:00Z"},
		{"a UTC time in the metadata on the day after the meta line's", "https://news.example/a",
			`<html><head><title>Bank shares data</title><meta property="article:published_time" content="2021-11-04T03:12:00Z"></head>
			<body><article><h1>Bank shares data</h1>` + bankPara + `<p>Published: November 3, 2021 10:12 PM CDT</p></article></body></html>`,
			"2021-11-03T00:00:00Z"},
		{"a UTC time in the metadata beats a meta line days away", "https://news.example/a",
			`<html><head><title>Bank shares data</title><meta property="article:published_time" content="2021-11-04T03:12:00Z"></head>
			<body><article><h1>Bank shares data</h1>` + bankPara + `<p>Published: October 3, 2021</p></article></body></html>`,
			"2021-11-04T03:12:00Z"},
		{"metadata time kept when it agrees", "https://news.example/a",
			`<html><head><title>Bank shares data</title><meta property="article:published_time" content="2020-02-19T10:30:00+01:00"></head>
			<body><article><h1>Bank shares data</h1><p>Ann Lee | 19.02.2020</p>` + bankPara + `</article></body></html>`,
			"2020-02-19T10:30:00+01:00"},
		{"published preferred over modified", "https://news.example/a",
			`<html><head><title>Bank shares data</title><meta property="article:modified_time" content="2021-06-01T08:00:00Z">
			<meta property="article:published_time" content="2021-05-01T08:00:00Z"></head>
			<body><article><h1>Bank shares data</h1>` + bankPara + `</article></body></html>`,
			"2021-05-01T08:00:00Z"},
		{"US English reads month first", "https://news.example/a",
			`<html lang="en-US"><head><title>Bank shares data</title></head><body><article><h1>Bank shares data</h1><p>Ann Lee | 03/04/2021</p>` + bankPara + `</article></body></html>`,
			"2021-03-04T00:00:00Z"},
		{"British English reads day first", "https://news.example/a",
			`<html lang="en-GB"><head><title>Bank shares data</title></head><body><article><h1>Bank shares data</h1><p>Ann Lee | 03/04/2021</p>` + bankPara + `</article></body></html>`,
			"2021-04-03T00:00:00Z"},
		{"URL date", "https://news.example/2019/03/12/bank-shares-data/",
			`<html><head><title>Bank shares data</title></head><body><article><h1>Bank shares data</h1>` + bankPara + `</article></body></html>`,
			"2019-03-12T00:00:00Z"},
		{"dateline opening the text, far under the heading", "https://news.example/a",
			`<html><head><title>Bank shares data</title></head><body><article><h1>Bank shares data</h1><p>` + strings.Repeat("A long standfirst. ", 30) + `</p>
			<p>29.11.2022 – The bank shared the data of its customers with an advertising network.</p>` + bankPara + `<p>It first did so on 3 March 2015.</p></article></body></html>`,
			"2022-11-29T00:00:00Z"},
		{"metadata beats the dateline", "https://news.example/a",
			`<html><head><title>Bank shares data</title><meta property="article:published_time" content="2022-11-28T10:00:00Z"></head><body><article><h1>Bank shares data</h1><p>` + strings.Repeat("A long standfirst. ", 30) + `</p>
			<p>29.11.2022 – The bank shared the data of its customers with an advertising network.</p>` + bankPara + `</article></body></html>`,
			"2022-11-28T10:00:00Z"},
		{"date in the description", "https://news.example/a",
			`<html><head><title>Bank shares data</title><meta name="description" content="Bank shares data (news of 14 Gennaio 2020)"></head>
			<body><article><h1>Bank shares data</h1>` + bankPara + `</article></body></html>`,
			"2020-01-14T00:00:00Z"},
		{"an update date in the description is no publication date", "https://news.example/a",
			`<html><head><title>Bank shares data</title><meta name="description" content="Twenty of them. Article mis à jour le 7 janvier 2020. More."></head>
			<body><article><h1>Bank shares data</h1>` + bankPara + `</article></body></html>`,
			""},
		{"the description's first date not labelled as an update", "https://news.example/a",
			`<html><head><title>Bank shares data</title><meta name="description" content="Updated 8 January 2020, first told on 6 January 2020."></head>
			<body><article><h1>Bank shares data</h1>` + bankPara + `</article></body></html>`,
			"2020-01-06T00:00:00Z"},
		{"URL date beats the description", "https://news.example/2019/03/12/bank-shares-data/",
			`<html><head><title>Bank shares data</title><meta name="description" content="Bank shares data (news of 14 Gennaio 2020)"></head>
			<body><article><h1>Bank shares data</h1>` + bankPara + `</article></body></html>`,
			"2019-03-12T00:00:00Z"},
		{"copyright year is no date", "https://news.example/a",
			`<html><head><title>Bank shares data</title></head><body><article><h1>Bank shares data</h1>` + bankPara +
				`</article><div>© 2017 News Example</div></body></html>`,
			""},
		{"comment date is no date", "https://news.example/a",
			`<html><head><title>Bank shares data</title></head><body><article><h1>Bank shares data</h1>` + bankPara +
				`</article><div id="comments"><div class="comment">Bob says: 25. Februar 2020 um 13:02 Uhr</div></div></body></html>`,
			""},
		{"an update's date, the page's only one, is its last change", "https://news.example/a",
			`<html><head><title>Bank shares data</title></head><body><article><h2>Service news</h2><p class="updated">Last updated: 13 July 2020</p>` + bankPara + `</article></body></html>`,
			"2020-07-13T00:00:00Z"},
		{"a modification time alone, the page's last change", "https://news.example/a",
			`<html><head><title>Bank shares data</title><meta property="og:updated_time" content="2022-01-27T18:34:20+01:00"></head>
			<body><article><h1>Bank shares data</h1>` + bankPara + `</article></body></html>`,
			"2022-01-27T18:34:20+01:00"},
		{"an update date yields to a date in the text", "https://news.example/a",
			`<html><head><title>Bank shares data</title></head><body><article><h2>Service news</h2><p class="updated">Last updated: 13 July 2020</p>` + bankPara + `<p>Ann Lee, 3 March 2019</p></article></body></html>`,
			"2019-03-03T00:00:00Z"},
		{"a labelled publication date beats a modification time", "https://news.example/a",
			`<html><head><title>Bank shares data</title><meta property="og:updated_time" content="2022-01-27T18:34:20+01:00"></head>
			<body><article><h1>Bank shares data</h1>` + bankPara + `<p class="c-teaser__meta"><span>Erschienen am</span> <time datetime="2022-01-26">26. Jan 2022</time></p></article></body></html>`,
			"2022-01-26T00:00:00Z"},
		{"a labelled date written out", "https://news.example/a",
			`<html><head><title>Bank shares data</title></head>
			<body><article><h1>Bank shares data</h1>` + bankPara + `<p>Originally published on 26 January 2022 by the bank's newsroom.</p></article></body></html>`,
			"2022-01-26T00:00:00Z"},
		{"the byline's date, far from the heading", "https://news.example/a",
			`<html><head><title>Bank shares data</title><meta name="author" content="Loïc Le Clerc"></head>
			<body><article><h1>Bank shares data</h1><p>` + strings.Repeat("A long standfirst. ", 30) + `</p>
			<p>Par <span class="author">Loïc Le Clerc</span> | 30 septembre 2018</p>` + bankPara + `<p>It first did so on 3 March 2015.</p></article></body></html>`,
			"2018-09-30T00:00:00Z"},
		{"a slug's number is no day of the URL", "https://news.example/2019/03/5-ways-to-save/",
			`<html><head><title>Bank shares data</title></head><body><article><h1>Bank shares data</h1>` + bankPara + `</article></body></html>`,
			""},
		{"an update section's URL date is no publication date", "https://news.example/updates/2019/03/12/bank-shares-data/",
			`<html><head><title>Bank shares data</title></head><body><article><h1>Bank shares data</h1>` + bankPara + `</article></body></html>`,
			""},
		{"a numeric heading date agrees with metadata that reads it the other way round", "https://news.example/a",
			`<html><head><title>Bank shares data</title><meta property="article:published_time" content="2021-04-03T10:00:00Z"></head>
			<body><article><h1>Bank shares data</h1><p>Ann Lee | 03/04/2021</p>` + bankPara + `</article></body></html>`,
			"2021-04-03T10:00:00Z"},
		{"a heading date written with its month's name does not", "https://news.example/a",
			`<html><head><title>Bank shares data</title><meta property="article:published_time" content="2021-04-03T10:00:00Z"></head>
			<body><article><h1>Bank shares data</h1><p>Ann Lee | 4 March 2021</p>` + bankPara + `</article></body></html>`,
			"2021-03-04T00:00:00Z"},
		{"a date in the URL of a story linked to is not the page's", "https://news.example/politics/democrats-social-security/",
			`<html><head><title>Bank shares data</title></head><body><article><h1>Bank shares data</h1>` + bankPara + `</article>
			<div class="more"><h2><a href="https://news.example/2011/08/19/tv-debut/">TV debut</a></h2><h2><a href="https://news.example/health/diet/">A diet</a></h2></div></body></html>`,
			""},
		{"a date in the URL of a story linked to, with a long slug", "https://news.example/politics/democrats-social-security/",
			`<html><head><title>Bank shares data</title></head><body><article><h1>Bank shares data</h1>` + bankPara + `</article>
			<div class="more"><h2><a href="https://news.example/2011/08/19/tv-network-to-debut-a-reality-show-about-plus-size-models-and-their-families-next-month-in-new-york/">TV debut</a></h2></div></body></html>`,
			""},
		{"a date in the URL of WordPress's link to the previous post is not the page's", "https://blog.example/stand-up-guys/",
			`<html><head><title>Bank shares data</title><link rel='prev' title='TV debut' href='https://blog.example/2011/08/19/tv-debut/' /></head><body><article><h1>Bank shares data</h1>` + bankPara + `</article></body></html>`,
			""},
		{"a date in the page's own canonical URL is the page's", "https://m.news.example/a?id=1",
			`<html><head><title>Bank shares data</title><link rel="canonical" href="https://news.example/2019/03/12/bank-shares-data/"></head><body><article><h1>Bank shares data</h1>` + bankPara + `</article></body></html>`,
			"2019-03-12T00:00:00Z"},
		{"future date rejected", "https://news.example/a",
			`<html><head><title>Bank shares data</title><meta property="article:published_time" content="2999-01-01T00:00:00Z"></head>
			<body><article><h1>Bank shares data</h1>` + bankPara + `</article></body></html>`,
			""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := extractPage(t, tt.url, tt.page)
			got := ""
			if !res.Published.IsZero() {
				got = res.Published.Format(time.RFC3339)
			}
			if got != tt.want {
				t.Errorf("Extract(%s).Published = %q (%s), want %q", tt.name, got, res.DateSource, tt.want)
			}
		})
	}
}

// TestExtractDateSource checks that Result.DateSource names where the date was read.
func TestExtractDateSource(t *testing.T) {
	page := func(head, body string) string {
		return `<html><head><title>Bank shares data</title>` + head + `</head><body><article><h1>Bank shares data</h1>` + body + bankPara + `</article></body></html>`
	}
	tests := []struct{ name, url, page, want string }{
		{"metadata", "https://news.example/a", page(`<meta property="article:published_time" content="2020-02-19T10:00:00Z">`, ``), DateMetadata},
		{"metadata agreeing with the heading", "https://news.example/a", page(`<meta property="article:published_time" content="2020-02-19T10:00:00Z">`, `<p>Ann Lee | 19 February 2020</p>`), DateMetadata},
		{"a time element", "https://news.example/a", page(``, `<p><time datetime="2020-02-19">yesterday</time></p>`), DateMarkup},
		{"the heading against stale metadata", "https://news.example/a", page(`<meta property="article:published_time" content="2017-04-12T10:00:00Z">`, `<p>Ann Lee | 19 February 2020</p>`), DateHeading},
		{"the dateline", "https://news.example/a", page(``, `<p>`+strings.Repeat("A long standfirst. ", 30)+`</p><p>29.11.2022 – The bank shared data.</p>`), DateDateline},
		{"the description", "https://news.example/a", page(`<meta name="description" content="Bank shares data (news of 14 Gennaio 2020)">`, ``), DateDescription},
		{"none", "https://news.example/a", page(``, ``), ""},
		{"the last change alone", "https://news.example/a", page(`<meta property="article:modified_time" content="2020-02-19T10:00:00Z">`, ``), DateModified},
		{"htmldate's search of the text", "https://news.example/a", page(``, `<p>`+strings.Repeat("A long standfirst. ", 30)+`</p>`+bankPara+`<div class="foot">19 February 2020</div>`), DateSearch},
		{"a moved post's first publication", "https://news.example/a", page(`<meta property="article:published_time" content="2024-05-02T10:00:00Z">`, `<p>Ann Lee | 2 May 2024</p><blockquote><p><strong>Note:</strong> this post first appeared on my old blog on <strong>July 22, 2016</strong>.</p></blockquote>`), DateFirstPublished},
		{"a first publication on the day of the last change", "https://news.example/a", page(`<meta property="article:modified_time" content="2016-07-22T10:00:00Z">`, `<p>`+strings.Repeat("A long standfirst. ", 30)+`</p><p>Note: this post first appeared on my old blog on July 22, 2016.</p>`), DateFirstPublished},
		{"a first publication after the last change does not replace it", "https://news.example/a", page(`<meta property="article:modified_time" content="2016-07-22T10:00:00Z">`, `<p>`+strings.Repeat("A long standfirst. ", 30)+`</p><p>Note: this post first appeared on my old blog on July 22, 2018.</p>`), DateModified},
		{"a first publication after the metadata's is not", "https://news.example/a", page(`<meta property="article:published_time" content="2014-05-02T10:00:00Z">`, `<p>`+strings.Repeat("A long standfirst. ", 30)+`</p><p>Originally published on 22 July 2016.</p>`), DateMetadata},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := extractPage(t, tt.url, tt.page)
			if res.DateSource != tt.want {
				t.Errorf("Extract(%s).DateSource = %q (date %v), want %q", tt.name, res.DateSource, res.Published, tt.want)
			}
		})
	}
}

// parseHTML parses body as a page.
func parseHTML(t *testing.T, body string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatalf("html.Parse: %v", err)
	}
	return doc
}

// day is d's calendar date, or "" for the zero time.
func day(d time.Time) string {
	if d.IsZero() {
		return ""
	}
	return d.Format("2006-01-02")
}

// TestIsUpdateLabel checks that update words count only at the start of a word.
func TestIsUpdateLabel(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"Updated: ", true},
		{"Zuletzt aktualisiert am ", true},
		{"mis à jour le ", true},
		{"Photo credited to AP, ", false}, // "edited" inside a word
		{"Published ", false},
	}
	for _, tt := range tests {
		if got := isUpdateLabel(tt.in); got != tt.want {
			t.Errorf("isUpdateLabel(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	text := "republished and reposted"
	labelWords(text, 0, len(text), func(w labelWord, start, _ int) bool {
		t.Errorf("label word %q read inside a word of %q at %d", w.text, text, start)
		return true
	})
}

// TestLabelWordsStartWords checks that every label word is found where it starts
// a word, in any script (Go's \b knows only ASCII), and not inside one.
func TestLabelWordsStartWords(t *testing.T) {
	kinds := []struct {
		words []string
		want  label
	}{{updateWords, updateLabel}, {publishWords, publishLabel}, {eventWords, eventLabel}}
	for _, k := range kinds {
		for _, w := range k.words {
			text := w + " 12.03.2019"
			if got := labelOf(text, len(w)+1, updateLabelReach+longestLabel); got != k.want {
				t.Errorf("labelOf(%q) = %v, want %v", text, got, k.want)
			}
			want := noLabel
			if _, tail, ok := strings.Cut(w, " "); ok {
				if tw, alone := labelWordAt(tail, 0); alone && tw.text == tail {
					want = k.want // "post published": its last word labels on its own
				}
			}
			text = "x" + w + " 12.03.2019"
			if got := labelOf(text, len(w)+2, updateLabelReach+longestLabel); got != want {
				t.Errorf("labelOf(%q) = %v, want %v: the word is inside another", text, got, want)
			}
		}
	}
}

// TestPublishedOrdinaryPages holds the date rules to what they must not do on
// ordinary pages: dates of other stories, embeds, prose and press releases.
func TestPublishedOrdinaryPages(t *testing.T) {
	tests := []struct {
		name, url, page, want string
	}{
		{"a Facebook embed's 'Posted by ... on' in the text", "https://news.example/a",
			`<html><head><title>Bank shares data</title><meta property="article:published_time" content="2021-06-01T10:00:00Z"></head><body><article><h1>Bank shares data</h1><p>Ann Lee | 1 June 2021</p>` + bankPara +
				`<blockquote class="fb-xfbml-parse-ignore"><p>Our statement.</p>Posted by <a href="/bank">Bank</a> on&nbsp;<a href="/p">Sunday, March 3, 2019</a></blockquote></article></body></html>`,
			"2021-06-01"},
		{"a teaser's meta line below the article", "https://news.example/a",
			`<html lang="de"><head><title>Bank shares data</title><meta property="article:published_time" content="2024-05-08T10:00:00+02:00"></head><body><article><h1>Bank shares data</h1><p>Von Ann Lee | 8. Mai 2024</p>` + bankPara +
				`</article><div class="teaser-list"><div class="teaser"><h3>Andere Geschichte</h3><p>Veröffentlicht am 3. März 2020</p></div></div></body></html>`,
			"2024-05-08"},
		{"story cards' footers above the article", "https://news.example/a",
			`<html><head><title>Bank shares customer data</title><meta property="article:published_time" content="2021-06-14T10:00:00Z"></head><body><section><article class="card"><h3>Other story</h3><footer>Posted May 24, 2021</footer></article></section>
			<article><h1>Bank shares customer data</h1><footer>June 14, 2021</footer>` + bankPara + `</article></body></html>`,
			"2021-06-14"},
		{"a latest-news list's meta line against the metadata", "https://news.example/a",
			`<html><head><title>Bank shares customer data</title><script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2021-06-14T10:00:00Z"}</script></head><body><div class="latest-news"><ul><li><a href="/x">Other story</a><br>Posted: 3 March 2020</li></ul></div>
			<article><h1>Bank shares customer data</h1><p>June 14, 2021</p>` + bankPara + `</article></body></html>`,
			"2021-06-14"},
		{"'created' in a sentence", "https://news.example/a",
			`<html><head><title>Bank shares data</title></head><body><article><h1>Bank shares data</h1><p>Ann Lee, 1 June 2021</p>` + bankPara + `<p>The fund, created on 3 March 2019, now holds the data of its customers.</p>` + bankPara + `</article></body></html>`,
			"2021-06-01"},
		{"an update in a sentence older than the metadata", "https://news.example/a",
			`<html><head><title>Bank shares data</title><meta property="article:published_time" content="2021-06-01T10:00:00Z"></head><body><article><h1>Bank shares data</h1><p>The bank's privacy policy, last updated on 3 March 2015, says it may share data.</p>` + bankPara + `</article></body></html>`,
			"2021-06-01"},
		{"a press release's date", "https://corp.example/press-releases/2019/03/12/bank-shares-data",
			`<html><head><title>Bank shares data</title></head><body><article><h1>Bank shares data</h1><p>Press release | 12 March 2019</p>` + bankPara + `</article></body></html>`,
			"2019-03-12"},
		{"a Russian meta line", "https://news.example/a",
			`<html lang="ru"><head><title>Bank shares data</title></head><body><div class="top"><span>13 мая 2024</span></div><article><h1>Bank shares data</h1>` + bankPara + `<p>Опубликовано 12 марта 2019</p></article></body></html>`,
			"2019-03-12"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := extractPage(t, tt.url, tt.page)
			if got := day(res.Published); got != tt.want {
				t.Errorf("Published = %q (%s), want %q", got, res.DateSource, tt.want)
			}
		})
	}
}

// TestLabelOfSeparatorsAndNearness checks which word labels a date where an
// event word and a publication word both stand before it.
func TestLabelOfSeparatorsAndNearness(t *testing.T) {
	tests := []struct {
		text string
		want label
	}{
		{"Press release | 12 March 2019", noLabel}, // the separator parts them
		{"News release 12 March 2019", publishLabel},
		{"For immediate release: March 12, 2019", publishLabel},
		{"Posted in Events | 12 March 2019", noLabel},
		{"News & Events · March 12, 2019", noLabel},
		{"Events · Posted 12 March 2019", publishLabel},
		{"It is currently raining. Posted 12 March 2019", publishLabel},
		{"It is currently Sat Mar 16, 2024", eventLabel},
		{"Опубликовано 12 марта 2019", publishLabel},
		{"Δημοσιεύθηκε 12 Μαρτίου 2019", publishLabel},
	}
	for _, tt := range tests {
		at := strings.IndexAny(tt.text, "0123456789")
		if strings.HasPrefix(tt.text, "It is currently Sat") {
			at = strings.Index(tt.text, "Mar")
		}
		if strings.HasPrefix(tt.text, "For immediate") {
			at = strings.Index(tt.text, "March")
		}
		if got := labelOf(tt.text, at, updateLabelReach); got != tt.want {
			t.Errorf("labelOf(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}
