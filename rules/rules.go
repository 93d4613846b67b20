package rules

// Definition is one rule as written in the configuration. The zero value is
// not a valid rule: Name and Query are required.
type Definition struct {
	// Name identifies the rule in flags, exports and errors. Required.
	Name string
	// Query is the boolean query, in the grammar of this package. Required.
	Query string
	// MinScore is the score a document must reach for the rule to flag it.
	// Zero means any match flags.
	MinScore float64
	// Tags are free labels copied onto every flag the rule raises.
	Tags []string
	// Stem enables English stemming of the rule's words and the document's:
	// bank then matches banks and banking. Wildcard words are not stemmed.
	Stem bool
	// Prefilter is an optional cheap query run on the feed item's own text
	// (title and summary) to decide whether the full article is worth
	// fetching for this rule; see Set.WantsArticle. Empty means the rule
	// always wants the article.
	Prefilter string
	// ClauseLabels are optional names, for people, of the query's
	// top-level clauses (the parts its outermost AND joins, or the whole
	// query when it is not an AND), in order: story pages head each
	// clause's evidence with its label. Empty means none; otherwise there
	// must be one per clause, and none may be blank.
	ClauseLabels []string
}

// Doc is the text a rule set is matched against. Empty fields never match.
type Doc struct {
	// Title is the story's headline.
	Title string
	// Summary is the feed item's own text (description or content).
	Summary string
	// Text is the main text extracted from the article page.
	Text string
	// Author is the byline.
	Author string
	// URL is the article's address.
	URL string
	// Feed is the title of the feed the story came from.
	Feed string
}

// Match is one matched clause of a rule: the term, where it was found and the
// words around it.
type Match struct {
	// Field is the document field the term was found in: "title",
	// "summary", "text", "author", "url" or "feed".
	Field string `json:"field"`
	// Term is the query term (word, phrase or pattern) that matched.
	Term string `json:"term"`
	// Offset is the byte offset of the match in the field's text.
	Offset int `json:"offset"`
	// Length is the byte length of the matched text.
	Length int `json:"length"`
	// Snippet is the matched text with up to 8 words of context either
	// side, white space collapsed, "…" where the field goes on.
	Snippet string `json:"snippet"`
	// SnippetOffset is the byte offset of the matched text in Snippet; the
	// matched text is Snippet[SnippetOffset:SnippetOffset+Length].
	SnippetOffset int `json:"snippet_offset"`
}

// Hit is a rule that matched a document.
type Hit struct {
	// Rule is the Definition's Name.
	Rule string
	// Score is the weighted count of matched clauses; always >= MinScore.
	Score float64
	// Tags are the Definition's Tags.
	Tags []string
	// Matches lists each matched positive clause, in document order.
	Matches []Match
}
