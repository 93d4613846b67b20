package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"slices"

	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/crawler/extract"
	"github.com/newshound/newshound/crawler/urlnorm"
	"github.com/newshound/newshound/rules"
	"github.com/newshound/newshound/store"
	"github.com/newshound/newshound/store/export"
)

// cmdRules is `newshound rules check|explain|test|apply`.
func cmdRules(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: rules needs a subcommand: check, explain STORY_ID, test, apply, suggest", errUsage)
	}
	switch args[0] {
	case "check":
		return rulesCheck(args[1:], stdout, stderr)
	case "explain":
		return rulesExplain(ctx, args[1:], stdout, stderr)
	case "test":
		return rulesTest(ctx, args[1:], stdout, stderr)
	case "apply":
		return rulesApply(ctx, args[1:], stdout, stderr)
	case "suggest":
		return rulesSuggest(ctx, args[1:], stdout, stderr)
	}
	return fmt.Errorf("%w: unknown rules subcommand %q (use check, explain, test, apply or suggest)", errUsage, args[0])
}

// rulesCheck lints the configured rules: errors fail, warnings are shown.
func rulesCheck(args []string, stdout, stderr io.Writer) error {
	fs, cf := newFlagSet("rules check", stderr)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := cf.load()
	if err != nil {
		return err
	}
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

// rulesExplain prints why a stored story was flagged.
func rulesExplain(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, cf := newFlagSet("rules explain", stderr)
	var id string
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		id, args = args[0], args[1:]
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if id == "" {
		return fmt.Errorf("%w: rules explain needs a STORY (an id from the id field of export, a unique prefix of one, or the story's URL)", errUsage)
	}
	cfg, err := cf.load()
	if err != nil {
		return err
	}
	st, err := store.Open(ctx, cfg.Storage.Path, store.Options{Timeout: lockTimeout, ReadOnly: true, NormalizeURL: urlnorm.Normalize})
	if errors.Is(err, store.ErrLocked) {
		e, err := explainViaDaemon(ctx, cfg, id)
		if err != nil {
			return err
		}
		return e.write(stdout)
	} else if err != nil {
		return err
	}
	defer st.Close()
	e, err := explain(ctx, st, id)
	if err != nil {
		return err
	}
	return e.write(stdout)
}

func toHit(f store.Flag) rules.Hit {
	h := rules.Hit{Rule: f.Rule, Score: f.Score, Tags: f.Tags}
	for _, m := range f.Matches {
		h.Matches = append(h.Matches, rules.Match{Field: m.Field, Term: m.Term, Offset: m.Offset, Length: m.Length, Snippet: m.Snippet, SnippetOffset: m.SnippetOffset})
	}
	return h
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
		i := slices.IndexFunc(defs, func(d rules.Definition) bool { return d.Name == name })
		if i < 0 {
			return nil, "", fmt.Errorf("no rule named %q in %s", name, cfg.File)
		}
		defs = defs[i : i+1]
	default:
		return nil, "", fmt.Errorf("%w: give --rule NAME or --query 'QUERY'", errUsage)
	}
	set, err := rules.Compile(defs, cfg.Lists)
	return set, name, err
}

// rulesTest is a dry run of one rule against a page, a file, or the
// archive, printing what would match and why. Nothing is written.
func rulesTest(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, cf := newFlagSet("rules test", stderr)
	name := fs.String("rule", "", "a configured rule to test")
	query := fs.String("query", "", "a query to test instead of a configured rule")
	pageURL := fs.String("url", "", "fetch this article page and test it")
	file := fs.String("file", "", "test this saved HTML page")
	stored := fs.Bool("stored", false, "test every stored story")
	since := fs.String("since", "", "with --stored: only stories since a duration ago (7d) or an RFC 3339 time")
	var ls labeledSource
	ls.flags(fs, "all")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if ls.labels && *query != "" {
		return fmt.Errorf("%w: labels are stored per rule: give --rule NAME with --labels, or measure --query against a --corpus", errUsage)
	}
	cfg, err := cf.load()
	if err != nil {
		return err
	}
	set, name2, err := ruleUnderTest(cfg, *name, *query)
	if err != nil {
		return err
	}
	switch {
	case ls.set():
		return testLabeled(ctx, cfg, set, name2, &ls, stdout)
	case *stored:
		return testStored(ctx, cfg, set, name2, *since, stdout)
	case *file != "" || *pageURL != "":
		return testPage(ctx, cfg, set, *file, *pageURL, stdout)
	}
	return fmt.Errorf("%w: give --url URL, --file FILE, --stored, --corpus DIR or --labels", errUsage)
}

