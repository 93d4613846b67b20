package main

import (
	"context"
	"fmt"
	"io"

	"github.com/newshound/newshound/cmd/newshound/internal/archive"
	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/cmd/newshound/internal/wire"
	"github.com/newshound/newshound/rules"
	"github.com/newshound/newshound/rules/corpus"
	"github.com/newshound/newshound/store/export"
	"github.com/spf13/cobra"
)

// rulesCommand is `newshound rules check|explain|test|suggest|apply`.
func (c *cli) rulesCommand() *cobra.Command {
	check := &cobra.Command{
		Use:   "check",
		Short: "lint the configured rules: errors fail, warnings are shown",
		Args:  noArgs,
		RunE:  c.withConfig(func(_ context.Context, cfg *config.Config, _ []string) error { return rulesCheck(cfg, c.stdout) }),
	}
	explain := &cobra.Command{
		Use:   "explain STORY",
		Short: "why a stored story was flagged (STORY: id, unique id prefix or URL)",
		Args:  args(1, 1, "rules explain needs a STORY (an id from the id field of export, a unique prefix of one, or the story's URL)"),
		RunE: c.withConfig(func(ctx context.Context, cfg *config.Config, args []string) error {
			return archive.ExplainStory(ctx, cfg, args[0], c.stdout)
		}),
	}
	test := &cobra.Command{
		Use:   "test (--rule NAME | --query Q) (--url URL | --file FILE | --stored [--since D] | --corpus DIR [--split P] | --labels)",
		Short: "a dry run of a rule on a page, a file or the archive, or its precision and recall on labeled stories",
		Example: "  newshound rules test --rule bank-facebook-data-sharing --url https://example.org/story\n" +
			"  newshound rules test --rule bank-facebook-data-sharing --corpus rules/testdata/topics/bank-facebook-data-sharing",
		Args: noArgs,
	}
	var tf ruleTestFlags
	fs := test.Flags()
	fs.StringVar(&tf.name, "rule", "", "a configured rule to test")
	fs.StringVar(&tf.query, "query", "", "a query to test instead of a configured rule")
	fs.StringVar(&tf.pageURL, "url", "", "fetch this article page and test it")
	fs.StringVar(&tf.file, "file", "", "test this saved HTML page")
	fs.BoolVar(&tf.stored, "stored", false, "test every stored story")
	fs.StringVar(&tf.since, "since", "", "with --stored: only stories since a duration ago (7d) or an RFC 3339 time")
	tf.ls.flags(fs, "all")
	test.RunE = func(cmd *cobra.Command, _ []string) error { return rulesTest(cmd.Context(), &c.cf, &tf, c.stdout) }
	suggest := &cobra.Command{
		Use:   "suggest --rule NAME (--corpus DIR [--split P] | --labels)",
		Short: "terms that would mend the rule's errors on labeled stories, with the figures each would give",
		Args:  noArgs,
	}
	var sf ruleSuggestFlags
	suggest.Flags().StringVar(&sf.name, "rule", "", "the configured rule to improve")
	suggest.Flags().IntVar(&sf.n, "n", 15, "how many suggestions to print")
	sf.ls.flags(suggest.Flags(), corpus.PartTune)
	suggest.RunE = func(cmd *cobra.Command, _ []string) error { return rulesSuggest(cmd.Context(), &c.cf, &sf, c.stdout) }
	apply := &cobra.Command{
		Use:   "apply",
		Short: "re-run the rules over the archive and update the stored flags; also while the daemon runs",
		Args:  noArgs,
	}
	name := apply.Flags().String("rule", "", "re-apply only this rule")
	apply.RunE = func(cmd *cobra.Command, _ []string) error { return rulesApply(cmd.Context(), &c.cf, *name, c.stdout) }
	return c.parent("rules", "lint, explain, test, improve and re-apply the rules", check, explain, test, suggest, apply)
}

