package extract

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestMerge(t *testing.T) {
	day := time.Date(2024, 3, 5, 9, 30, 0, 0, time.UTC)
	long := strings.Repeat("The page has the whole story with many details. ", 20)
	page := &Result{Title: "Page title", Authors: []string{"Jane Roe"}, Published: day.Add(2 * time.Hour),
		Modified: day.Add(5 * time.Hour), Text: long}
	tests := []struct {
		name          string
		feed          FeedMeta
		page          *Result
		err           error
		wantTitle     string
		wantAuthors   string
		wantPublished time.Time
		wantSource    string
		wantConflicts []string
	}{
		{"feed wins and agrees", FeedMeta{Title: "page TITLE", Authors: []string{"jane roe"}, Published: day},
			page, nil, "page TITLE", "jane roe", day, "page", nil},
		{"disagreements kept", FeedMeta{Title: "Feed title", Authors: []string{"John Doe"}, Published: day.AddDate(0, 0, -3)},
			page, nil, "Feed title", "John Doe", day.AddDate(0, 0, -3), "page", []string{"title", "authors", "published"}},
		{"page fills gaps", FeedMeta{}, page, nil, "Page title", "Jane Roe", day.Add(2 * time.Hour), "page", nil},
		{"extraction failed", FeedMeta{Title: "T", Content: "<p>Short <b>feed</b> text.</p>"}, nil,
			errors.New("extract: no main text found"), "T", "", time.Time{}, "feed", nil},
		{"updated only yields to the page's date", FeedMeta{Title: "Page title", Updated: day.AddDate(0, 0, 10)}, page, nil,
			"Page title", "Jane Roe", day.Add(2 * time.Hour), "page", []string{"updated"}},
		{"updated only, close to the page's date", FeedMeta{Title: "Page title", Updated: day}, page, nil,
			"Page title", "Jane Roe", day.Add(2 * time.Hour), "page", nil},
		{"updated only, page without a date", FeedMeta{Title: "Page title", Updated: day.AddDate(0, 0, 10)},
			&Result{Title: "Page title", Text: long}, nil, "Page title", "", day.AddDate(0, 0, 10), "page", nil},
		{"a page whose only date is its last change: no conflict with the feed's publication", FeedMeta{Title: "Page title", Published: day.AddDate(0, 0, -3)},
			&Result{Title: "Page title", Text: long, Published: day, DateSource: DateModified, Modified: day}, nil, "Page title", "", day.AddDate(0, 0, -3), "page", nil},
		{"the feed's updated time before the page's last change", FeedMeta{Title: "Page title", Updated: day.AddDate(0, 0, 10)},
			&Result{Title: "Page title", Text: long, Published: day, DateSource: DateModified, Modified: day}, nil, "Page title", "", day.AddDate(0, 0, 10), "page", nil},
		{"the page's last change where the feed has no date", FeedMeta{Title: "Page title"},
			&Result{Title: "Page title", Text: long, Published: day, DateSource: DateModified, Modified: day}, nil, "Page title", "", day, "page", nil},
		{"published beats the page and updated", FeedMeta{Title: "Page title", Published: day.AddDate(0, 0, -3), Updated: day.AddDate(0, 0, 10)},
			page, nil, "Page title", "Jane Roe", day.AddDate(0, 0, -3), "page", []string{"published"}},
		{"feed content longer", FeedMeta{Title: "Page title", Content: "<p>" + long + long + "</p>"}, page, nil,
			"Page title", "Jane Roe", day.Add(2 * time.Hour), "feed", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Merge(tt.feed, tt.page, tt.err)
			if m.Title != tt.wantTitle {
				t.Errorf("Title = %q, want %q", m.Title, tt.wantTitle)
			}
			if got := strings.Join(m.Authors, "; "); got != tt.wantAuthors {
				t.Errorf("Authors = %q, want %q", got, tt.wantAuthors)
			}
			if !m.Published.Equal(tt.wantPublished) {
				t.Errorf("Published = %v, want %v", m.Published, tt.wantPublished)
			}
			if m.TextSource != tt.wantSource {
				t.Errorf("TextSource = %q, want %q (notes %q)", m.TextSource, tt.wantSource, m.Notes)
			}
			if tt.wantSource == "feed" && len(m.Notes) == 0 {
				t.Errorf("Notes empty, want the reason the feed's content was kept")
			}
			var fields []string
			for _, c := range m.Conflicts {
				fields = append(fields, c.Field)
			}
			if strings.Join(fields, ",") != strings.Join(tt.wantConflicts, ",") {
				t.Errorf("Conflicts on %v, want %v", fields, tt.wantConflicts)
			}
		})
	}
}
