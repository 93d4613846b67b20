package archive

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/newshound/newshound/cmd/newshound/internal/client"
	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/cmd/newshound/internal/dbfile"
	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/rules"
	"github.com/newshound/newshound/rules/corpus"
	"github.com/newshound/newshound/store"
)

// NoLabelsError is the sentence for a rule with no labeled stored story.
type NoLabelsError struct{ rule string }

// Error says how to label stories.
func (e *NoLabelsError) Error() string {
	return fmt.Sprintf("no stored story is labeled for rule %s: label some with `newshound label STORY relevant|irrelevant --rule %s`", e.rule, e.rule)
}

// Labeled returns the stored stories labeled for rule, as a
// corpus: what `rules test --labels` and `rules suggest --labels`
// measure, read from the file or, beside the daemon, from GET
// /api/v1/rules/{rule}/labeled.
func Labeled(ctx context.Context, st store.Backend, rule string) ([]corpus.Story, error) {
	var out []corpus.Story
	err := st.Labels(ctx, rule, func(l store.Label) error {
		a, err := st.Article(ctx, l.ArticleID)
		if errors.Is(err, store.ErrNotFound) {
			return nil // pruned since it was labeled
		} else if err != nil {
			return err
		}
		label := corpus.LabelIrrelevant
		if l.Relevant {
			label = corpus.LabelRelevant
		}
		feed, article := crawler.StageDocs(a)
		out = append(out, corpus.Story{ID: a.ID, Headline: a.Title, Text: a.Text, Label: label, Stages: []rules.Doc{feed, article}, Source: a.URL})
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, &NoLabelsError{rule: rule}
	}
	return out, nil
}

// labeledStory is a corpus.Story with the fields it keeps out of JSON.
type labeledStory struct {
	corpus.Story
	Source string      `json:"source"`
	Stages []rules.Doc `json:"stages"`
}

// LabeledAnswer is the daemon's answer to GET /api/v1/rules/{rule}/labeled.
type LabeledAnswer struct {
	Stories []labeledStory `json:"stories"`
}

// NewLabeledAnswer is the daemon's answer carrying ss.
func NewLabeledAnswer(ss []corpus.Story) LabeledAnswer {
	a := LabeledAnswer{Stories: make([]labeledStory, len(ss))}
	for i, s := range ss {
		a.Stories[i] = labeledStory{Story: s, Source: s.Source, Stages: s.Stages}
	}
	return a
}

// LabeledViaDaemon reads the stories labeled for rule from the daemon.
func LabeledViaDaemon(ctx context.Context, cl *client.Client, what, rule string) ([]corpus.Story, error) {
	var a LabeledAnswer
	if err := cl.Call(ctx, what, http.MethodGet, "/api/v1/rules/"+url.PathEscape(rule)+"/labeled", nil, &a); err != nil {
		return nil, err
	}
	out := make([]corpus.Story, len(a.Stories))
	for i, s := range a.Stories {
		out[i] = s.Story
		out[i].Source, out[i].Stages = s.Source, s.Stages
	}
	return out, nil
}

// LoadLabeled returns the stories labeled for rule: from the file, or from
// the daemon when it holds it.
func LoadLabeled(ctx context.Context, cfg *config.Config, rule string) ([]corpus.Story, error) {
	st, err := dbfile.OpenWith(ctx, cfg, store.Options{Logger: cfg.Logger, ReadOnly: true})
	if errors.Is(err, store.ErrLocked) {
		return LabeledViaDaemon(ctx, client.New(cfg), "rules", rule)
	} else if err != nil {
		return nil, err
	}
	defer st.Close()
	return Labeled(ctx, st, rule)
}
