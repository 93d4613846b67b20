package export

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/newshound/newshound/store"
)

// Params are an export's choices as a user gives them: the flags of
// `newshound export` and the parameters of /api/v1/export. The zero
// Params select every flagged story.
type Params struct {
	// Since and Until bound when the story was flagged (when a flag, of
	// Rule when set, was first stored: store.FlagStored) or, with All, when
	// it was stored (Article.Fetched): since <= t < until. Each is a
	// duration back from now ("24h", "7d") or an RFC 3339 time; "" leaves
	// that side open.
	Since, Until string
	// PublishedSince and PublishedUntil bound the publication time (the
	// fetch time when it is unknown or later), in the same forms.
	PublishedSince, PublishedUntil string
	// Rule, when set, selects the stories that rule flagged.
	Rule string
	// All selects every stored story, flagged or not.
	All bool
}

// Query is what an export selects: Store, the store's query (flagged or
// all, one rule, the publication time), narrowed by when each story was
// flagged or stored and by a set of stories.
type Query struct {
	// Store is the query the stories are read with; its Since and Until
	// bound the publication time.
	Store store.Query
	// Since and Until bound, when Store.FlaggedOnly, when a flag (of
	// Store.Rule when set) was first stored; otherwise when the story was
	// stored (Fetched). since <= t < until; zero leaves that side open.
	Since, Until time.Time
	// Stories, when not nil, keeps only the articles with these ids
	// (Resume sets it).
	Stories map[string]bool
}

// Query parses p into the Query it asks for, times relative to now.
func (p Params) Query(now time.Time) (Query, error) {
	q := Query{Store: store.Query{FlaggedOnly: !p.All, Rule: strings.TrimSpace(p.Rule)}}
	for _, t := range []struct {
		flag string
		in   string
		out  *time.Time
	}{
		{"--since", p.Since, &q.Since},
		{"--until", p.Until, &q.Until},
		{"--published-since", p.PublishedSince, &q.Store.Since},
		{"--published-until", p.PublishedUntil, &q.Store.Until},
	} {
		if t.in == "" {
			continue
		}
		v, err := parseTime(t.flag, t.in, now)
		if err != nil {
			return q, err
		}
		*t.out = v
	}
	return q, nil
}

// keep reports whether q keeps article a of those q.Store selects.
func (q Query) keep(a *store.Article) bool {
	if q.Stories != nil && !q.Stories[a.ID] {
		return false
	}
	if q.Since.IsZero() && q.Until.IsZero() {
		return true
	}
	in := func(t time.Time) bool {
		return !t.Before(q.Since) && (q.Until.IsZero() || t.Before(q.Until))
	}
	if !q.Store.FlaggedOnly {
		return in(a.Fetched)
	}
	for _, f := range a.Flags {
		if (q.Store.Rule == "" || f.Rule == q.Store.Rule) && in(store.FlagStored(a, f)) {
			return true
		}
	}
	return false
}

// selecting is a Source whose Articles keeps only what q keeps.
type selecting struct {
	Source
	q Query
}

// Articles runs sq, keeping what s.q keeps. With s.q.Stories, an article
// of the set the scan did not meet (stored again under another time
// while the scan ran) is read by id afterwards, so none is missed.
func (s selecting) Articles(ctx context.Context, sq store.Query, fn func(*store.Article) error) error {
	met := map[string]bool{}
	err := s.Source.Articles(ctx, sq, func(a *store.Article) error {
		if !s.q.keep(a) {
			return nil
		}
		met[a.ID] = true
		return fn(a)
	})
	get, ok := s.Source.(articleGetter)
	if err != nil || s.q.Stories == nil || !ok {
		return err
	}
	for _, id := range slices.Sorted(maps.Keys(s.q.Stories)) {
		if met[id] {
			continue
		}
		a, err := get.Article(ctx, id)
		switch {
		case errors.Is(err, store.ErrNotFound):
			continue // pruned since
		case err != nil:
			return err
		}
		if !inSortRange(a, sq) || !s.q.keep(a) || !flaggedBy(a, sq.Rule) {
			continue
		}
		if err := fn(a); err != nil {
			return err
		}
	}
	return nil
}

// articleGetter reads one article by id; *store.Store implements it.
type articleGetter interface {
	Article(ctx context.Context, id string) (*store.Article, error)
}

// inSortRange reports whether a's sort time (Published, or Fetched when
// that is unknown or earlier) is within sq's Since and Until.
func inSortRange(a *store.Article, sq store.Query) bool {
	t := a.Fetched
	if a.Published != nil && a.Published.Before(t) {
		t = *a.Published
	}
	return !t.Before(sq.Since) && (sq.Until.IsZero() || t.Before(sq.Until))
}

// flaggedBy reports whether a carries a flag, of rule when set.
func flaggedBy(a *store.Article, rule string) bool {
	return slices.ContainsFunc(a.Flags, func(f store.Flag) bool { return rule == "" || f.Rule == rule })
}

// RuleLister lists the rules that flag stored stories; *store.Store
// implements it.
type RuleLister interface {
	RuleNames(ctx context.Context) ([]string, error)
}

// CheckRule reports an error naming the known rules, the configured ones
// and those that flag stored stories, when rule is set and none of them.
func CheckRule(ctx context.Context, src RuleLister, rule string, configured []string) error {
	rule = strings.TrimSpace(rule)
	if rule == "" || slices.Contains(configured, rule) {
		return nil
	}
	stored, err := src.RuleNames(ctx)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if slices.Contains(stored, rule) {
		return nil
	}
	known := slices.Compact(slices.Sorted(slices.Values(append(slices.Clone(configured), stored...))))
	if len(known) == 0 {
		return fmt.Errorf("%w %s (no rule is configured and no stored story is flagged); drop --rule", ErrUnknownRule, strconv.Quote(rule))
	}
	return fmt.Errorf("%w %s (the known rules are %s); pass one of them to --rule", ErrUnknownRule, strconv.Quote(rule), strings.Join(known, ", "))
}

// ErrUnknownRule is the error of CheckRule.
var ErrUnknownRule = errors.New("export: unknown rule")
