package extract

import (
	"fmt"
	"strings"
)

// articlePage returns an article page whose navigation, footer, comments and related
// links mention Facebook and a bank, while the article itself does not.
func articlePage(title, para string, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="en"><head><title>%s - The Daily Example</title>
<meta property="og:site_name" content="The Daily Example">
<meta property="article:published_time" content="2024-03-05T09:30:00+01:00">
<meta name="author" content="Jane Roe">
<link rel="canonical" href="/news/2024/story">
</head><body>
<nav class="menu"><ul><li><a href="/">Home</a></li><li><a href="/fb">Follow us on Facebook</a></li>
<li><a href="/bank">Bank offers of the week</a></li></ul></nav>
<header><p>Sign in to your Facebook account to comment</p></header>
<article><h1>%s</h1><p class="byline">By Jane Roe</p>`, title, title)
	for i := range n {
		fmt.Fprintf(&b, "<p>%s (part %d of the story.)</p>\n", para, i+1)
	}
	b.WriteString(`</article>
<aside class="related"><h3>Related stories</h3><ul><li><a href="/a">Bank merger talks stall again</a></li>
<li><a href="/b">Facebook shares fall after the report</a></li></ul></aside>
<section id="comments" class="comments"><h3>Comments</h3>
<div class="comment"><p>My bank sold my data to Facebook, I am sure of it.</p></div></section>
<footer class="site-footer"><p>Share on Facebook. Our partner bank sponsors this site. Copyright 2024.</p></footer>
</body></html>`)
	return b.String()
}

const storyPara = "The city council approved the new budget for public libraries on Tuesday evening, " +
	"after a long debate about opening hours, staff and the renovation of the old reading rooms"
