package extract_test

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/newshound/newshound/crawler/extract"
	"github.com/newshound/newshound/internal/golden"
)

// goldenAEB are pages of the article-extraction benchmark
// ($NEWSHOUND_DATA/extraction/aeb-dev/html/<id>.html.gz), one per site,
// in English, Korean, Russian, Italian, Portuguese and Arabic-region news.
var goldenAEB = []string{
	"04a6711caa7c687592777718866e781e976e0fe684faebe8b3cedcef8cd0ea34", // nytimes.com
	"1ace8c85aaee21b9d4505eca506d50c4721c29db62848b567a9703bfe0583892", // techcrunch.com
	"23aaecd14171f96cfd201a8a46666097e286ad71f74f29347a78c5ecba50da1e", // comoeducarseusfilhos.com.br
	"3c6d3381ef52ca26be2fbde19c1b0fe17d85682b726dfecf5e300c1ca34546b1", // wday.ru
	"785affa2c34e6e4844ef080e98e1a1e532eeeb671bdacebfb9e98ad7320ff382", // theverge.com
	"7916ecca969ffdd8f6fc32d171fbe0dd63db40fe4c1d2ade02b1dec5929a162f", // aljazeera.com
	"8380689f358c1e3a0f6fca6e11ed13e5304a74060139f7a584347db213950446", // snopes.com
	"88c328b68b038a625b4b3f8c322215caa30b0e88af0754bd71056ffc15c7b4b7", // telegraph.co.uk
	"9da36ae4714bfccc72374c6c146e9d1cd3cca39e2110bd67ccdbcc806f4cf139", // entermedia.co.kr
	"b6fb53e9fb043c98eb1e6530a1074c40922e29025f5454809f3938a7c174faa3", // remember8090.it
	"c4a3637c6696f238cf9fe1c7fbb17bbb6731a71d4f5fe399b9b4fc3294a96a6b", // gto-normativy.ru
	"c7e39ac49fa1235f5d50f83bf2444248bd3aa4e6df044377916c812dd109ba23", // bbc.com
	"dc7ccccc1f34eb2928cb238739aaf18c712d59d8d34b41acfb29178aeba65356", // albawaba.com
	"e1c7023ee2148901b086256fdd30a0893d10b0720b510d5ff07a021109347266", // phys.org
}

// goldenTrafilatura are pages of trafilatura's evaluation set
// ($NEWSHOUND_DATA/extraction/trafilatura-dev/html/<file>): Spanish,
// French, German, Swiss and Japanese sites, an academic journal, and
// pages in legacy charsets (ISO-8859-1, windows-1252) or with a byte
// order mark.
var goldenTrafilatura = []string{
	"100noticias.com-millones.html",
	"regards.fr.enquetes.html",
	"missy-magazine.de-interabled.html",
	"acpjournals.org.3075.html",
	"refinery29.com.single.html",
	"nhk.or.jp.k100.html",
	"Osthessen-news.de-Buergermeisterwahl.html",
	"golf.de-augusta.html",
	"winfuture.de-NASA.html",
	"pocketpc.ch.auslieferung.html",
	"landwirt.com.sensortechnik.html",
	"0b96fc66e2c94f45a1b923ec9a31fcf2.html",
}

// extractGolden is what Extract makes of one page.
type extractGolden struct {
	Input string `json:"input"` // the file, under $NEWSHOUND_DATA
	URL   string `json:"url,omitempty"`
	// Error is Extract's error; with ErrNoContent the metadata follows.
	Error       string   `json:"error,omitempty"`
	Title       string   `json:"title,omitempty"`
	Authors     []string `json:"authors,omitempty"`
	Published   string   `json:"published,omitempty"`
	Modified    string   `json:"modified,omitempty"`
	Lang        string   `json:"lang,omitempty"`
	Canonical   string   `json:"canonical,omitempty"`
	SiteName    string   `json:"site_name,omitempty"`
	Description string   `json:"description,omitempty"`
	Image       string   `json:"image,omitempty"`
	Source      string   `json:"source,omitempty"`
	Charset     string   `json:"charset,omitempty"`
	Text        text     `json:"text"`
}

