// Package dedupe recognizes one story told in many places: it signs an
// article's main text for near-duplicate clustering, and picks the URL an
// article is stored under.
//
// # Near-duplicates
//
// A Signer turns a text into a store.Signature: the text is lower-cased
// and split into words (runs of letters and digits), the words into
// overlapping shingles of Options.Shingle words, each shingle tagged with
// the half (Options.Bins) of the text it falls in, and the set of tagged
// shingles into a MinHash sketch of Hashes values (one minimum per hash
// function, so two sketches agree on a position with probability equal
// to the Jaccard similarity of the two sets). The sketch is cut into
// Bands runs of Hashes/Bands values; each run hashes to a band key. The
// store looks up articles sharing a band key within Options.Window and
// joins the cluster of those whose estimated similarity reaches
// Options.Threshold, merging their clusters when they are several (so a
// copy that matches neither the original nor another copy on its own
// still ends in their cluster once an article matching both is stored). With the defaults (128 hashes, 32 bands of
// 4) a pair with similarity 0.5 shares a band with probability 0.87, one
// with 0.7 with probability above 0.999, one with 0.2 with probability
// 0.05.
//
// The position tags make the similarity order-aware: a syndicated copy
// keeps the story's order, while two different stories that share stock
// paragraphs (a company statement, an outlet's background paragraph) in
// another order lose most of their common shingles. MinHash was chosen
// over a 64-bit SimHash because its similarity stays high for copies
// that differ in a paragraph or a rewritten lead, while the SimHash of
// such copies moves by 10 bits or more, as far as that of unrelated
// stories of one template. TestEvaluate (NEWSHOUND_DEDUPE_EVAL=1)
// measures both; BENCHMARKS.md gives the figures.
//
// Texts shorter than Options.MinWords get no signature: a two-line
// summary or a paywall stub says too little to tell stories apart.
package dedupe

import (
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/newshound/newshound/store"
)

// Options tune a Signer. Zero values take the documented defaults.
type Options struct {
	// Shingle is the number of words per shingle. Default 4.
	Shingle int
	// Hashes is the number of MinHash values, at most store.MaxMinHash.
	// Default 128.
	Hashes int
	// Bands is the number of band keys; Hashes must be a multiple of it.
	// Default 32.
	Bands int
	// Threshold is the least estimated Jaccard similarity of two texts'
	// shingle sets for them to share a cluster. Default
	// store.DefaultThreshold, the store's own default for a signature that
	// names none, so that the two cannot disagree.
	Threshold float64
	// Window is how far apart two articles' times (published, else
	// fetched) may be for them to share a cluster. Default
	// store.DefaultWindow.
	Window time.Duration
	// MinWords is the least number of words of a text that is signed.
	// Default 50.
	MinWords int
	// Bins makes shingles order-aware: each shingle is tagged with the
	// part of the text, one of Bins equal parts by position, it falls in,
	// twice (with two binnings half a part apart), so a copy that keeps
	// the story's order keeps most tags while texts sharing paragraphs in
	// another order do not. One means no tagging. Default 2.
	Bins int
}

// Defaults of Options.
const (
	DefaultShingle  = 4
	DefaultHashes   = 128
	DefaultBands    = 32
	DefaultMinWords = 50
	DefaultBins     = 2
)

// Signer signs texts. Create it with New; it is safe for concurrent use.
type Signer struct {
	opts Options
	mul  []uint64 // odd multipliers of the hash functions
	add  []uint64
}

// New returns a Signer for opts. Options it cannot use (Hashes not a
// multiple of Bands, out of range) fall back to the defaults.
func New(opts Options) *Signer {
	if opts.Shingle <= 0 {
		opts.Shingle = DefaultShingle
	}
	if opts.Hashes <= 0 || opts.Hashes > store.MaxMinHash || opts.Bands <= 0 || opts.Bands > store.MaxBands || opts.Hashes%opts.Bands != 0 {
		opts.Hashes, opts.Bands = DefaultHashes, DefaultBands
	}
	if opts.Threshold <= 0 || opts.Threshold > 1 {
		opts.Threshold = store.DefaultThreshold
	}
	if opts.Window <= 0 {
		opts.Window = store.DefaultWindow
	}
	if opts.MinWords <= 0 {
		opts.MinWords = DefaultMinWords
	}
	if opts.Bins <= 0 {
		opts.Bins = DefaultBins
	}
	s := &Signer{opts: opts, mul: make([]uint64, opts.Hashes), add: make([]uint64, opts.Hashes)}
	seed := uint64(0x9e3779b97f4a7c15) // fixed: stored signatures must stay comparable
	for i := range s.mul {
		s.mul[i] = splitmix(&seed) | 1
		s.add[i] = splitmix(&seed)
	}
	return s
}

