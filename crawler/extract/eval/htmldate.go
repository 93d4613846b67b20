package eval

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/markusmobius/go-htmldate"
	"github.com/newshound/newshound/crawler/extract"
)

// The htmldate pages are go-htmldate's comparison benchmark: about a thousand real
// article pages (news, blogs, many languages) with their true publication date, in
// the module newshound already depends on (test-files/ and the truth in
// scripts/comparison/data-*.go, Apache-2.0, ported from Python htmldate). They are
// read from the Go module cache, never copied into the project.
//
// Two things keep the figure honest. Pages that are also in trafilatura-dev or
// aeb-dev (same URL, same host, same file, same bytes or same <title>) are left
// out, so that no check page of those corpora is tuned on twice. And the split is by
// host, not by page, so that one site's conventions are not learned on the tuning
// part and then met again in the check part.
const htmldateModule = "github.com/markusmobius/go-htmldate"

// ErrNoHtmldatePages means go-htmldate's module directory, with its comparison
// pages, is not in the Go module cache.
var ErrNoHtmldatePages = errors.New("eval: go-htmldate's comparison pages not found")

// HtmldateReport holds the date figures on go-htmldate's comparison pages.
type HtmldateReport struct {
	Pages    int // pages evaluated
	Excluded int // pages left out because trafilatura-dev or aeb-dev has them or their host
	Undated  int // pages left out because their truth has no date ("nan")
	Failures int
	// DateExact is newshound's exact-day accuracy; HtmldateExact is go-htmldate's
	// alone (original date, extensive search), on the same pages.
	DateExact, HtmldateExact float64
	DateSources              DateSources
	Timing
}

// htmldateEntry is one comparison page and its true date (YYYY-MM-DD, or
// htmldateNoDate).
type htmldateEntry struct {
	URL, File, Date string
}

// htmldateNoDate is the truth of the few pages whose date the benchmark's authors
// could not tell. They are left out: the figure is over pages whose truth has a
// date, as trafilatura-dev's date floor is.
const htmldateNoDate = "nan"

// htmldateModuleDir returns the directory of go-htmldate's module in the Go
// module cache: the version this binary was built with where its build
// information says (newshound eval), else the one the go command resolves for the
// module in the working directory (go test, whose binaries list no dependencies).
func htmldateModuleDir(ctx context.Context) (string, error) {
	dir := ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == htmldateModule {
				if d.Replace != nil {
					d = d.Replace
				}
				dir = filepath.Join(modCache(ctx), d.Path+"@"+d.Version)
			}
		}
	}
	if dir == "" {
		out, err := exec.CommandContext(ctx, "go", "list", "-m", "-f", "{{.Dir}}", htmldateModule).Output()
		if err != nil {
			return "", fmt.Errorf("%w: this binary does not say which version it was built with, and go list failed: %v (run from the newshound module)", ErrNoHtmldatePages, err)
		}
		dir = strings.TrimSpace(string(out))
	}
	if _, err := os.Stat(filepath.Join(dir, "scripts", "comparison", "data-default.go")); err != nil {
		return "", fmt.Errorf("%w in %q (run: go mod download %s)", ErrNoHtmldatePages, dir, htmldateModule)
	}
	return dir, nil
}

// modCache is the Go module cache: $GOMODCACHE, or what the go command says.
func modCache(ctx context.Context) string {
	if c := os.Getenv("GOMODCACHE"); c != "" {
		return c
	}
	if out, err := exec.CommandContext(ctx, "go", "env", "GOMODCACHE").Output(); err == nil {
		return strings.TrimSpace(string(out))
	}
	home, _ := os.UserHomeDir()
	return filepath.Join(home, "go", "pkg", "mod")
}

// readHtmldateTruth reads the comparison entries (URL, File, Date) from the Go
// source files that hold them, without running them.
func readHtmldateTruth(moduleDir string) ([]htmldateEntry, error) {
	var entries []htmldateEntry
	for _, name := range []string{"data-default.go", "data-mediacloud.go"} {
		path := filepath.Join(moduleDir, "scripts", "comparison", name)
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("eval: read the htmldate truth: %w", err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.CompositeLit)
			if !ok {
				return true
			}
			var e htmldateEntry
			for _, elt := range lit.Elts {
				kv, ok := elt.(*ast.KeyValueExpr)
				if !ok {
					return true
				}
				key, ok1 := kv.Key.(*ast.Ident)
				val, ok2 := kv.Value.(*ast.BasicLit)
				if !ok1 || !ok2 || val.Kind != token.STRING {
					continue
				}
				s, err := strconv.Unquote(val.Value)
				if err != nil {
					continue
				}
				switch key.Name {
				case "URL":
					e.URL = s
				case "File":
					e.File = s
				case "Date":
					e.Date = s
				}
			}
			if e.URL != "" && e.File != "" {
				entries = append(entries, e)
			}
			return false
		})
	}
	if len(entries) == 0 {
		return nil, fmt.Errorf("eval: read the htmldate truth: no entries in %s", moduleDir)
	}
	return entries, nil
}