// text stands for the main text by its size, a hash and its two ends.
type text struct {
	Runes      int    `json:"runes"`
	Paragraphs int    `json:"paragraphs"`
	SHA256     string `json:"sha256,omitempty"` // first 16 hex digits
	Start      string `json:"start,omitempty"`  // first 200 characters
	End        string `json:"end,omitempty"`    // last 80 characters
}

func textOf(s string) text {
	if s == "" {
		return text{}
	}
	sum := sha256.Sum256([]byte(s))
	r := []rune(s)
	t := text{Runes: len(r), Paragraphs: len(strings.Split(s, "\n\n")), SHA256: hex.EncodeToString(sum[:8]), Start: s, End: s}
	if len(r) > 200 {
		t.Start = string(r[:200])
	}
	if len(r) > 80 {
		t.End = string(r[len(r)-80:])
	}
	return t
}

func goldenDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}

// extractPage runs Extract, as a crawl does, on one page served as
// text/html without a charset (the decoder finds it) from pageURL.
func extractPage(t *testing.T, input, pageURL string, body []byte) extractGolden {
	t.Helper()
	if !utf8.ValidString(input) {
		t.Fatalf("input name %q is not UTF-8", input)
	}
	u, err := url.Parse(pageURL)
	if err != nil || !u.IsAbs() {
		u = nil // trafilatura's "hard::" pages have no URL
	}
	g := extractGolden{Input: input}
	if u != nil {
		g.URL = u.String()
	}
	res, err := (&extract.Extractor{}).Extract(t.Context(), body, "text/html", u)
	if err != nil {
		g.Error = err.Error()
	}
	if res == nil {
		return g
	}
	g.Title, g.Authors, g.Lang, g.Canonical = res.Title, res.Authors, res.Lang, res.Canonical
	g.Published, g.Modified = goldenDate(res.Published), goldenDate(res.Modified)
	g.SiteName, g.Description, g.Image = res.SiteName, res.Description, res.Image
	g.Source, g.Charset, g.Text = res.Source, res.Charset, textOf(res.Text)
	return g
}

// TestGoldenExtract pins what Extract makes of real article pages
// (goldenAEB and goldenTrafilatura, read in place from $NEWSHOUND_DATA)
// against testdata/golden/<page>.golden.json. A change shows as a line
// diff; when it is intended (a better extraction), go test -run Golden
// -update rewrites the files, and the diff goes with the change.
func TestGoldenExtract(t *testing.T) {
	aeb := golden.DataDir(t, "extraction", "aeb-dev")
	var truth map[string]struct {
		URL string `json:"url"`
	}
	readJSON(t, filepath.Join(aeb, "ground-truth.json"), &truth)
	for _, id := range goldenAEB {
		t.Run(id, func(t *testing.T) {
			input := filepath.Join("extraction", "aeb-dev", "html", id+".html.gz")
			page, ok := truth[id]
			if !ok {
				t.Fatalf("%s: not in ground-truth.json", id)
			}
			body := readGzip(t, filepath.Join(aeb, "html", id+".html.gz"))
			golden.Check(t, filepath.Join("testdata", "golden", id+".golden.json"), extractPage(t, input, page.URL, body))
		})
	}

	traf := golden.DataDir(t, "extraction", "trafilatura-dev")
	var eval map[string]struct {
		File string `json:"file"`
	}
	readJSON(t, filepath.Join(traf, "evaldata.json"), &eval)
	urls := map[string]string{}
	for u, e := range eval {
		urls[e.File] = u
	}
	for _, file := range goldenTrafilatura {
		name := strings.TrimSuffix(file, ".html")
		t.Run(name, func(t *testing.T) {
			pageURL, ok := urls[file]
			if !ok {
				t.Fatalf("%s: not in evaldata.json", file)
			}
			body, err := os.ReadFile(filepath.Join(traf, "html", file))
			if err != nil {
				t.Fatalf("read golden input: %v", err)
			}
			input := filepath.Join("extraction", "trafilatura-dev", "html", file)
			golden.Check(t, filepath.Join("testdata", "golden", name+".golden.json"), extractPage(t, input, pageURL, body))
		})
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden index: %v", err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

func readGzip(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden input: %v", err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	body, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return body
}
