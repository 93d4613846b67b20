package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"

	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/rules"
	"github.com/newshound/newshound/store"

	"github.com/newshound/newshound/cmd/newshound/internal/client"
	"github.com/newshound/newshound/cmd/newshound/internal/config"
)

// The work of `rules explain`, `rules test --stored` and `rules apply`,
// done on the file when it is free and by the daemon, through the routes
// of daemon_routes.go, when the daemon holds it; each prints the same
// either way.

// explanation is a stored story and its flags: what `rules explain`
// prints, and the daemon's answer to GET /api/v1/stories/{ref}/explain.
type explanation struct {
	ID    string       `json:"id"`
	Title string       `json:"title"`
	URL   string       `json:"url"`
	Flags []store.Flag `json:"flags"`
}

// explain resolves ref in st (an id, a unique id prefix or the URL).
func explain(ctx context.Context, st *store.Store, ref string) (explanation, error) {
	a, err := st.ResolveArticle(ctx, ref)
	if errors.Is(err, store.ErrNotFound) {
		return explanation{}, fmt.Errorf("rules explain: no story with id %s (give an id from the id field of export, at least 6 characters of one, or the story's URL): %w", ref, store.ErrNotFound)
	} else if err != nil {
		return explanation{}, err
	}
	return explanation{ID: a.ID, Title: a.Title, URL: a.URL, Flags: a.Flags}, nil
}

// write prints the explanation as `rules explain` does.
func (e explanation) write(w io.Writer) error {
	fmt.Fprintf(w, "%s\n%s\n", e.Title, e.URL)
	if len(e.Flags) == 0 {
		fmt.Fprintln(w, "not flagged by any rule")
		return nil
	}
	for _, f := range e.Flags {
		if err := rules.WriteExplanation(w, toHit(f)); err != nil {
			return err
		}
		fmt.Fprintf(w, "  (matched at the %s stage)\n", f.Stage)
	}
	return nil
}

// explainViaDaemon asks the daemon to resolve ref and returns the story.
func explainViaDaemon(ctx context.Context, cfg *config.Config, ref string) (explanation, error) {
	var e explanation
	err := client.New(cfg).Call(ctx, "rules explain", http.MethodGet, "/api/v1/stories/"+url.PathEscape(ref)+"/explain", nil, &e)
	return e, err
}

// storedChange is a story `rules test --stored` lists: Sign "+" for one
// the rule would newly flag (with Hits, why), "-" for one it would no
// longer flag.
type storedChange struct {
	Sign  string      `json:"sign"`
	ID    string      `json:"id"`
	Title string      `json:"title"`
	URL   string      `json:"url"`
	Hits  []rules.Hit `json:"hits,omitempty"`
}

// write prints the change as `rules test --stored` does.
func (c storedChange) write(w io.Writer) {
	fmt.Fprintf(w, "%s %s %s\n  %s\n", c.Sign, c.ID, c.Title, c.URL)
	for _, h := range c.Hits {
		rules.WriteExplanation(w, h)
	}
}

// storedCounts is the last line of `rules test --stored`.
type storedCounts struct {
	Matched int `json:"matched"`
	Added   int `json:"added"`
	Removed int `json:"removed"`
}

func (n storedCounts) write(w io.Writer) {
	fmt.Fprintf(w, "%d stories match; %d would be newly flagged (+), %d would no longer be (-)\n", n.Matched, n.Added, n.Removed)
}

// storedChanges runs the rule name of set over the stories of q in st,
// calling emit for each it would newly flag or no longer flag, and
// returns the counts. Nothing is written.
func storedChanges(ctx context.Context, st *store.Store, set *rules.Set, name string, q store.Query, emit func(storedChange) error) (storedCounts, error) {
	var n storedCounts
	err := st.Articles(ctx, q, func(a *store.Article) error {
		had := slices.ContainsFunc(a.Flags, func(f store.Flag) bool { return f.Rule == name })
		flags := crawler.Flag(set, a)
		has := len(flags) > 0
		if has {
			n.Matched++
		}
		switch {
		case has && !had:
			n.Added++
			c := storedChange{Sign: "+", ID: a.ID, Title: a.Title, URL: a.URL}
			for _, f := range flags {
				c.Hits = append(c.Hits, toHit(f))
			}
			return emit(c)
		case had && !has:
			n.Removed++
			return emit(storedChange{Sign: "-", ID: a.ID, Title: a.Title, URL: a.URL})
		}
		return nil
	})
	return n, err
}