// Options returns the options in effect, defaults filled in.
func (s *Signer) Options() Options { return s.opts }

// Sign returns the signature of text, or nil when it has fewer than
// MinWords words.
func (s *Signer) Sign(text string) *store.Signature {
	words := wordHashes(text)
	if len(words) < s.opts.MinWords {
		return nil
	}
	mins := make([]uint32, s.opts.Hashes)
	for i := range mins {
		mins[i] = ^uint32(0)
	}
	k := min(s.opts.Shingle, len(words))
	n, bins := len(words)-k+1, s.opts.Bins
	var pend [4]uint64 // hashes not yet applied to mins, by four
	np := 0
	for i := range n {
		x := shingleHash(words[i : i+k])
		if bins > 1 {
			// Two tags: the bin of shingle i, and the bin half a bin on.
			pend[np], pend[np+1] = mix(x^uint64(2*(i*bins/n))), mix(x^uint64(2*((2*i*bins+n)/(2*n))+1))
			if np += 2; np == len(pend) {
				s.min4(mins, &pend)
				np = 0
			}
			continue
		}
		s.min(mins, x)
	}
	for _, x := range pend[:np] {
		s.min(mins, x)
	}
	return &store.Signature{MinHash: mins, Bands: bands(mins, s.opts.Bands), Threshold: s.opts.Threshold, Window: s.opts.Window}
}

// min lowers mins to the hashes of shingle hash x.
func (s *Signer) min(mins []uint32, x uint64) {
	mul := s.mul
	add, mins := s.add[:len(mul)], mins[:len(mul)]
	for j, m := range mul {
		if h := uint32((x*m + add[j]) >> 32); h < mins[j] {
			mins[j] = h
		}
	}
}

// min4 lowers mins to the hashes of four shingle hashes, as four calls
// of min would, in one pass over the hash functions.
func (s *Signer) min4(mins []uint32, xs *[4]uint64) {
	mul := s.mul
	add, mins := s.add[:len(mul)], mins[:len(mul)]
	x0, x1, x2, x3 := xs[0], xs[1], xs[2], xs[3]
	for j, m := range mul {
		a := add[j]
		h := min(uint32((x0*m+a)>>32), uint32((x1*m+a)>>32), uint32((x2*m+a)>>32), uint32((x3*m+a)>>32), mins[j])
		mins[j] = h
	}
}

// bands hashes n equal runs of mins, salted with the run's index.
func bands(mins []uint32, n int) []uint64 {
	r := len(mins) / n
	out := make([]uint64, n)
	for b := range out {
		h := uint64(b+1) * 0x9e3779b97f4a7c15
		for _, v := range mins[b*r : (b+1)*r] {
			h = mix(h ^ uint64(v))
		}
		out[b] = h
	}
	return out
}

// wordHashes returns the FNV-1a hash of each lower-cased word of text.
func wordHashes(text string) []uint64 {
	out := make([]uint64, 0, len(text)/6)
	const offset, prime = 14695981039346656037, 1099511628211
	h, in := uint64(offset), false
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			r = unicode.ToLower(r)
			for ; r > 0; r >>= 8 {
				h = (h ^ uint64(r&0xff)) * prime
			}
			in = true
			continue
		}
		if r == '\'' || r == '’' { // "Meta's" is one word
			continue
		}
		if in {
			out, h, in = append(out, h), offset, false
		}
	}
	if in {
		out = append(out, h)
	}
	return out
}

// shingleHash combines word hashes in order into one well-mixed hash.
func shingleHash(words []uint64) uint64 {
	h := uint64(len(words))
	for _, w := range words {
		h = mix(h*31 + w)
	}
	return h
}

// mix is the SplitMix64 finalizer.
func mix(z uint64) uint64 {
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

func splitmix(state *uint64) uint64 {
	*state += 0x9e3779b97f4a7c15
	return mix(*state)
}
