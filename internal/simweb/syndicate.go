package simweb

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// Syndication says how a syndicated copy of a story differs from the
// original, as a wire story differs between the outlets that run it. The
// zero value copies the text unchanged.
type Syndication struct {
	// Title and Author are the outlet's own headline and byline; empty
	// keeps the original's.
	Title, Author string
	// Edits is the number of light edits, each one of: a rewritten lead
	// (about one word in six dropped and the outlet's wording added), a
	// body paragraph dropped, or a line of outlet boilerplate (newsletter
	// sign-up, related link, copyright notice) inserted. Zero edits copy
	// the text.
	Edits int
	// Truncate drops the story's last paragraph, as outlets cut wire copy
	// to fit.
	Truncate bool
	// Seed picks the edits deterministically.
	Seed uint64
	// Delay is how long after the original the copy is published.
	Delay time.Duration
}

// boilerplate are lines outlets add to wire copy.
var boilerplate = []string{
	"Sign up for our morning newsletter and get the day's top stories in your inbox.",
	"RELATED: How to check which apps can see your data, and how to turn them off",
	"Copyright 2025 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed without permission.",
	"Read more business news | Comments | Share this story",
	"This story has been updated with additional reporting.",
}

// SyndicatedText returns the text of a copy of text (paragraphs separated
// by blank lines) edited as s says. It is what Syndicate publishes.
func SyndicatedText(text string, s Syndication) string {
	rng := rand.New(rand.NewPCG(s.Seed, 0x5eed))
	paras := strings.Split(text, "\n\n")
	if s.Truncate && len(paras) > 2 {
		paras = paras[:len(paras)-1]
	}
	for range s.Edits {
		switch rng.IntN(3) {
		case 0:
			paras[0] = rewrite(rng, paras[0])
		case 1:
			if len(paras) > 3 {
				i := 1 + rng.IntN(len(paras)-2)
				paras = append(paras[:i], paras[i+1:]...)
			}
		default:
			i := 1 + rng.IntN(len(paras))
			line := boilerplate[rng.IntN(len(boilerplate))]
			paras = append(paras[:i], append([]string{line}, paras[i:]...)...)
		}
	}
	return strings.Join(paras, "\n\n")
}

// rewrite drops about one word in six of p and adds an outlet's phrase.
func rewrite(rng *rand.Rand, p string) string {
	words := strings.Fields(p)
	out := make([]string, 0, len(words)+4)
	for i, w := range words {
		if i > 0 && rng.IntN(6) == 0 {
			continue
		}
		out = append(out, w)
	}
	phrases := []string{"people familiar with the matter said,", "officials confirmed,", "the report said,", "in a move that surprised analysts,"}
	at := rng.IntN(len(out) + 1)
	out = append(out[:at], append([]string{phrases[rng.IntN(len(phrases))]}, out[at:]...)...)
	return strings.Join(out, " ")
}

// Syndicate publishes an edited copy of orig (an article of this web, from
// Articles or AddFeedItem) at the top of the feed at feedURL, usually on
// another site, and returns the copy's ground truth. The copy keeps orig's
// Kind; its page names its own URL as canonical, as outlets' pages do.
func (w *Web) Syndicate(feedURL string, orig Article, s Syndication) (Article, error) {
	text := SyndicatedText(orig.Text, s)
	p := Post{Kind: orig.Kind, Title: orig.Title, Author: orig.Author, Text: text, Published: orig.Published.Add(s.Delay)}
	if s.Title != "" {
		p.Title = s.Title
	}
	if s.Author != "" {
		p.Author = s.Author
	}
	a, err := w.AddFeedItem(feedURL, p)
	if err != nil {
		return Article{}, fmt.Errorf("simweb: syndicate %s: %w", orig.URL, err)
	}
	return a, nil
}

// Repost lists the article at articleURL at the top of the feed at
// feedURL, a feed of the same site, under another path of the site (a
// print or mobile URL, say, beginning with "/"), where the same page is
// served: a page that names the original URL canonical. The ground truth
// (Articles) does not change. It returns the new link.
func (w *Web) Repost(feedURL, articleURL, path string) (string, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	fd := w.feedByURL(feedURL)
	if fd == nil {
		return "", fmt.Errorf("simweb: repost: %q is not a feed of this simulated web; use one from FeedURLs", feedURL)
	}
	s := fd.site
	var orig *article
	for _, a := range s.articles {
		if a.URL == articleURL {
			orig = a
		}
	}
	switch {
	case orig == nil:
		return "", fmt.Errorf("simweb: repost: %q is not an article of the site of %s", articleURL, feedURL)
	case !strings.HasPrefix(path, "/") || s.pages[path] != nil || s.feedPaths[path] != nil:
		return "", fmt.Errorf("simweb: repost: path %q is not a free absolute path of the site", path)
	}
	alias := &article{Article: orig.Article, path: path, page: orig.page}
	alias.URL, alias.FeedURL = s.base+path, feedURL
	s.pages[path] = alias
	fd.items = append([]*article{alias}, fd.items...)
	fd.render()
	return alias.URL, nil
}
