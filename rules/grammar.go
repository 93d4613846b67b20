// Package rules is newshound's rule language: boolean keyword queries that
// decide which stories are flagged, and the explanations of why they were.
//
// Compile a rule set once with [Compile], then call [Set.Match] for each
// story; every [Hit] carries the places that made the rule match. [Lint]
// finds rules that are legal but probably wrong, and [Mark] and
// [WriteExplanation] show matches to people.
//
// # Grammar
//
// A query is made of terms joined by upper-case operators. Operators must
// be written out: a bare space between two terms is a syntax error that
// suggests AND, OR or a quoted phrase, because tools disagree on what a
// space means. In EBNF, lowest precedence first:
//
//	query   = or .
//	or      = and { "OR" and } .
//	and     = near { "AND" near } .
//	near    = unary { ( "NEAR/" scope | "ONEAR/" scope ) unary } .
//	scope   = n | "sentence" | "paragraph" .
//	unary   = ( "NOT" | "-" ) unary | primary .
//	primary = [ field ":" ] ( word | phrase | list | "(" or ")" ) [ "#" count ] [ "^" weight ] .
//	field   = "title" | "summary" | "text" | "author" | "url" | "feed" .
//	word    = letters and digits, ending in "*" for a prefix wildcard .
//	phrase  = '"' words '"' .
//	list    = "@" name .
//
// So NOT binds tightest, then NEAR, then AND, then OR: a AND b OR c means
// (a AND b) OR c ([Lint] asks for parentheses there). NOT is unary only:
// write a AND NOT b (or a AND -b), never a NOT b.
//
//   - word: facebook matches the word Facebook, not facebooks or
//     facebookpage. Matching ignores case and diacritics (é, ü, ø, ß and
//     æ fold to e, u, o, ss and ae), so muller matches Müller and strasse
//     matches Straße.
//   - bank* matches every word that starts with bank (bank, banks,
//     banking, bankers). The * may only end a word.
//   - "credit card" matches the words in a row. A word that the tokenizer
//     splits (checking-account, U.S., 银行) is a phrase too.
//   - a NEAR/n b matches when a and b occur in the same field, in either
//     order, with b starting at most n words after a ends (n-1 words
//     between them); a ONEAR/n b also needs a first. Each side is a
//     word, phrase, list, NEAR or an OR of those; not AND or NOT.
//   - a NEAR/sentence b matches when a and b occur in one sentence, and
//     a NEAR/paragraph b when they occur in one paragraph (ONEAR/sentence
//     and ONEAR/paragraph also need a first); both also need them within
//     1000 words. A paragraph ends at a blank line. A sentence ends where
//     a paragraph does, at a line break, and at '.', '!' or '?' followed
//     by white space (or '。', '！', '？'), except before a lower-case word
//     and after a single letter or a common abbreviation ("U.S. Bancorp",
//     "Facebook Inc. said"). The title, summary and text are separate
//     fields, so a headline never shares a sentence with the text. Use
//     these scopes to keep evidence together: a page whose only mention
//     of Facebook is a "Share on Facebook" line does not put it in the
//     sentence that names the bank.
//   - title:, summary:, text:, author:, url: and feed: limit a term or a
//     parenthesized group to one field. Unscoped terms are looked for in
//     title, summary and text. url:example matches example.com/banks.
//   - @name is an OR of the entries of the named list (lists: in the
//     configuration). Entries may be phrases and may end in *.
//   - term^w weighs a clause (default 1); weights of a group multiply
//     into the clauses inside it.
//   - term#n needs the term at n places that do not overlap (n from 1 to
//     100): facebook#3 wants three mentions. The places of a
//     NEAR/sentence or NEAR/paragraph are sentences or paragraphs:
//     (facebook NEAR/sentence bank)#2 wants two sentences that name both,
//     which a page whose only mention is one comment or one related link
//     does not have, and one sentence naming them twice is one place. A
//     count applies to a word, phrase, @list, NEAR or an OR of them, and
//     not inside NEAR or inside another count. Title and text are
//     separate places.
//
// Words are maximal runs of letters, digits and marks in any script;
// every other character (space, punctuation, apostrophe, hyphen) separates
// words, and every Han ideograph and kana is a word of its own, so 银行
// matches the two-character word in text without spaces. Facebook's is
// the words facebook and s, so facebook matches it.
//
// A rule with Stem set compares English stems (Porter2) of its words and
// the story's: share then matches shares, shared and sharing. Wildcard
// words are not stemmed.
//
// # Score
//
// The positive clauses of a query are its words, phrases, @lists and NEAR
// groups that are not under a NOT. When a rule matches, its score is the
// sum of the weights of the positive clauses that matched in a satisfied
// part of the query: every clause of a matching AND, the matching
// branches of an OR, a NEAR group once (not its two sides). A clause
// counts once however often it occurs, and a counted group (an OR with
// #n, such as title:(@meta OR @banks)#1) is one clause: its weight counts
// once, whichever of its terms matched. A rule flags a story when it
// matches and its score is at least MinScore.
//
// A Hit's matches show why: the first five places of each word, phrase,
// @list or counted group of the satisfied part, and the words of the
// first three pairs of each NEAR, each side marked as its own words (a
// side that is itself a NEAR as the words of its pair), in document
// order, one per place, at most 40.
//
// # Examples
//
//	@facebook AND @banks AND (@personal_data OR (data NEAR/8 @sharing))
//	title:(facebook OR meta) AND bank*
//	"open banking" AND NOT (crypto OR bitcoin)
//	(fraud OR scam)^2 AND (bank OR lender) AND -url:sport
//	regulator ONEAR/3 fine*
//	(@meta NEAR/sentence @financial_firms) NEAR/paragraph @data
//
// # Speed
//
// Compile derives from every query the clauses a matching story must
// satisfy (each word of a phrase, a word of each list entry, one word of
// each OR branch, all of these for every AND) and posts the query in an
// index under its rarest clause, and under its second rarest when that is
// likely to save work, as Lucene's Monitor does. Match tokenizes a story
// once, looks up (and stems) each distinct word of it once, and a rule
// becomes a candidate only when the story has a word of each of its
// posted clauses. A candidate's clauses are all checked before its query
// is evaluated, so phrases, NEAR and NOT are evaluated only for the few
// rules that can match. Rules that can match without any word (NOT only)
// are always evaluated.
// The comment at the top of state.go describes the tables this takes.
//
// [Reference] is the same language matched the plain way, with no index,
// cache or shared tokenizer: read it for what a query means, and use it
// to check Set (the package's tests compare both on every case).
//
// # Limits
//
// A rule sees the first [MaxFieldWords] words (20,000) of each field of a
// story, and the text up to the next; the rest of a longer field is
// ignored. NEAR pairs its two sides in time proportional to their
// places (times a logarithm), whatever its distance or scope, and a
// list named several times is looked for once per story. Compile
// refuses a query or prefilter whose cost, the positions it may read for
// each word of a story, is more than [MaxRuleCost] (500): a chain of more
// than 124 NEARs over one wildcard (249 over distinct words), or NEARs
// over lists with many entries that can match one word. Together these
// bound the time any rule takes on any story.
package rules