// rulesRequest carries rules to the daemon: the definitions the command
// compiled from its config.yaml, and the lists they use, so that the
// daemon runs the rules the command would, whatever rules it runs itself.
type rulesRequest struct {
	Rules []rules.Definition  `json:"rules"`
	Lists map[string][]string `json:"lists,omitempty"`
	// Since bounds `rules test --stored` as its --since does.
	Since string `json:"since,omitempty"`
}

// storedLine is one line of the daemon's answer to POST
// /api/v1/rules/test: a change, then the counts, or an error.
type storedLine struct {
	Change *storedChange `json:"change,omitempty"`
	Counts *storedCounts `json:"counts,omitempty"`
	Error  string        `json:"error,omitempty"`
}

// testStoredViaDaemon has the daemon run `rules test --stored` and prints
// its answer as the command would.
func testStoredViaDaemon(ctx context.Context, cfg *config.Config, set *rules.Set, since string, stdout io.Writer) error {
	const what = "rules test"
	body, err := json.Marshal(rulesRequest{Rules: set.Rules(), Lists: cfg.Lists, Since: since})
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	resp, err := client.New(cfg).Do(ctx, what, http.MethodPost, "/api/v1/rules/test", bytes.NewReader(body))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return client.New(cfg).AnswerError(what, resp)
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, maxRequestBytes)
	for sc.Scan() {
		var l storedLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return fmt.Errorf("%s: reading the daemon's answer: %w", what, err)
		}
		switch {
		case l.Error != "":
			return errors.New(l.Error)
		case l.Change != nil:
			l.Change.write(stdout)
		case l.Counts != nil:
			l.Counts.write(stdout)
			return nil
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: reading the daemon's answer: %w", what, err)
	}
	return fmt.Errorf("%s: the daemon at %s ended its answer before the counts", what, cfg.Server.Listen)
}

// applied is what `rules apply` prints, and the daemon's answer to POST
// /api/v1/rules/apply.
type applied struct {
	Checked int `json:"checked"`
	Changed int `json:"changed"`
	// Error is the daemon's sentence when the apply failed part way.
	Error string `json:"error,omitempty"`
}

func (a applied) write(w io.Writer) {
	fmt.Fprintf(w, "%d stories checked, %d changed\n", a.Checked, a.Changed)
}

// applyRules re-runs the rules of set over every story in st and updates
// the stored flags of those rules. A story to change is read again just
// before it is written, so that a crawl writing beside it (the daemon's)
// loses nothing it stored since the scan.
func applyRules(ctx context.Context, st *store.Store, set *rules.Set) (applied, error) {
	names := map[string]bool{}
	for _, d := range set.Rules() {
		names[d.Name] = true
	}
	var res applied
	var ids []string
	err := st.Articles(ctx, store.Query{}, func(a *store.Article) error {
		res.Checked++
		if _, ok := reflag(set, names, a); ok {
			ids = append(ids, a.ID)
		}
		return nil
	})
	if err != nil {
		return res, err
	}
	for _, id := range ids {
		a, err := st.Article(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			continue // pruned since the scan
		} else if err != nil {
			return res, err
		}
		if a, ok := reflag(set, names, a); ok {
			if err := st.PutArticle(ctx, a); err != nil {
				return res, err
			}
			res.Changed++
		}
	}
	return res, nil
}

// applyViaDaemon has the daemon apply set's rules to its database.
func applyViaDaemon(ctx context.Context, cfg *config.Config, set *rules.Set) (applied, error) {
	var res applied
	body, err := json.Marshal(rulesRequest{Rules: set.Rules(), Lists: cfg.Lists})
	if err != nil {
		return res, fmt.Errorf("rules apply: %w", err)
	}
	err = client.New(cfg).Call(ctx, "rules apply", http.MethodPost, "/api/v1/rules/apply", bytes.NewReader(body), &res)
	if err == nil && res.Error != "" {
		err = errors.New(res.Error)
	}
	return res, err
}
