package rules

import (
	"os"
	"path/filepath"
	"testing"
)

func TestStem(t *testing.T) {
	tests := map[string]string{
		"consign": "consign", "consigned": "consign", "consigning": "consign",
		"consignment": "consign", "consist": "consist", "consisted": "consist",
		"consistency": "consist", "consistent": "consist", "consistently": "consist",
		"consisting": "consist", "consists": "consist", "consolation": "consol",
		"consolations": "consol", "consolatory": "consolatori", "console": "consol",
		"consoled": "consol", "consoles": "consol", "consolidate": "consolid",
		"consolidated": "consolid", "consolidating": "consolid", "consoling": "consol",
		"consolingly": "consol", "consols": "consol", "consonant": "conson",
		"consort": "consort", "consorted": "consort", "consorting": "consort",
		"conspicuous": "conspicu", "conspicuously": "conspicu", "conspiracy": "conspiraci",
		"conspirator": "conspir", "conspirators": "conspir", "conspire": "conspir",
		"conspired": "conspir", "conspiring": "conspir", "constable": "constabl",
		"constables": "constabl", "constance": "constanc", "constancy": "constanc",
		"constant": "constant",
		"knack":    "knack", "knackeries": "knackeri", "knacks": "knack", "knag": "knag",
		"knave": "knave", "knaves": "knave", "knavish": "knavish", "kneaded": "knead",
		"kneading": "knead", "knee": "knee", "kneel": "kneel", "kneeled": "kneel",
		"kneeling": "kneel", "kneels": "kneel", "knees": "knee", "knell": "knell",
		"knelt": "knelt", "knew": "knew", "knick": "knick", "knif": "knif",
		"knife": "knife", "knight": "knight", "knightly": "knight", "knights": "knight",
		"knit": "knit", "knits": "knit", "knitted": "knit", "knitting": "knit",
		"knives": "knive", "knob": "knob", "knobs": "knob", "knock": "knock",
		"knocked": "knock", "knocker": "knocker", "knockers": "knocker",
		"knocking": "knock", "knocks": "knock", "knopp": "knopp", "knot": "knot",
		"knots":    "knot",
		"caresses": "caress", "ponies": "poni", "ties": "tie", "cries": "cri",
		"gas": "gas", "gaps": "gap", "kiwis": "kiwi", "hopping": "hop",
		"happy": "happi", "sky": "sky", "skies": "sky", "news": "news",
		"banks": "bank", "banking": "bank", "shared": "share", "sharing": "share",
		"shares": "share", "generously": "generous", "generate": "generat",
		"communism": "communism", "running": "run", "data": "data",
		"ab": "ab", "2018": "2018", "café": "café",
	}
	for in, want := range tests {
		t.Run(in, func(t *testing.T) {
			if got := string(stem(nil, []byte(in))); got != want {
				t.Errorf("stem(%q) = %q, want %q", in, got, want)
			}
		})
	}
}

// stemTestWords returns the words of the test data and words made of
// stems and every suffix the stemmer knows, stacked up to three deep.
func stemTestWords(t *testing.T) []string {
	t.Helper()
	var words []string
	for _, name := range []string{"news.txt", "labeled.txt"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatalf("read %s: %v", name, err)
		}
		words = append(words, splitWords(string(b))...)
	}
	sufs := []string{"", "s", "es", "ies", "ied", "sses", "ss", "us", "ed", "eed", "eedly", "edly", "ing", "ingly", "y", "ly", "li",
		"e", "at", "bl", "iz", "ll", "i"}
	for _, set := range []*suffixSet{step2Suffixes, step3Suffixes, step4Suffixes} {
		for _, l := range set {
			sufs = append(sufs, l...)
		}
	}
	bases := []string{"", "a", "y", "ab", "ya", "by", "hop", "gener", "commun", "arsen", "stab", "poss", "happ", "nat", "bank", "sky", "ski", "dy", "ly", "tie", "agre", "fiz", "bl", "at", "eb", "oys", "sy", "ag", "hop", "spy", "pay", "tri", "cri", "ope", "fil", "abb", "e", "i", "o", "u"}
	for _, b := range bases {
		for _, s1 := range sufs {
			for _, s2 := range sufs {
				words = append(words, b+s1+s2)
			}
			for _, s3 := range []string{"s", "ed", "ing", "ly", "ness", "ation"} {
				words = append(words, b+s1+s3)
			}
		}
	}
	return words
}

// TestStemFilterSound checks the facts the stem filter rests on, and the
// filter itself, on every test word: unless the word is an exception,
// it shares its first stemKeyLen bytes with its stem.
func TestStemFilterSound(t *testing.T) {
	base := *newStemFilter()
	var f stemFilter
	for i, w := range stemTestWords(t) {
		if w == "" {
			continue
		}
		s := string(stemString(w))
		if i%5 == 0 {
			f = base
			f.add(s)
			if !f.may([]byte(w)) {
				t.Errorf("stem filter of %q rejects %q", s, w)
			}
		}
		if _, ok := stemExceptions[w]; ok {
			continue
		}
		if n := stemKeyLen(len(s)); len(s) > len(w) || s[:n] != w[:n] {
			t.Errorf("stem(%q) = %q: they differ in the first %d bytes", w, s, n)
		}
	}
}

func TestStemListsFitTheirLengthGates(t *testing.T) {
	for w := range stemExceptions {
		if len(w) > maxExceptionBytes {
			t.Errorf("exception %q is longer than maxExceptionBytes %d", w, maxExceptionBytes)
		}
	}
	for w := range stemKeep {
		if len(w) < 6 || len(w) > 7 || w[len(w)-1] != 'g' && w[len(w)-1] != 'd' {
			t.Errorf("stemKeep word %q is not 6 to 7 bytes long or does not end in g or d", w)
		}
	}
}

func TestStemSuffixLengths(t *testing.T) {
	for i, set := range []*suffixSet{step2Suffixes, step3Suffixes, step4Suffixes} {
		least := []int{2, 3, 2}[i]
		for _, l := range set {
			for _, s := range l {
				if len(s) < least {
					t.Errorf("step %d suffix %q is shorter than %d bytes, which the step's early return assumes", i+2, s, least)
				}
			}
		}
	}
}