// ruleTestFlags are the flags of `rules test`.
type ruleTestFlags struct {
	name, query, pageURL, file, since string
	stored                            bool
	ls                                labeledSource
}

// ruleSuggestFlags are the flags of `rules suggest`.
type ruleSuggestFlags struct {
	name string
	n    int
	ls   labeledSource
}

// rulesCheck lints the configured rules: errors fail, warnings are shown.
func rulesCheck(cfg *config.Config, stdout io.Writer) error {
	ws := rules.Lint(cfg.RuleDefinitions(), cfg.Lists)
	errs := 0
	for _, w := range ws {
		fmt.Fprintln(stdout, w.String())
		if w.Severity == rules.SeverityError {
			errs++
		}
	}
	if errs > 0 {
		return fmt.Errorf("rules check: %d of the %d rules have errors", errs, len(cfg.Rules))
	}
	fmt.Fprintf(stdout, "%d rules ok, %d warnings\n", len(cfg.Rules), len(ws))
	return nil
}

// ruleUnderTest picks the configured rule --rule, or builds one from --query.
func ruleUnderTest(cfg *config.Config, name, query string) (*rules.Set, string, error) {
	defs := cfg.RuleDefinitions()
	switch {
	case name != "" && query != "":
		return nil, "", fmt.Errorf("%w: give --rule or --query, not both", errUsage)
	case query != "":
		name = "query"
		defs = []rules.Definition{{Name: name, Query: query}}
	case name != "":
		d, ok := cfg.RuleDefinition(name)
		if !ok {
			return nil, "", fmt.Errorf("no rule named %q in %s", name, cfg.File)
		}
		defs = []rules.Definition{d}
	default:
		return nil, "", fmt.Errorf("%w: give --rule NAME or --query 'QUERY'", errUsage)
	}
	set, err := rules.Compile(defs, cfg.Lists)
	return set, name, err
}

// rulesTest is a dry run of one rule against a page, a file, or the
// archive, printing what would match and why. Nothing is written.
func rulesTest(ctx context.Context, cf *commonFlags, tf *ruleTestFlags, stdout io.Writer) error {
	ls := &tf.ls
	if ls.Labels && tf.query != "" {
		return fmt.Errorf("%w: labels are stored per rule: give --rule NAME with --labels, or measure --query against a --corpus", errUsage)
	}
	cfg, err := cf.load()
	if err != nil {
		return err
	}
	set, name2, err := ruleUnderTest(cfg, tf.name, tf.query)
	if err != nil {
		return err
	}
	switch {
	case ls.set():
		src, err := ls.source()
		if err != nil {
			return err
		}
		return archive.MeasureLabeled(ctx, cfg, set, name2, src, stdout)
	case tf.stored:
		return testStored(ctx, cfg, set, name2, tf.since, stdout)
	case tf.file != "" || tf.pageURL != "":
		return archive.TestPage(ctx, cfg, set, tf.file, tf.pageURL, stdout)
	}
	return fmt.Errorf("%w: give --url URL, --file FILE, --stored, --corpus DIR or --labels", errUsage)
}

// testStored runs the rule over the archive and lists the stories that
// would be newly flagged and those that would no longer be.
func testStored(ctx context.Context, cfg *config.Config, set *rules.Set, name, since string, stdout io.Writer) error {
	q, err := export.ParseQuery(since, "", true)
	if err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	return archive.TestStored(ctx, cfg, set, name, q, since, stdout)
}

// rulesApply re-runs the configured rules over the archive and updates
// the stored flags (one rule with --rule, else all).
func rulesApply(ctx context.Context, cf *commonFlags, name string, stdout io.Writer) error {
	cfg, err := cf.load()
	if err != nil {
		return err
	}
	var set *rules.Set
	if name != "" {
		set, _, err = ruleUnderTest(cfg, name, "")
	} else {
		set, err = wire.CompileRules(cfg)
	}
	if err != nil {
		return err
	}
	return archive.ApplyRules(ctx, cfg, set, stdout)
}
