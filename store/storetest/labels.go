package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/newshound/newshound/store"
)

// LabelStore is what the Labels group needs: articles to label, and the
// labels.
type LabelStore interface {
	PutArticle(ctx context.Context, a *store.Article) error
	Article(ctx context.Context, id string) (*store.Article, error)
	PutLabel(ctx context.Context, l store.Label) error
	DeleteLabel(ctx context.Context, articleID, rule string) error
	ArticleLabels(ctx context.Context, articleID string) ([]store.Label, error)
	Labels(ctx context.Context, rule string, fn func(store.Label) error) error
}

// Labels checks PutLabel, DeleteLabel, ArticleLabels and Labels.
func Labels(t *testing.T, open func(t *testing.T) LabelStore) {
	t.Run("PutAndList", func(t *testing.T) { labelsPutAndList(t, open(t)) })
	t.Run("Alias", func(t *testing.T) {
		s := open(t)
		a := story(1, 0, time.Minute)
		alias := "https://news.example/amp/1"
		a.Aliases = []string{alias}
		put(t, s, a)
		aliasID := store.ArticleID(alias)
		mustPutLabel(t, s, store.Label{ArticleID: aliasID, Rule: "bank", Relevant: true, Labeled: at(time.Hour)})
		want := []store.Label{{ArticleID: a.ID, Rule: "bank", Relevant: true, Labeled: at(time.Hour)}}
		for _, id := range []string{a.ID, aliasID} {
			got, err := s.ArticleLabels(t.Context(), id)
			if d := diff(got, want); err != nil || d != "" {
				t.Errorf("ArticleLabels(%s) after PutLabel by the alias's id (error %v), want the label under the article's own id:\n%s", id, err, d)
			}
		}
		if err := s.DeleteLabel(t.Context(), aliasID, "bank"); err != nil {
			t.Errorf("DeleteLabel by the alias's id = %v, want no error", err)
		}
		if got, err := s.ArticleLabels(t.Context(), a.ID); err != nil || len(got) != 0 {
			t.Errorf("ArticleLabels after DeleteLabel = %v, %v, want none", got, err)
		}
	})
	t.Run("Errors", func(t *testing.T) {
		s := open(t)
		a := story(1, 0, time.Minute)
		put(t, s, a)
		unknown := idsOf(99)[0]
		if err := s.PutLabel(t.Context(), store.Label{ArticleID: unknown, Rule: "bank"}); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("PutLabel of an article not stored = %v, want ErrNotFound", err)
		}
		if got, err := s.ArticleLabels(t.Context(), unknown); err != nil || len(got) != 0 {
			t.Errorf("ArticleLabels of an article not stored = %v, %v, want none and no error", got, err)
		}
		if err := s.DeleteLabel(t.Context(), a.ID, "bank"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("DeleteLabel of a label never put = %v, want ErrNotFound", err)
		}
		for _, l := range []store.Label{{Rule: "bank"}, {ArticleID: a.ID}, {ArticleID: a.ID, Rule: "a\x00b"}} {
			if err := s.PutLabel(t.Context(), l); err == nil {
				t.Errorf("PutLabel(%+v) = nil, want an error", l)
			}
		}
		if err := s.DeleteLabel(t.Context(), a.ID, ""); err == nil {
			t.Errorf("DeleteLabel without rule = nil, want an error")
		}
	})
	t.Run("ZeroTime", func(t *testing.T) {
		s := open(t)
		a := story(1, 0, time.Minute)
		put(t, s, a)
		c := during(func() { mustPutLabel(t, s, store.Label{ArticleID: a.ID, Rule: "bank"}) })
		got, err := s.ArticleLabels(t.Context(), a.ID)
		if err != nil || len(got) != 1 {
			t.Fatalf("ArticleLabels = %v, %v, want one label", got, err)
		}
		if !c.covers(got[0].Labeled) {
			t.Errorf("Labeled of a label put with a zero time = %v, want the time of PutLabel (%v)", got[0].Labeled, c.before)
		}
		if !inUTC(got[0].Labeled) {
			t.Errorf("Labeled = %v, want it in UTC", got[0].Labeled)
		}
	})
}

