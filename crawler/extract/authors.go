package extract

import "strings"

// bylinePrefixes start a byline rather than a name ("View all posts by Ann Lee").
var bylinePrefixes = []string{"view all posts by ", "all posts by ", "posted by ", "written by ", "by ", "von ", "par ", "por ", "door "}

// commentVerbs end the name of a comment's author ("Bob says"): such a name is not
// the article's author.
var commentVerbs = []string{" says", " sagt", " schreibt", " dit", " dice", " zegt", " wrote", " said"}

// cleanAuthors drops comment authors and byline words from names and spells each
// name as the page's own metadata does (go-trafilatura drops the periods of
// initials and the accents of some names: "Leah C Stokes" for "Leah C. Stokes").
// spellings are the names from the page's JSON-LD and <meta> author tags.
func cleanAuthors(names, spellings []string) []string {
	out := names[:0:0]
	for _, n := range names {
		low := strings.ToLower(n)
		if hasSuffixAny(low, commentVerbs) {
			continue
		}
		for _, p := range bylinePrefixes {
			if strings.HasPrefix(low, p) && len(n) > len(p) {
				n, low = n[len(p):], low[len(p):]
				break
			}
		}
		out = append(out, respell(n, spellings))
	}
	return out
}

// respell returns the spelling of name among spellings that has the same letters
// (ignoring case, accents are letters too, so only punctuation and spacing differ),
// or name.
func respell(name string, spellings []string) string {
	k := squash(name)
	for _, s := range spellings {
		if squash(s) == k {
			return clean(s)
		}
	}
	return name
}

// metaNames splits a <meta name="author"> value into names at commas and semicolons.
func metaNames(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' }) {
		if f = clean(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func hasSuffixAny(s string, suffixes []string) bool {
	for _, x := range suffixes {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}
