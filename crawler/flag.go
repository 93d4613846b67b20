package crawler

import (
	"github.com/newshound/newshound/rules"
	"github.com/newshound/newshound/store"
)

// Stages at which a rule can match, recorded on each flag.
const (
	// StageFeed: the feed item's own title and summary matched.
	StageFeed = "feed"
	// StageArticle: the title and extracted main text matched.
	StageArticle = "article"
)

func (c *Crawler) flag(a *store.Article) []store.Flag {
	m := *c.matcher.Load()
	if m == nil {
		return nil
	}
	return Flag(m, a)
}

// Flag runs m on an article's feed text (title and summary) and on its
// extracted text (title and main text), and returns one flag per matching
// rule; a rule that matched the article is recorded at the article stage.
// Flags are dated a.Fetched. rules test and rules apply use it to re-run
// rules over stored stories exactly as the crawler ran them.
func Flag(m Matcher, a *store.Article) []store.Flag {
	feedDoc, artDoc := StageDocs(a)
	byRule := map[string]store.Flag{}
	var order []string
	for _, stage := range []struct {
		name string
		doc  *rules.Doc
	}{{StageFeed, &feedDoc}, {StageArticle, &artDoc}} {
		for _, h := range m.Match(stage.doc) {
			if _, seen := byRule[h.Rule]; !seen {
				order = append(order, h.Rule)
			}
			byRule[h.Rule] = toFlag(h, stage.name, a)
		}
	}
	flags := make([]store.Flag, 0, len(order))
	for _, r := range order {
		flags = append(flags, byRule[r])
	}
	return flags
}

func toFlag(h rules.Hit, stage string, a *store.Article) store.Flag {
	f := store.Flag{Rule: h.Rule, Score: h.Score, Stage: stage, Tags: h.Tags, Flagged: a.Fetched}
	for _, m := range h.Matches {
		f.Matches = append(f.Matches, store.Match{Field: m.Field, Term: m.Term, Offset: m.Offset, Length: m.Length, Snippet: m.Snippet, SnippetOffset: m.SnippetOffset})
	}
	return f
}

// articleWanter is implemented by matchers (*rules.Set) whose rules may
// skip the article fetch when a cheap prefilter on the feed text fails.
type articleWanter interface {
	WantsArticle(doc *rules.Doc) bool
	Rules() []rules.Definition
}

// wantsArticle reports whether any rule wants the article page fetched.
func (c *Crawler) wantsArticle(a *store.Article) bool {
	w, ok := (*c.matcher.Load()).(articleWanter)
	if !ok || len(w.Rules()) == 0 {
		return true // with no rules, every article is still kept for later
	}
	return w.WantsArticle(&rules.Doc{Title: a.Title, Summary: a.Summary, Author: a.Author, URL: a.URL})
}

// StageDocs returns the two documents Flag matches for a stored article:
// the feed item's (title and summary) and the article's (title and
// extracted text), both with the author, URL and feed title.
func StageDocs(a *store.Article) (feed, article rules.Doc) {
	base := rules.Doc{Title: a.Title, Author: a.Author, URL: a.URL, Feed: a.Feed.Title}
	feed, article = base, base
	feed.Summary = a.Summary
	article.Text = a.Text
	return feed, article
}
