package rules

import (
	"cmp"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// benchPages reads the ground-truth main texts of the extraction
// benchmark's pages under $NEWSHOUND_DATA/extraction/aeb-dev (see its
// SOURCE.txt), in page id order, as documents with their URL; the pages
// have no titles. It skips tb when the data is missing.
func benchPages(tb testing.TB) []Doc {
	tb.Helper()
	dir := os.Getenv("NEWSHOUND_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "data")
	}
	path := filepath.Join(dir, "extraction", "aeb-dev", "ground-truth.json")
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Skipf("realistic variant needs the extraction data at %s (set NEWSHOUND_DATA): %v", path, err)
	}
	var truth map[string]struct {
		ArticleBody string `json:"articleBody"`
		URL         string `json:"url"`
	}
	if err := json.Unmarshal(b, &truth); err != nil {
		tb.Fatalf("read %s: %v", path, err)
	}
	ids := make([]string, 0, len(truth))
	for id := range truth {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	docs := make([]Doc, len(ids))
	for i, id := range ids {
		docs[i] = Doc{Text: truth[id].ArticleBody, URL: truth[id].URL, Feed: "Example News"}
	}
	return docs
}

// docsSize is the bytes of the fields of docs that Match tokenizes.
func docsSize(docs []Doc) int {
	n := 0
	for _, d := range docs {
		n += len(d.Title) + len(d.Summary) + len(d.Text) + len(d.Author) + len(d.URL) + len(d.Feed)
	}
	return n
}

// benchSplit splits the pages: the first half gives the rules' words,
// the second half is the documents matched, so that rule words are not
// drawn from the very articles matched.
func benchSplit(tb testing.TB) (vocabDocs, docs []Doc) {
	pages := benchPages(tb)
	return pages[:len(pages)/2], pages[len(pages)/2:]
}

// uniformWords draws words uniformly from the distinct words of docs
// (longer than two bytes, not stopwords, not starting with a digit): the
// adversarial source, when docs are the documents matched.
func uniformWords(docs []Doc) func(*rand.Rand) string {
	seen := map[string]bool{}
	var vocab []string
	for _, d := range docs {
		for _, w := range splitWords(d.Title + " " + d.Text) {
			if len(w) > 2 && !stopwords[w] && !seen[w] && w[0] > '9' {
				seen[w] = true
				vocab = append(vocab, w)
			}
		}
	}
	return func(r *rand.Rand) string { return vocab[r.IntN(len(vocab))] }
}

// zipfWords draws words of docs (as uniformWords filters them) by a
// Zipf-Mandelbrot law over their frequency rank in docs: P(rank k) is
// proportional to (k+zipfV)^-zipfS, so frequent news words are chosen
// more often, but no single word dominates, as in a set of rules that
// many users wrote on many topics.
func zipfWords(docs []Doc) func(*rand.Rand) string {
	freq := map[string]int{}
	for _, d := range docs {
		for _, w := range splitWords(d.Title + " " + d.Text) {
			if len(w) > 2 && !stopwords[w] && w[0] > '9' {
				freq[w]++
			}
		}
	}
	vocab := make([]string, 0, len(freq))
	for w := range freq {
		vocab = append(vocab, w)
	}
	slices.SortFunc(vocab, func(a, b string) int {
		return cmp.Or(cmp.Compare(freq[b], freq[a]), strings.Compare(a, b))
	})
	var z *rand.Zipf
	var zr *rand.Rand
	return func(r *rand.Rand) string {
		if zr != r {
			zr, z = r, rand.NewZipf(r, zipfS, zipfV, uint64(len(vocab)-1))
		}
		return vocab[z.Uint64()]
	}
}

// The Zipf-Mandelbrot parameters of zipfWords.
const (
	zipfS = 1.1
	zipfV = 20
)
