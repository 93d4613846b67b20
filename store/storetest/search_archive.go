package storetest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/newshound/newshound/store"
)

// The words of the archive ArchiveStory generates, for search benchmarks
// on both backends.
const (
	// ArchiveRare is in the oldest story of the archive only.
	ArchiveRare = "zeppelin"
	// ArchiveCommon is the vocabulary's most frequent word, in nearly
	// every story.
	ArchiveCommon = "ba"
	// ArchiveMid is the word of rank 500, in about one story in forty.
	ArchiveMid = "bagu"
)

// archiveVocabulary is how many words the archive's texts draw from.
const archiveVocabulary = 50000

// archiveWord is the word of rank r: syllables of base 25, so that the
// words are pronounceable and distinct ("ba", "be", ..., "baba", ...).
func archiveWord(r int) string {
	const cons, vows = "bdfgklmnprstvz", "aeiou"
	var b strings.Builder
	for {
		s := r % 25
		b.WriteByte(cons[s/5%len(cons)])
		b.WriteByte(vows[s%5])
		if r /= 25; r == 0 {
			break
		}
		r--
	}
	return b.String()
}

// ArchiveStory is the i-th of n generated stories (0 the newest, one
// minute apart): a title of 8 words, a summary of 30 and a text of 150,
// drawn from a vocabulary of 50,000 words by a Zipf law (s = 1.07), as
// word frequencies in news go; the same i and n always give the same
// story. Story n-1 alone holds ArchiveRare.
func ArchiveStory(i, n int) *store.Article {
	r := rand.New(rand.NewPCG(uint64(i), 16))
	z := rand.NewZipf(r, 1.07, 1, archiveVocabulary-1)
	words := func(k int) string {
		ws := make([]string, k)
		for j := range ws {
			ws[j] = archiveWord(int(z.Uint64()))
		}
		return strings.Join(ws, " ")
	}
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	fetched := t0.Add(-time.Duration(i) * time.Minute)
	a := &store.Article{
		URL:   fmt.Sprintf("https://news%d.example/%d", i%100, i),
		Title: words(8), Summary: words(30) + ".", Text: words(150) + ".",
		Fetched: fetched, Published: &fetched, Lang: "en",
		Feed: store.FeedRef{URL: fmt.Sprintf("https://news%d.example/rss", i%100)},
	}
	if i == n-1 {
		a.Text += " A " + ArchiveRare + " flew over."
	}
	return a
}