func labelsPutAndList(t *testing.T, s LabelStore) {
	ctx := t.Context()
	arts := []*store.Article{story(1, 0, time.Minute), story(2, time.Hour, time.Hour), story(3, 2*time.Hour, 2*time.Hour)}
	put(t, s, arts...)
	paris := time.FixedZone("Paris", 3600)
	lab := func(a *store.Article, rule string, relevant bool, d time.Duration) store.Label {
		return store.Label{ArticleID: a.ID, Rule: rule, Relevant: relevant, Labeled: at(d).In(paris)}
	}
	labels := []store.Label{
		lab(arts[2], "bank", true, 0), lab(arts[0], "privacy", false, time.Minute),
		lab(arts[0], "bank", false, 2*time.Minute), lab(arts[1], "privacy", true, 3*time.Minute),
		lab(arts[0], "bank", true, 4*time.Minute), // replaces the label of (arts[0], bank)
	}
	for _, l := range labels {
		mustPutLabel(t, s, l)
	}
	byID := map[string][]store.Label{
		arts[0].ID: {labels[4], labels[1]}, arts[1].ID: {labels[3]}, arts[2].ID: {labels[0]},
	}
	for _, a := range arts {
		got, err := s.ArticleLabels(ctx, a.ID)
		if d := diff(got, byID[a.ID]); err != nil || d != "" {
			t.Errorf("ArticleLabels(%s) (error %v), want its labels ordered by rule:\n%s", a.ID, err, d)
		}
		for _, l := range got {
			if !inUTC(l.Labeled) {
				t.Errorf("ArticleLabels(%s): Labeled = %v, want it in UTC", a.ID, l.Labeled)
			}
		}
	}
	// Every rule, in article id order, then rule order.
	var all []store.Label
	for _, id := range sortedStrings(ids(arts)) {
		all = append(all, byID[id]...)
	}
	for _, tt := range []struct {
		rule string
		want []store.Label
	}{
		{"", all},
		{"bank", filterLabels(all, "bank")},
		{"privacy", filterLabels(all, "privacy")},
		{"none", nil},
	} {
		var got []store.Label
		err := s.Labels(ctx, tt.rule, func(l store.Label) error {
			if _, err := s.Article(ctx, l.ArticleID); err != nil { // fn may call the store
				return err
			}
			got = append(got, l)
			return nil
		})
		if d := diff(got, tt.want); err != nil || d != "" {
			t.Errorf("Labels(%q) (error %v), want them in article id order, then rule order:\n%s", tt.rule, err, d)
		}
	}
	stop := errors.New("stop here")
	n := 0
	err := s.Labels(ctx, "", func(store.Label) error { n++; return stop })
	if err != stop || n != 1 {
		t.Errorf("Labels with fn failing = %v after %d calls, want fn's error unchanged after 1 call", err, n)
	}
}

func filterLabels(ls []store.Label, rule string) []store.Label {
	var out []store.Label
	for _, l := range ls {
		if l.Rule == rule {
			out = append(out, l)
		}
	}
	return out
}

func mustPutLabel(t *testing.T, s interface {
	PutLabel(context.Context, store.Label) error
}, l store.Label) {
	t.Helper()
	if err := s.PutLabel(t.Context(), l); err != nil {
		t.Fatalf("PutLabel(%s, %q) = %v, want no error", l.ArticleID, l.Rule, err)
	}
}

// inUTC reports whether t is in UTC (or in a zone of no offset named
// UTC, as time.Local may be).
func inUTC(t time.Time) bool {
	name, off := t.Zone()
	return off == 0 && name == "UTC"
}