func testPage(ctx context.Context, cfg *config.Config, set *rules.Set, file, rawURL string, stdout io.Writer) error {
	var (
		body []byte
		ct   string
		u    *url.URL
		err  error
	)
	if file != "" {
		if body, err = os.ReadFile(file); err != nil {
			return fmt.Errorf("rules test: %w", err)
		}
		u = &url.URL{Scheme: "file", Path: file}
	} else {
		log := newLogger(io.Discard, "error", "text")
		c, err := crawler.New(ctx, crawlerOptions(cfg, log), nil, nil)
		if err != nil {
			return err
		}
		p, err := c.FetchPage(ctx, rawURL)
		if err != nil {
			return fmt.Errorf("rules test: %w", err)
		}
		body, ct = p.Body, p.ContentType
		u, _ = url.Parse(p.URL)
	}
	r, err := (&extract.Extractor{}).Extract(ctx, body, ct, u)
	if err != nil {
		return fmt.Errorf("rules test: %w", err)
	}
	a := &store.Article{Title: r.Title, Text: r.Text, URL: u.String()}
	flags := crawler.Flag(set, a)
	fmt.Fprintf(stdout, "%s\n", r.Title)
	if len(flags) == 0 {
		fmt.Fprintln(stdout, "no match")
		return nil
	}
	for _, f := range flags {
		rules.WriteExplanation(stdout, toHit(f))
	}
	return nil
}

// testStored runs the rule over the archive and lists the stories that
// would be newly flagged and those that would no longer be.
func testStored(ctx context.Context, cfg *config.Config, set *rules.Set, name, since string, stdout io.Writer) error {
	q, err := export.ParseQuery(since, "", true)
	if err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	st, err := store.Open(ctx, cfg.Storage.Path, store.Options{Timeout: lockTimeout, ReadOnly: true})
	if errors.Is(err, store.ErrLocked) {
		return testStoredViaDaemon(ctx, cfg, set, since, stdout)
	} else if err != nil {
		return err
	}
	defer st.Close()
	n, err := storedChanges(ctx, st, set, name, q, func(c storedChange) error { c.write(stdout); return nil })
	if err != nil {
		return err
	}
	n.write(stdout)
	return nil
}

// rulesApply re-runs the configured rules over the archive and updates
// the stored flags (one rule with --rule, else all).
func rulesApply(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, cf := newFlagSet("rules apply", stderr)
	name := fs.String("rule", "", "re-apply only this rule")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := cf.load()
	if err != nil {
		return err
	}
	var set *rules.Set
	if *name != "" {
		set, _, err = ruleUnderTest(cfg, *name, "")
	} else {
		set, err = compileRules(cfg)
	}
	if err != nil {
		return err
	}
	st, err := openStore(ctx, cfg, newLogger(io.Discard, "error", "text"))
	var res applied
	if errors.Is(err, store.ErrLocked) {
		res, err = applyViaDaemon(ctx, cfg, set)
	} else if err == nil {
		res, err = applyRules(ctx, st, set)
		if cerr := st.Close(); err == nil && cerr != nil {
			err = cerr
		}
	}
	if err != nil {
		return err
	}
	res.write(stdout)
	return nil
}

// reflag replaces the flags of the re-applied rules, keeping the first
// flag time of flags that stay; ok reports whether anything changed.
func reflag(set *rules.Set, names map[string]bool, a *store.Article) (*store.Article, bool) {
	old := map[string]store.Flag{}
	var kept []store.Flag
	for _, f := range a.Flags {
		if names[f.Rule] {
			old[f.Rule] = f
		} else {
			kept = append(kept, f)
		}
	}
	fresh := crawler.Flag(set, a)
	changed := len(fresh) != len(old)
	for i, f := range fresh {
		if o, ok := old[f.Rule]; ok {
			fresh[i].Flagged = o.Flagged
		} else {
			changed = true
		}
	}
	if !changed {
		return a, false
	}
	a.Flags = append(kept, fresh...)
	return a, true
}
