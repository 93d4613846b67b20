package main

import (
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/newshound/newshound/cmd/newshound/internal/archive"
	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/rules"
	"github.com/newshound/newshound/rules/corpus"
)

// labeledSource is where `rules test` and `rules suggest` read labeled
// stories: a corpus folder or the labels stored in the database.
type labeledSource struct {
	corpus string
	labels bool
	split  string
}

func (ls *labeledSource) flags(fs interface {
	StringVar(*string, string, string, string)
	BoolVar(*bool, string, bool, string)
}, defaultSplit string) {
	fs.StringVar(&ls.corpus, "corpus", "", "measure against a labeled corpus: a folder of .jsonl/.json stories (see docs/rules.md)")
	fs.BoolVar(&ls.labels, "labels", false, "measure against the labels stored with newshound label")
	fs.StringVar(&ls.split, "split", defaultSplit, "with --corpus: the part of the corpus, tune, check or all")
}

func (ls *labeledSource) set() bool { return ls.corpus != "" || ls.labels }

// part returns the stories of the chosen part of a corpus; stored labels
// are not split, as --split is for corpora.
func (ls *labeledSource) part(stories []corpus.Story) []corpus.Story {
	if ls.corpus == "" {
		return stories
	}
	return corpus.Select(stories, ls.split)
}

// describe names the stories measured, as "the tune part" or "the
// stored labels".
func (ls *labeledSource) describe() string {
	if ls.corpus == "" {
		return "stored labels"
	}
	return ls.split + " part"
}

// load returns every labeled story of the source.
func (ls *labeledSource) load(ctx context.Context, cfg *config.Config, rule string) ([]corpus.Story, error) {
	switch ls.split {
	case "all", corpus.PartTune, corpus.PartCheck:
	default:
		return nil, fmt.Errorf("%w: --split is tune, check or all, not %q", errUsage, ls.split)
	}
	switch {
	case ls.corpus != "" && ls.labels:
		return nil, fmt.Errorf("%w: give --corpus DIR or --labels, not both", errUsage)
	case ls.corpus != "":
		return corpus.Load(ls.corpus)
	}
	return archive.LoadLabeled(ctx, cfg, rule)
}

// testLabeled prints the rule's figures on labeled stories (by part for
// a corpus), then its false positives and false negatives.
func testLabeled(ctx context.Context, cfg *config.Config, set *rules.Set, name string, ls *labeledSource, stdout io.Writer) error {
	stories, err := ls.load(ctx, cfg, name)
	if err != nil {
		return err
	}
	if ls.corpus != "" {
		for _, part := range []string{corpus.PartTune, corpus.PartCheck, "all"} {
			r, err := corpus.Measure(set, name, corpus.Select(stories, part))
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "%-5s part: %3d stories, %s\n", part, len(corpus.Select(stories, part)), r.Figures)
		}
		fmt.Fprintf(stdout, "\n%s part:\n", ls.split)
	}
	r, err := corpus.Measure(set, name, ls.part(stories))
	if err != nil {
		return err
	}
	return r.Write(stdout)
}

// rulesSuggest is `newshound rules suggest --rule NAME (--corpus DIR |
// --labels)`: candidate terms that would mend the rule, with the figures
// each would give.
func rulesSuggest(ctx context.Context, cf *commonFlags, sf *ruleSuggestFlags, stdout io.Writer) error {
	ls := &sf.ls
	if sf.name == "" || !ls.set() {
		return fmt.Errorf("%w: rules suggest needs --rule NAME and --corpus DIR or --labels", errUsage)
	}
	cfg, err := cf.load()
	if err != nil {
		return err
	}
	defs := cfg.RuleDefinitions()
	i := slices.IndexFunc(defs, func(d rules.Definition) bool { return d.Name == sf.name })
	if i < 0 {
		return fmt.Errorf("no rule named %q in %s", sf.name, cfg.File)
	}
	def := defs[i] // Suggest compiles it, and reports what does not compile
	stories, err := ls.load(ctx, cfg, sf.name)
	if err != nil {
		return err
	}
	stories = ls.part(stories)
	ss, err := corpus.Suggest(def, cfg.Lists, stories, sf.n)
	if err != nil {
		return err
	}
	if len(ss) == 0 {
		fmt.Fprintf(stdout, "no suggestion: %s gets every one of the %d stories right, or the stories it misses share no term\n", sf.name, len(stories))
		return nil
	}
	fmt.Fprintf(stdout, "%s on %d stories (%s): %s\n\n", sf.name, len(stories), ls.describe(), ss[0].Before)
	return corpus.WriteSuggestions(stdout, ss)
}