// htmldateHost is the page's host without "www.", the unit of the split.
func htmldateHost(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return rawURL
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

var titleRE = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title`)

// pageTitle is the page's <title> text, collapsed, or "".
func pageTitle(body []byte) string {
	m := titleRE.FindSubmatch(body)
	if m == nil {
		return ""
	}
	return collapse(string(m[1]))
}

// seenPages identifies the pages of the other corpora.
type seenPages struct {
	urls, hosts, files, titles map[string]bool
	bodies                     map[[32]byte]bool
}

func (s *seenPages) add(rawURL, file string, body []byte) {
	if rawURL != "" {
		s.urls[rawURL] = true
		s.hosts[htmldateHost(rawURL)] = true
	}
	if file != "" {
		s.files[file] = true
	}
	s.bodies[sha256.Sum256(body)] = true
	if t := pageTitle(body); t != "" {
		s.titles[t] = true
	}
}

func (s *seenPages) has(e htmldateEntry, body []byte) bool {
	t := pageTitle(body)
	return s.urls[e.URL] || s.hosts[htmldateHost(e.URL)] || s.files[e.File] ||
		s.bodies[sha256.Sum256(body)] || (t != "" && s.titles[t])
}

// otherCorpora reads the pages of trafilatura-dev and aeb-dev under dir.
func otherCorpora(dir string) (*seenPages, error) {
	s := &seenPages{urls: map[string]bool{}, hosts: map[string]bool{}, files: map[string]bool{},
		titles: map[string]bool{}, bodies: map[[32]byte]bool{}}
	traf, err := readTrafTruth(filepath.Join(dir, "trafilatura-dev"))
	if err != nil {
		return nil, err
	}
	for k, t := range traf {
		body, err := os.ReadFile(filepath.Join(dir, "trafilatura-dev", "html", t.File))
		if err != nil {
			return nil, fmt.Errorf("eval: %w", err)
		}
		u := ""
		if strings.HasPrefix(k, "http") {
			u = k
		}
		s.add(u, t.File, body)
	}
	aebDir := filepath.Join(dir, "aeb-dev")
	names, err := filepath.Glob(filepath.Join(aebDir, "html", "*.html.gz"))
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	for _, n := range names {
		body, err := readGzip(os.DirFS(aebDir), "html/"+filepath.Base(n))
		if err != nil {
			return nil, err
		}
		s.add("", "", body)
	}
	return s, nil
}

// runHtmldate evaluates ex's dates on go-htmldate's comparison pages of split,
// leaving out those of the corpora under dataDir, and go-htmldate's alone on the
// same pages.
func runHtmldate(ctx context.Context, ex *extract.Extractor, dataDir string, split Split) (*HtmldateReport, error) {
	moduleDir, err := htmldateModuleDir(ctx)
	if err != nil {
		return nil, err
	}
	entries, err := readHtmldateTruth(moduleDir)
	if err != nil {
		return nil, err
	}
	seen, err := otherCorpora(dataDir)
	if err != nil {
		return nil, err
	}
	rep := &HtmldateReport{DateSources: DateSources{}}
	var pages []page
	var want []string
	for _, e := range entries {
		body, err := readHtmldatePage(moduleDir, e.File)
		if err != nil {
			return nil, err
		}
		if seen.has(e, body) {
			rep.Excluded++
			continue
		}
		if e.Date == htmldateNoDate {
			rep.Undated++
			continue
		}
		if !split.Includes(htmldateHost(e.URL)) {
			continue
		}
		u, err := url.Parse(e.URL)
		if err != nil {
			return nil, fmt.Errorf("eval: htmldate page %s: bad url: %w", e.File, err)
		}
		pages = append(pages, page{id: e.URL, body: body, url: u})
		want = append(want, e.Date)
	}
	results, timing, err := extractAll(ctx, ex, pages)
	if err != nil {
		return nil, err
	}
	rep.Pages, rep.Timing = len(pages), timing
	exact, alone := 0, 0
	for i, o := range results {
		if htmldateAlone(pages[i]) == want[i] {
			alone++
		}
		if o.err != nil || o.res == nil {
			rep.Failures++
			rep.DateSources.add("", false)
			continue
		}
		got := ""
		if !o.res.Published.IsZero() {
			got = o.res.Published.Format("2006-01-02")
		}
		if got == want[i] {
			exact++
		}
		rep.DateSources.add(o.res.DateSource, got == want[i])
	}
	rep.DateExact = ratio(exact, rep.Pages)
	rep.HtmldateExact = ratio(alone, rep.Pages)
	return rep, nil
}

// readHtmldatePage reads a comparison page from the folders the benchmark reads.
func readHtmldatePage(moduleDir, file string) ([]byte, error) {
	for _, sub := range []string{"mediacloud", "comparison", "mock"} {
		body, err := os.ReadFile(filepath.Join(moduleDir, "test-files", sub, file))
		if err == nil {
			return body, nil
		}
		if !errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("eval: %w", err)
		}
	}
	return nil, fmt.Errorf("eval: htmldate page %s is in the truth but not in test-files/", file)
}

// htmldateAlone is go-htmldate's day for the page, as its own benchmark runs it
// (original date, extensive search), or "".
func htmldateAlone(p page) string {
	r, err := htmldate.FromReader(bytes.NewReader(p.body), htmldate.Options{URL: p.url.String(), UseOriginalDate: true})
	if err != nil || r.IsZero() {
		return ""
	}
	return r.DateTime.Format("2006-01-02")
}
