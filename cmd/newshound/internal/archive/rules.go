// Package archive runs rules outside the crawl, over the stored stories
// and over one page (TestPage): why a story was
// flagged (Explain), what a rule would change (StoredChanges), re-applying
// rules (Apply), and the stories labeled for a rule (Labeled). Each is
// done on the file when it is free, or by the running daemon through its
// API (the ...ViaDaemon functions, which the daemon's routes answer), and
// prints the same either way.
package archive

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"slices"

	"github.com/newshound/newshound/cmd/newshound/internal/api"
	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/cmd/newshound/internal/dbfile"
	"github.com/newshound/newshound/cmd/newshound/internal/wire"
	"github.com/newshound/newshound/crawler/extract"

	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/rules"
	"github.com/newshound/newshound/store"

	"github.com/newshound/newshound/cmd/newshound/internal/client"
)

// Explanation is a stored story and its flags: what `rules explain`
// prints, and the daemon's answer to GET /api/v1/stories/{ref}/explain.
type Explanation struct {
	ID    string       `json:"id"`
	Title string       `json:"title"`
	URL   string       `json:"url"`
	Flags []store.Flag `json:"flags"`
}

// Explain resolves ref in st (an id, a unique id prefix or the URL).
func Explain(ctx context.Context, st store.Backend, ref string) (Explanation, error) {
	a, err := st.ResolveArticle(ctx, ref)
	if errors.Is(err, store.ErrNotFound) {
		return Explanation{}, fmt.Errorf("rules Explain: no story with id %s (give an id from the id field of export, at least 6 characters of one, or the story's URL): %w", ref, store.ErrNotFound)
	} else if err != nil {
		return Explanation{}, err
	}
	return Explanation{ID: a.ID, Title: a.Title, URL: a.URL, Flags: a.Flags}, nil
}

// Write prints the Explanation as `rules explain` does.
func (e Explanation) Write(w io.Writer) error {
	fmt.Fprintf(w, "%s\n%s\n", e.Title, e.URL)
	if len(e.Flags) == 0 {
		fmt.Fprintln(w, "not flagged by any rule")
		return nil
	}
	for _, f := range e.Flags {
		if err := rules.WriteExplanation(w, Hit(f)); err != nil {
			return err
		}
		fmt.Fprintf(w, "  (matched at the %s stage)\n", f.Stage)
	}
	return nil
}

// ExplainViaDaemon asks the daemon to resolve ref and returns the story.
func ExplainViaDaemon(ctx context.Context, cl *client.Client, ref string) (Explanation, error) {
	var e Explanation
	err := cl.Call(ctx, "rules Explain", http.MethodGet, "/api/v1/stories/"+url.PathEscape(ref)+"/explain", nil, &e)
	return e, err
}

// StoredChange is a story `rules test --stored` lists: Sign "+" for one
// the rule would newly flag (with Hits, why), "-" for one it would no
// longer flag.
type StoredChange struct {
	Sign  string      `json:"sign"`
	ID    string      `json:"id"`
	Title string      `json:"title"`
	URL   string      `json:"url"`
	Hits  []rules.Hit `json:"hits,omitempty"`
}

// Write prints the change as `rules test --stored` does.
func (c StoredChange) Write(w io.Writer) {
	fmt.Fprintf(w, "%s %s %s\n  %s\n", c.Sign, c.ID, c.Title, c.URL)
	for _, h := range c.Hits {
		rules.WriteExplanation(w, h)
	}
}

// StoredCounts is the last line of `rules test --stored`.
type StoredCounts struct {
	Matched int `json:"matched"`
	Added   int `json:"added"`
	Removed int `json:"removed"`
}

// Write prints the counts as `rules test --stored` does.
func (n StoredCounts) Write(w io.Writer) {
	fmt.Fprintf(w, "%d stories match; %d would be newly flagged (+), %d would no longer be (-)\n", n.Matched, n.Added, n.Removed)
}

// StoredChanges runs the rule name of set over the stories of q in st,
// calling emit for each it would newly flag or no longer flag, and
// returns the counts. Nothing is written.
func StoredChanges(ctx context.Context, st store.Backend, set *rules.Set, name string, q store.Query, emit func(StoredChange) error) (StoredCounts, error) {
	var n StoredCounts
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
			c := StoredChange{Sign: "+", ID: a.ID, Title: a.Title, URL: a.URL}
			for _, f := range flags {
				c.Hits = append(c.Hits, Hit(f))
			}
			return emit(c)
		case had && !has:
			n.Removed++
			return emit(StoredChange{Sign: "-", ID: a.ID, Title: a.Title, URL: a.URL})
		}
		return nil
	})
	return n, err
}

// RulesRequest carries rules to the daemon, as the API decodes them
// (api.RulesRequest): one definition of the body for both sides.
type RulesRequest = api.RulesRequest

