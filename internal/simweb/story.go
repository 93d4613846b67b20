package simweb

import (
	"math/rand/v2"
	"strings"
)

// Kind is the kind of story an article tells: the label tests check the
// crawler's flags against.
type Kind int

// The story kinds. Only KindFlag stories must be flagged by a rule like
// `@facebook AND @banks AND (customer data OR personal data OR (data NEAR/8
// share))`; the others are near misses whose body and title name at most one
// side of that rule.
const (
	// KindFlag: Facebook/Meta and banks sharing people's financial data.
	KindFlag Kind = iota
	// KindFacebookPrivacy: Facebook and personal data, no bank.
	KindFacebookPrivacy
	// KindBankBreach: a bank's own data breach, no Facebook.
	KindBankBreach
	// KindFacebookAds: Facebook's ad revenue and stock, no bank.
	KindFacebookAds
	// KindTech: neutral technology news, neither Facebook nor a bank.
	KindTech
	// KindFinance: neutral markets news, neither Facebook nor a bank.
	KindFinance
	numKinds
)

var kindNames = [...]string{"flag", "facebook-privacy", "bank-breach", "facebook-ads", "tech", "finance"}

// String returns the kind's short name, such as "flag" or "bank-breach".
func (k Kind) String() string {
	if k < 0 || k >= numKinds {
		return "unknown"
	}
	return kindNames[k]
}

// story is a template: every title, lead, body paragraph and closer holds
// {Slot} placeholders filled per article.
type story struct {
	titles, leads, body, closers []string
}

func storiesOf(k Kind) []story {
	switch k {
	case KindFlag:
		return flagStories
	case KindFacebookPrivacy:
		return facebookPrivacyStories
	case KindBankBreach:
		return bankBreachStories
	case KindFacebookAds:
		return facebookAdsStories
	case KindTech:
		return techStories
	default:
		return financeStories
	}
}

// written is the text of one generated story.
type written struct {
	title      string
	paragraphs []string
}

// write generates a story of kind k: a lead, body paragraphs in random order
// until the story reaches a random length of 320 to 500 words (or the
// template runs out), and a closer, with every slot filled consistently.
func write(rng *rand.Rand, k Kind) written {
	ss := storiesOf(k)
	s := ss[rng.IntN(len(ss))]
	fill := newFiller(rng)
	var w written
	w.title = capitalize(fill.apply(pick(rng, s.titles)))
	w.paragraphs = append(w.paragraphs, capitalize(fill.apply(pick(rng, s.leads))))
	closer := capitalize(fill.apply(pick(rng, s.closers)))
	target := 320 + rng.IntN(180)
	n := wordCount(w.paragraphs[0]) + wordCount(closer)
	for _, i := range rng.Perm(len(s.body)) {
		if n >= target {
			break
		}
		p := capitalize(fill.apply(s.body[i]))
		w.paragraphs = append(w.paragraphs, p)
		n += wordCount(p)
	}
	w.paragraphs = append(w.paragraphs, closer)
	return w
}

func wordCount(s string) int { return len(strings.Fields(s)) }

// capitalize upper-cases the first letter, for slots such as {Regulator}
// that start a sentence.
func capitalize(s string) string {
	if s != "" && s[0] >= 'a' && s[0] <= 'z' {
		return string(s[0]-'a'+'A') + s[1:]
	}
	return s
}

func pick(rng *rand.Rand, xs []string) string { return xs[rng.IntN(len(xs))] }

// filler fills {Slot} placeholders, choosing each slot's value once.
type filler struct {
	rng    *rand.Rand
	chosen map[string]string
	used   map[string]bool
}

func newFiller(rng *rand.Rand) *filler {
	return &filler{rng: rng, chosen: map[string]string{}, used: map[string]bool{}}
}

func (f *filler) apply(s string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(f.value(s[i+1 : i+j]))
		s = s[i+j+1:]
	}
}

func (f *filler) value(slot string) string {
	if v, ok := f.chosen[slot]; ok {
		return v
	}
	vals := slotValues[slot]
	if len(vals) == 0 {
		return slot
	}
	v := vals[f.rng.IntN(len(vals))]
	for tries := 0; f.used[v] && tries < 8; tries++ { // people slots stay distinct
		v = vals[f.rng.IntN(len(vals))]
	}
	f.chosen[slot], f.used[v] = v, true
	return v
}

// section is the category a feed files a story under.
func (k Kind) section() string {
	switch k {
	case KindFlag, KindFacebookPrivacy:
		return "Privacy"
	case KindBankBreach, KindFinance:
		return "Business"
	}
	return "Technology"
}
