package postgres

import (
	"testing"
	"time"

	"github.com/newshound/newshound/store"
)

// TestArticleZeroBytes stores texts holding zero bytes, which a
// PostgreSQL text or jsonb value refuses: the doc column is json.
func TestArticleZeroBytes(t *testing.T) {
	s := open(t)
	a := &store.Article{URL: "https://x.example/nul", Title: "a\x00title", Text: "before\x00after", Fetched: time.Now().UTC()}
	if err := s.PutArticle(t.Context(), a); err != nil {
		t.Fatal(err)
	}
	got, err := s.Article(t.Context(), a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Text != a.Text || got.Title != a.Title {
		t.Errorf("Article = title %q, text %q, want %q, %q", got.Title, got.Text, a.Title, a.Text)
	}
}