// StoredLine is one line of the daemon's answer to POST
// /api/v1/rules/test: a change, then the counts, or an error.
type StoredLine struct {
	Change *StoredChange `json:"change,omitempty"`
	Counts *StoredCounts `json:"counts,omitempty"`
	Error  string        `json:"error,omitempty"`
}

// TestStoredViaDaemon has the daemon run `rules test --stored` and prints
// its answer as the command would.
func TestStoredViaDaemon(ctx context.Context, cl *client.Client, set *rules.Set, lists map[string][]string, since string, stdout io.Writer) error {
	const what = "rules test"
	body, err := json.Marshal(RulesRequest{Rules: set.Rules(), Lists: lists, Since: since})
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	resp, err := cl.Do(ctx, what, http.MethodPost, "/api/v1/rules/test", bytes.NewReader(body))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return cl.AnswerError(what, resp)
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, maxAnswerLine)
	for sc.Scan() {
		var l StoredLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return fmt.Errorf("%s: reading the daemon's answer: %w", what, err)
		}
		switch {
		case l.Error != "":
			return errors.New(l.Error)
		case l.Change != nil:
			l.Change.Write(stdout)
		case l.Counts != nil:
			l.Counts.Write(stdout)
			return nil
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: reading the daemon's answer: %w", what, err)
	}
	return fmt.Errorf("%s: the daemon at %s ended its answer before the counts", what, cl.Listen)
}

// Applied is what `rules apply` prints, and the daemon's answer to POST
// /api/v1/rules/apply.
type Applied struct {
	Checked int `json:"checked"`
	Changed int `json:"changed"`
	// Error is the daemon's sentence when the apply failed part way.
	Error string `json:"error,omitempty"`
}

// Write prints the outcome as `rules apply` does.
func (a Applied) Write(w io.Writer) {
	fmt.Fprintf(w, "%d stories checked, %d changed\n", a.Checked, a.Changed)
}

// Apply re-runs the rules of set over every story in st and updates
// the stored flags of those rules. A story to change is read again just
// before it is written, so that a crawl writing beside it (the daemon's)
// loses nothing it stored since the scan.
func Apply(ctx context.Context, st store.Backend, set *rules.Set) (Applied, error) {
	names := map[string]bool{}
	for _, d := range set.Rules() {
		names[d.Name] = true
	}
	var res Applied
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

// ApplyViaDaemon has the daemon apply set's rules to its database.
func ApplyViaDaemon(ctx context.Context, cl *client.Client, lists map[string][]string, set *rules.Set) (Applied, error) {
	var res Applied
	body, err := json.Marshal(RulesRequest{Rules: set.Rules(), Lists: lists})
	if err != nil {
		return res, fmt.Errorf("rules apply: %w", err)
	}
	err = cl.Call(ctx, "rules apply", http.MethodPost, "/api/v1/rules/apply", bytes.NewReader(body), &res)
	if err == nil && res.Error != "" {
		err = errors.New(res.Error)
	}
	return res, err
}

// Hit is a stored flag as the rules package explains it.
func Hit(f store.Flag) rules.Hit {
	h := rules.Hit{Rule: f.Rule, Score: f.Score, Tags: f.Tags}
	for _, m := range f.Matches {
		h.Matches = append(h.Matches, rules.Match{Field: m.Field, Term: m.Term, Offset: m.Offset, Length: m.Length, Snippet: m.Snippet, SnippetOffset: m.SnippetOffset})
	}
	return h
}

// reflag replaces the flags of the re-Applied rules, keeping the first
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

// maxAnswerLine caps a line of the daemon's NDJSON answers.
const maxAnswerLine = 32 << 20

// TestPage runs set over one article page, the saved HTML file or the
// page at rawURL (fetched as the crawler fetches), and prints what would
// match and why. Nothing is stored.
func TestPage(ctx context.Context, cfg *config.Config, set *rules.Set, file, rawURL string, stdout io.Writer) error {
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
		log := slog.New(slog.DiscardHandler)
		c, err := crawler.New(ctx, wire.CrawlerOptions(cfg, log), nil, nil)
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
		rules.WriteExplanation(stdout, Hit(f))
	}
	return nil
}

// TestStored runs the rule name of set over the stored stories of q and
// lists those it would newly flag (+) and no longer flag (-), with the
// counts; through the daemon (since as --since) when it holds the file.
func TestStored(ctx context.Context, cfg *config.Config, set *rules.Set, name string, q store.Query, since string, stdout io.Writer) error {
	st, err := dbfile.OpenWith(ctx, cfg, store.Options{Logger: cfg.Logger, ReadOnly: true})
	if errors.Is(err, store.ErrLocked) {
		return TestStoredViaDaemon(ctx, client.New(cfg), set, cfg.Lists, since, stdout)
	} else if err != nil {
		return err
	}
	defer st.Close()
	n, err := StoredChanges(ctx, st, set, name, q, func(c StoredChange) error { c.Write(stdout); return nil })
	if err != nil {
		return err
	}
	n.Write(stdout)
	return nil
}
