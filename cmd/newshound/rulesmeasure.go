package main

import (
	"context"
	"fmt"
	"io"

	"github.com/newshound/newshound/cmd/newshound/internal/archive"
	"github.com/newshound/newshound/rules/corpus"
)

// labeledSource binds the flags that say where `rules test` and `rules
// suggest` read labeled stories (a corpus folder or the stored labels)
// to the archive.LabeledSource they name.
type labeledSource struct{ archive.LabeledSource }

func (ls *labeledSource) flags(fs interface {
	StringVar(*string, string, string, string)
	BoolVar(*bool, string, bool, string)
}, defaultSplit string) {
	fs.StringVar(&ls.Corpus, "corpus", "", "measure against a labeled corpus: a folder of .jsonl/.json stories (see docs/rules.md)")
	fs.BoolVar(&ls.Labels, "labels", false, "measure against the labels stored with newshound label")
	fs.StringVar(&ls.Split, "split", defaultSplit, "with --corpus: the part of the corpus, tune, check or all")
}

func (ls *labeledSource) set() bool { return ls.Corpus != "" || ls.Labels }

// source checks the flags and returns the source they name.
func (ls *labeledSource) source() (archive.LabeledSource, error) {
	switch ls.Split {
	case "all", corpus.PartTune, corpus.PartCheck:
	default:
		return archive.LabeledSource{}, fmt.Errorf("%w: --split is tune, check or all, not %q", errUsage, ls.Split)
	}
	if ls.Corpus != "" && ls.Labels {
		return archive.LabeledSource{}, fmt.Errorf("%w: give --corpus DIR or --labels, not both", errUsage)
	}
	return ls.LabeledSource, nil
}

// rulesSuggest is `newshound rules suggest --rule NAME (--corpus DIR |
// --labels)`: candidate terms that would mend the rule, with the figures
// each would give.
func rulesSuggest(ctx context.Context, cf *commonFlags, sf *ruleSuggestFlags, stdout io.Writer) error {
	if sf.name == "" || !sf.ls.set() {
		return fmt.Errorf("%w: rules suggest needs --rule NAME and --corpus DIR or --labels", errUsage)
	}
	src, err := sf.ls.source()
	if err != nil {
		return err
	}
	cfg, err := cf.load()
	if err != nil {
		return err
	}
	def, ok := cfg.RuleDefinition(sf.name)
	if !ok {
		return fmt.Errorf("no rule named %q in %s", sf.name, cfg.File)
	}
	return archive.Suggest(ctx, cfg, def, src, sf.n, stdout)
}
