package extract

import (
	"bytes"
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatalf("url.Parse(%q): %v", s, err)
	}
	return u
}

func TestExtractArticle(t *testing.T) {
	page := articlePage("Libraries get their budget", storyPara, 6)
	res, err := (&Extractor{}).Extract(context.Background(), []byte(page), "text/html; charset=utf-8",
		mustURL(t, "https://news.example.com/news/2024/story?utm_source=x"))
	if err != nil {
		t.Fatalf("Extract() error: %v", err)
	}
	if !strings.Contains(res.Text, "approved the new budget") {
		t.Errorf("Text = %q, want the story's paragraphs", res.Text)
	}
	for _, bad := range []string{"Facebook", "bank", "Bank", "Related", "Copyright", "Home"} {
		if strings.Contains(res.Text, bad) {
			t.Errorf("Text contains boilerplate %q:\n%s", bad, res.Text)
		}
	}
	if got := strings.Count(res.Text, "\n\n"); got < 5 {
		t.Errorf("Text has %d paragraph breaks, want >= 5 (paragraphs separated by blank lines)", got)
	}
	checks := []struct{ name, got, want string }{
		{"Title", res.Title, "Libraries get their budget"},
		{"Authors", strings.Join(res.Authors, "; "), "Jane Roe"},
		{"Published", res.Published.Format(time.RFC3339), "2024-03-05T09:30:00+01:00"},
		{"Canonical", res.Canonical, "https://news.example.com/news/2024/story"},
		{"SiteName", res.SiteName, "The Daily Example"},
		{"Lang", res.Lang, "en"},
		{"Charset", res.Charset, "utf-8"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
}

func TestExtractSoftHyphens(t *testing.T) {
	para := "Die Bundes\u00adregierung hat am Diens&shy;tag die Haus\u00adhalts\u00adplanung vorgestellt und lange darüber beraten"
	page := articlePage("Haus\u00adhalt", para, 5)
	res, err := (&Extractor{}).Extract(context.Background(), []byte(page), "text/html", nil)
	if err != nil {
		t.Fatalf("Extract() error: %v", err)
	}
	if strings.Contains(res.Text, "\u00ad") || strings.Contains(res.Title, "\u00ad") {
		t.Errorf("soft hyphen left in Text %q or Title %q", res.Text, res.Title)
	}
	if !strings.Contains(res.Text, "Bundesregierung") || !strings.Contains(res.Text, "Dienstag") {
		t.Errorf("Text = %q, want the words joined where the soft hyphens were", res.Text)
	}
}

func TestExtractRejects(t *testing.T) {
	png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0}, 64)...)
	tests := []struct {
		name        string
		ex          Extractor
		body        []byte
		contentType string
		want        error
	}{
		{"pdf body", Extractor{}, []byte("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"), "application/pdf", ErrNotHTML},
		{"pdf served as html", Extractor{}, []byte("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"), "text/html", ErrNotHTML},
		{"png image", Extractor{}, png, "image/png", ErrNotHTML},
		{"json declared", Extractor{}, []byte(`{"a": 1}`), "application/json", ErrNotHTML},
		{"oversized", Extractor{MaxBytes: 1000}, []byte(articlePage("Big", storyPara, 50)), "text/html", ErrTooLarge},
		{"too many elements", Extractor{MaxElements: 50}, []byte(articlePage("Many", storyPara, 60)), "text/html", ErrTooManyElements},
		{"too many paragraphs", Extractor{MaxParagraphs: 50}, []byte(articlePage("Many", storyPara, 60)), "text/html", ErrTooManyElements},
		{"empty page", Extractor{}, []byte("<html><body></body></html>"), "text/html", ErrNoContent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := tt.ex.Extract(context.Background(), tt.body, tt.contentType, nil)
			if !errors.Is(err, tt.want) {
				t.Errorf("Extract() = %v, %v; want error %v", res, err, tt.want)
			}
		})
	}
}

func TestExtractMillionElements(t *testing.T) {
	body := []byte("<html><body>" + strings.Repeat("<b>x</b>", 1_000_000) + "</body></html>")
	start := time.Now()
	_, err := (&Extractor{MaxBytes: -1}).Extract(context.Background(), body, "text/html", nil)
	if !errors.Is(err, ErrTooManyElements) {
		t.Errorf("Extract(1e6 elements) error = %v, want ErrTooManyElements", err)
	}
	// Generous bound: the guard scans bytes and never builds the tree.
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Extract(1e6 elements) took %v, want it rejected without parsing", d)
	}
}

func TestExtractContextCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := (&Extractor{}).Extract(ctx, []byte(articlePage("T", storyPara, 5)), "text/html", nil)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Extract(canceled ctx) error = %v, want context.Canceled", err)
	}
}

func TestExtractRecoversPanic(t *testing.T) {
	prev := testHook
	testHook = func(*html.Node) { panic("boom in library") }
	t.Cleanup(func() { testHook = prev })
	res, err := (&Extractor{}).Extract(context.Background(), []byte(articlePage("T", storyPara, 5)), "text/html", nil)
	if !errors.Is(err, ErrPanic) || res != nil {
		t.Fatalf("Extract() = %v, %v; want nil, ErrPanic", res, err)
	}
	if !strings.Contains(err.Error(), "boom in library") {
		t.Errorf("error %q does not carry the panic value", err)
	}
}

// TestExtractParagraphCap checks that the paragraph cap names the count and the
// field to raise, and that a page at the cap is extracted.
func TestExtractParagraphCap(t *testing.T) {
	page := []byte(articlePage("Many", storyPara, 60)) // 64 <p>, with the page's own
	_, err := (&Extractor{MaxParagraphs: 63}).Extract(context.Background(), page, "text/html", nil)
	if !errors.Is(err, ErrTooManyElements) || !strings.Contains(err.Error(), "paragraphs") || !strings.Contains(err.Error(), "MaxParagraphs") {
		t.Errorf("Extract(64 paragraphs, cap 63) error = %v, want ErrTooManyElements naming paragraphs and MaxParagraphs", err)
	}
	res, err := (&Extractor{MaxParagraphs: 64}).Extract(context.Background(), page, "text/html", nil)
	if err != nil || res.Text == "" {
		t.Errorf("Extract(64 paragraphs, cap 64) = %v, %v; want the text", res, err)
	}
}
