package archive

import (
	"context"
	"fmt"
	"io"

	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/rules"
	"github.com/newshound/newshound/rules/corpus"
)

// LabeledSource is where `rules test` and `rules suggest` read labeled
// stories: a corpus folder (Corpus, of which they measure the Split
// part: tune, check or all) or the labels stored in the database
// (Labels). The command line checks that exactly one is given.
type LabeledSource struct {
	Corpus string
	Labels bool
	Split  string
}

// load returns every labeled story of the source for rule.
func (ls LabeledSource) load(ctx context.Context, cfg *config.Config, rule string) ([]corpus.Story, error) {
	if ls.Corpus != "" {
		return corpus.Load(ls.Corpus)
	}
	return LoadLabeled(ctx, cfg, rule)
}

// part returns the stories of the chosen part of a corpus; stored labels
// are not split, as the split is for corpora.
func (ls LabeledSource) part(stories []corpus.Story) []corpus.Story {
	if ls.Corpus == "" {
		return stories
	}
	return corpus.Select(stories, ls.Split)
}

// describe names the stories measured, as "tune part" or "stored labels".
func (ls LabeledSource) describe() string {
	if ls.Corpus == "" {
		return "stored labels"
	}
	return ls.Split + " part"
}

// MeasureLabeled prints the figures of set's rule name on the labeled
// stories of src (each part in turn for a corpus), then its false
// positives and false negatives on the chosen part.
func MeasureLabeled(ctx context.Context, cfg *config.Config, set *rules.Set, name string, src LabeledSource, w io.Writer) error {
	stories, err := src.load(ctx, cfg, name)
	if err != nil {
		return err
	}
	if src.Corpus != "" {
		for _, part := range []string{corpus.PartTune, corpus.PartCheck, "all"} {
			sel := corpus.Select(stories, part)
			r, err := corpus.Measure(set, name, sel)
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "%-5s part: %3d stories, %s\n", part, len(sel), r.Figures)
		}
		fmt.Fprintf(w, "\n%s part:\n", src.Split)
	}
	r, err := corpus.Measure(set, name, src.part(stories))
	if err != nil {
		return err
	}
	return r.Write(w)
}

// Suggest prints up to n terms that would mend def's errors on the
// labeled stories of src, with the figures each would give (`rules
// suggest`). def need not compile: Suggest reports what does not.
func Suggest(ctx context.Context, cfg *config.Config, def rules.Definition, src LabeledSource, n int, w io.Writer) error {
	stories, err := src.load(ctx, cfg, def.Name)
	if err != nil {
		return err
	}
	stories = src.part(stories)
	ss, err := corpus.Suggest(def, cfg.Lists, stories, n)
	if err != nil {
		return err
	}
	if len(ss) == 0 {
		fmt.Fprintf(w, "no suggestion: %s gets every one of the %d stories right, or the stories it misses share no term\n", def.Name, len(stories))
		return nil
	}
	fmt.Fprintf(w, "%s on %d stories (%s): %s\n\n", def.Name, len(stories), src.describe(), ss[0].Before)
	return corpus.WriteSuggestions(w, ss)
}
