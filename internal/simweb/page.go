package simweb

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// comments are readers' comments shown under every article. Several mention
// Facebook, banks and sharing data: a crawler that reads them as part of the
// story would flag stories that are not about the subject.
var comments = []struct{ who, text string }{
	{"pennywise_44", "Next thing you know Facebook will want my bank statements too. I am not sharing my data with them, full stop."},
	{"Marta K.", "Good reporting. Shared this on Facebook and sent it to my brother on Messenger."},
	{"old_timer", "My bank already sells my data to anyone who asks, so none of this surprises me."},
	{"devnull", "Does anyone actually read these privacy policies? Genuine question."},
	{"Quiet Reader", "I deleted Facebook years ago and moved to a small credit union. Best decision I made."},
	{"J. Ortega", "The comments here are always better than the article."},
}

// renderPage builds the article's HTML page: the story inside <article>,
// wrapped in the boilerplate of a real news site.
func (s *site) renderPage(a *article) []byte {
	var b strings.Builder
	b.Grow(len(a.Text) + 8192)
	published := a.Published.Format(time.RFC3339)
	fmt.Fprintf(&b, `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>%s | %s</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="%s">
<meta name="author" content="%s">
<meta property="og:type" content="article">
<meta property="og:title" content="%s">
<meta property="og:site_name" content="%s">
<meta property="og:url" content="%s">
<meta property="article:published_time" content="%s">
<link rel="canonical" href="%s">
<link rel="alternate" type="%s" title="%s" href="%s">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":%s,"datePublished":%s,"author":{"@type":"Person","name":%s}}</script>
<link rel="stylesheet" href="/static/site.css">
</head>
<body>
`, esc(a.Title), esc(s.name), esc(a.Summary), esc(a.Author), esc(a.Title), esc(s.name), a.URL, published, a.URL,
		s.feeds[0].format.mediaType(), esc(s.feeds[0].title), s.feeds[0].url, jstr(a.Title), jstr(published), jstr(a.Author))
	s.header(&b)
	fmt.Fprintf(&b, `<main id="content">
<article class="story">
<h1 class="headline">%s</h1>
<p class="byline">By <a rel="author" href="/authors/%s">%s</a> &middot; <time datetime="%s">%s</time></p>
<div class="share-tools"><a href="#share-facebook">Share on Facebook</a> <a href="#share-messenger">Send with Messenger</a> <a href="#share-email">Email</a></div>
<div class="story-body">
`, esc(a.Title), slug(a.Author), esc(a.Author), published, a.Published.Format("January 2, 2006 3:04 PM MST"))
	for _, p := range strings.Split(a.Text, "\n\n") {
		fmt.Fprintf(&b, "<p>%s</p>\n", esc(p))
	}
	b.WriteString("</div>\n</article>\n")
	s.related(&b, a)
	s.comments(&b, a)
	b.WriteString("</main>\n")
	s.footer(&b)
	b.WriteString("</body>\n</html>\n")
	return []byte(b.String())
}

func (s *site) header(b *strings.Builder) {
	fmt.Fprintf(b, `<div id="cookie-banner" class="cookie-consent" role="dialog">
<p>We and our bank partners use cookies to personalise ads and measure traffic. We share data about your use of this site with Facebook and other advertising partners. <a href="/privacy">Manage choices</a> <button>Accept all</button></p>
</div>
<header class="site-header">
<a class="logo" href="/">%s</a>
<nav class="main-nav"><ul>
<li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/technology">Technology</a></li>
<li><a href="/business/banking">Banking</a></li><li><a href="/topics/facebook">Facebook</a></li>
<li><a href="/markets">Markets</a></li><li><a href="/privacy-and-data">Your data</a></li>
</ul></nav>
<form class="search" action="/search"><input name="q" placeholder="Search"></form>
</header>
`, esc(s.name))
}

// related lists up to four other stories of the site; their titles may be
// about Facebook and banks even when the story is not.
func (s *site) related(b *strings.Builder, a *article) {
	b.WriteString("<aside class=\"related-stories\">\n<h2>Related stories</h2>\n<ul>\n")
	n := 0
	for _, o := range s.articles {
		if o != a && n < 4 {
			fmt.Fprintf(b, "<li><a href=\"%s\">%s</a></li>\n", o.path, esc(o.Title))
			n++
		}
	}
	b.WriteString("</ul>\n</aside>\n")
}

func (s *site) comments(b *strings.Builder, a *article) {
	b.WriteString("<section id=\"comments\" class=\"comments\">\n<h2>Comments</h2>\n")
	first := len(a.Title) % len(comments)
	for i := range 3 {
		c := comments[(first+i)%len(comments)]
		fmt.Fprintf(b, "<div class=\"comment\"><span class=\"comment-author\">%s</span><p class=\"comment-text\">%s</p></div>\n",
			esc(c.who), esc(c.text))
	}
	b.WriteString("<p class=\"comment-login\">Log in with Facebook to comment.</p>\n</section>\n")
}

func (s *site) footer(b *strings.Builder) {
	fmt.Fprintf(b, `<footer class="site-footer">
<p>Follow us: <a href="#facebook">Facebook</a> &middot; <a href="#messenger">Messenger</a> &middot; <a href="#newsletter">Newsletter</a></p>
<p>Advertising: our bank partners and sponsors help pay for our journalism. Read how we use and share your data in our <a href="/privacy">privacy policy</a>.</p>
<p>&copy; %d %s. All stories on this site are simulated for testing.</p>
</footer>
`, s.web.opts.Now.Year(), esc(s.name))
}

// renderIndex builds the home page: a link to every feed and article.
func (s *site) renderIndex() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>%s</title>\n", esc(s.name))
	for _, f := range s.feeds {
		fmt.Fprintf(&b, "<link rel=\"alternate\" type=\"%s\" title=\"%s\" href=\"%s\">\n",
			f.format.mediaType(), esc(f.title), f.path)
	}
	b.WriteString("</head>\n<body>\n")
	s.header(&b)
	b.WriteString("<main>\n<ul class=\"headlines\">\n")
	for _, a := range s.articles {
		fmt.Fprintf(&b, "<li><a href=\"%s\">%s</a></li>\n", a.path, esc(a.Title))
	}
	b.WriteString("</ul>\n</main>\n")
	s.footer(&b)
	b.WriteString("</body>\n</html>\n")
	return []byte(b.String())
}

// robots is the site's robots.txt.
func (s *site) robots() []byte {
	return []byte("# robots.txt for " + s.name + "\nUser-agent: *\nDisallow: /private/\nDisallow: /search\n\nUser-agent: BadBot\nDisallow: /\n")
}

// jstr returns s as a JSON string, safe inside a <script> element.
func jstr(s string) string {
	b, _ := json.Marshal(s) // a string always marshals
	return string(b)
}
