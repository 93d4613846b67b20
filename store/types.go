package store

import "time"

// FeedRef names the feed a story was read from.
type FeedRef struct {
	// URL is the feed's address as configured.
	URL string `json:"url"`
	// Title is the feed's own title, empty until it has been read once.
	Title string `json:"title"`
}

// Match is one matched clause of a flag, copied from the rule engine.
type Match struct {
	Field   string `json:"field"`
	Term    string `json:"term"`
	Offset  int    `json:"offset"`
	Length  int    `json:"length,omitempty"`
	Snippet string `json:"snippet"`
	// SnippetOffset is the byte offset of the matched text in Snippet.
	SnippetOffset int `json:"snippet_offset"`
}

// Flag records that a rule flagged an article, and why.
type Flag struct {
	// Rule is the name of the rule.
	Rule string `json:"rule"`
	// Score is the rule's score for the article.
	Score float64 `json:"score"`
	// Stage is "feed" when the feed item's own text matched and "article"
	// when the extracted article did.
	Stage string `json:"stage,omitempty"`
	// Tags are the rule's tags.
	Tags []string `json:"tags,omitempty"`
	// Matches are the matched clauses.
	Matches []Match `json:"matches"`
	// Flagged is when the flag was first raised, as its raiser dates it:
	// the crawler and `rules apply` date a flag as of the article's fetch.
	Flagged time.Time `json:"flagged"`
	// Stored is when the store first saved the flag: PutArticle sets it
	// for a rule the stored version lacked and keeps the stored value
	// otherwise, whatever the caller passes. Zero on flags stored before
	// this field existed (read Flagged then; see FlagStored).
	// `newshound export --since` selects by it.
	Stored time.Time `json:"stored,omitzero"`
	// Duplicate is set by PutArticle and AddArticle when another article of
	// the same story cluster already carried a flag of this rule when this
	// flag was first stored: an alert for it would repeat one already
	// raised for the story. A flag the stored version already had keeps
	// its value. False for the first flag of a rule in a cluster; when
	// clusters merge, each keeps its first flag (its alert was sent).
	Duplicate bool `json:"duplicate,omitempty"`
}

// Article is one stored story: every fetched article is kept, flagged or not.
type Article struct {
	// ID is derived from the normalized URL by ArticleID.
	ID string `json:"id"`
	// URL is the normalized article URL.
	URL string `json:"url"`
	// Title, Author are the best known title and byline.
	Title  string `json:"title"`
	Author string `json:"author"`
	// Published is when the story was published; nil when unknown.
	Published *time.Time `json:"published,omitempty"`
	// Fetched is when the article was first stored.
	Fetched time.Time `json:"fetched"`
	// Feed is the feed the story was first read from.
	Feed FeedRef `json:"feed"`
	// Sources lists every feed the story was seen in, Feed first.
	Sources []FeedRef `json:"sources,omitempty"`
	// Summary is the feed item's own text, as plain text.
	Summary string `json:"summary,omitempty"`
	// Text is the extracted main text of the article page (or the feed
	// item's content when the page could not be fetched or extracted).
	Text string `json:"text"`
	// Lang is the detected language, when known.
	Lang string `json:"lang,omitempty"`
	// FetchError records why the article page could not be fetched or
	// extracted; empty on success.
	FetchError string `json:"fetch_error,omitempty"`
	// Flags are the rules that flagged the article.
	Flags []Flag `json:"flags"`
	// Cluster is the id of the article's story cluster: near-duplicate
	// copies of one story (syndicated, reposted, lightly rewritten) share
	// it. It is the id of the cluster's first stored article, so an article
	// alone in its cluster has its own ID; when an article similar to two
	// clusters merges them, all take the id of the older one. Set by
	// PutArticle (and changed by the merge on articles already stored).
	Cluster string `json:"cluster,omitempty"`
	// Aliases are other normalized URLs that led to this article: feed
	// links that redirected here or whose page named this URL canonical.
	// HasArticle and AddSource accept the ids of aliases.
	Aliases []string `json:"aliases,omitempty"`
	// Conflicts lists the metadata on which the feed item and the article
	// page disagreed; the feed's value is the one kept above.
	Conflicts []Conflict `json:"conflicts,omitempty"`
	// Signature is the main text's near-duplicate signature, used by
	// PutArticle to find the article's cluster. It is not stored in the
	// article's JSON (the cluster index keeps it); nil on articles read
	// back, and for texts too short to compare.
	Signature *Signature `json:"-"`
}

// Conflict records a metadata field on which the feed item and the page
// disagree.
type Conflict struct {
	// Field is "title", "authors" or "published".
	Field string `json:"field"`
	// Feed and Page are the two values.
	Feed string `json:"feed"`
	Page string `json:"page"`
}

// Feed is the stored state of one feed.
type Feed struct {
	// URL is the feed's address; the key.
	URL string `json:"url"`
	// Title is the feed's own title.
	Title string `json:"title,omitempty"`
	// ETag and LastModified are the validators of the last 200 response,
	// sent back as If-None-Match and If-Modified-Since.
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
	// BodyHash is a hash of the last body, to skip unchanged feeds from
	// servers that ignore validators.
	BodyHash string `json:"body_hash,omitempty"`
	// LastFetch is when the feed was last requested; LastSuccess when it
	// last answered usefully (200 or 304).
	LastFetch   time.Time `json:"last_fetch,omitempty"`
	LastSuccess time.Time `json:"last_success,omitempty"`
	// LastError is the last fetch error; empty after a success.
	LastError string `json:"last_error,omitempty"`
	// ErrorCount counts consecutive failures.
	ErrorCount int `json:"error_count,omitempty"`
	// ErrorClass is the class of the last error ("dns", "connect",
	// "timeout", "tls", "http", "parse", "too_large", "rate_limited", ...);
	// empty after a success.
	ErrorClass string `json:"error_class,omitempty"`
	// ErrorScore sums the weights of the consecutive failures (a 404 or a
	// parse error weighs more than a timeout); zero after a success.
	ErrorScore float64 `json:"error_score,omitempty"`
	// Broken is set once ErrorScore passes the crawler's threshold: the
	// feed is then polled only rarely (daily) until it answers again.
	// BrokenReason says why in one sentence and BrokenSince since when;
	// both are cleared with Broken on the next success.
	Broken       bool      `json:"broken,omitempty"`
	BrokenReason string    `json:"broken_reason,omitempty"`
	BrokenSince  time.Time `json:"broken_since,omitempty"`
	// ItemTimes are the publication times of the newest items seen across
	// polls, newest first, at most 32: the feed's publishing rate is read
	// from them.
	ItemTimes []time.Time `json:"item_times,omitempty"`
	// EntriesPerDay is the publishing rate last estimated from ItemTimes;
	// zero when unknown.
	EntriesPerDay float64 `json:"entries_per_day,omitempty"`
	// TTL is how often the feed body asks to be read at most (RSS <ttl>,
	// sy:updatePeriod and sy:updateFrequency); zero when it does not say.
	TTL time.Duration `json:"ttl,omitempty"`
	// Requested is the least interval the feed asked for on its last
	// answer: the larger of TTL and the response's Cache-Control max-age
	// or Expires. The scheduler never polls sooner.
	Requested time.Duration `json:"requested,omitempty"`
	// NextDue is when the scheduler next polls the feed; a restarted
	// daemon resumes from it.
	NextDue time.Time `json:"next_due,omitempty"`
	// Interval is the current polling interval chosen by the scheduler
	// (before jitter and backoff).
	Interval time.Duration `json:"interval,omitempty"`
}
