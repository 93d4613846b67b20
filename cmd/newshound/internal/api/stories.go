package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/newshound/newshound/store"
	"github.com/newshound/newshound/store/export"
)

// StoryReader is what the story, rule and Atom routes read.
// *store.Store implements it.
type StoryReader interface {
	Article(ctx context.Context, id string) (*store.Article, error)
	ArticleLabels(ctx context.Context, articleID string) ([]store.Label, error)
	ArticlesPage(ctx context.Context, q store.Query) ([]*store.Article, string, error)
	SearchPageFunc(ctx context.Context, q store.Query, text string, scan int, fn func(*store.Article) error) (string, error)
	Stats(ctx context.Context) (store.Stats, error)
}

// storyJSON is a story as the API returns it: the stored article, with
// sources always listed (Feed first), flags always an array, its web page
// and, for one story only, the extracted text.
type storyJSON struct {
	ID         string          `json:"id"`
	URL        string          `json:"url"`
	Title      string          `json:"title"`
	Author     string          `json:"author,omitempty"`
	Published  *time.Time      `json:"published,omitempty"`
	Fetched    time.Time       `json:"fetched"`
	Feed       store.FeedRef   `json:"feed"`
	Sources    []store.FeedRef `json:"sources"`
	Summary    string          `json:"summary,omitempty"`
	Text       string          `json:"text,omitempty"`
	Lang       string          `json:"lang,omitempty"`
	FetchError string          `json:"fetch_error,omitempty"`
	Flags      []store.Flag    `json:"flags"`
	Page       string          `json:"page"`
}

func toStory(a *store.Article, withText bool) storyJSON {
	s := storyJSON{
		ID: a.ID, URL: a.URL, Title: a.Title, Author: a.Author, Published: a.Published, Fetched: a.Fetched,
		Feed: a.Feed, Sources: a.Sources, Summary: a.Summary, Lang: a.Lang, FetchError: a.FetchError,
		Flags: a.Flags, Page: "/stories/" + a.ID,
	}
	if withText {
		s.Text = a.Text
	}
	if len(s.Sources) == 0 {
		s.Sources = []store.FeedRef{}
		if a.Feed.URL != "" {
			s.Sources = append(s.Sources, a.Feed)
		}
	}
	if s.Flags == nil {
		s.Flags = []store.Flag{}
	}
	return s
}

// storiesJSON is one page of stories, as the stories route streams it:
// {"stories": [...], "next": "..."}.
type storiesJSON struct {
	Stories []storyJSON `json:"stories"`
	// Next is the cursor of the next page (pass it as cursor=); empty on
	// the last page.
	Next string `json:"next"`
}

// stories is GET /api/v1/stories: a page of stories, newest first,
// without their texts. The page is streamed as it is read (see
// store.SearchPageFunc): a request holds one story at a time, not the
// page, so many clients asking for pages of a thousand stories at once
// cost little memory. A failure after the first story has been sent
// aborts the connection, so the client never takes the cut page for a
// whole one.
func (s *Server) stories(w http.ResponseWriter, r *http.Request) {
	f, err := parseStoryFilter(r.URL.Query(), time.Now())
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	f.query.NoText = true
	p := &pageWriter{w: w}
	next, err := s.Store.SearchPageFunc(r.Context(), f.query, f.text, 0, p.story)
	switch {
	case err != nil && p.started:
		s.log().Error("stories page cut short", "error", err)
		panic(http.ErrAbortHandler)
	case errors.Is(err, store.ErrBadCursor):
		writeError(w, http.StatusBadRequest, "cursor is not one this server returned (pass the next value of the previous page unchanged)")
		return
	case err != nil:
		s.internalError(w, r, err)
		return
	}
	p.end(next)
}

// pageWriter streams a storiesJSON, one story at a time.
type pageWriter struct {
	w       http.ResponseWriter
	started bool
	buf     []byte
}

// begin sends the headers and the start of the page.
func (p *pageWriter) begin() {
	p.started = true
	p.w.Header().Set("Content-Type", "application/json")
	p.w.Header().Set("X-Content-Type-Options", "nosniff")
	p.w.WriteHeader(http.StatusOK)
	io.WriteString(p.w, `{"stories":[`)
}

// story sends a, after a comma unless it is the first.
func (p *pageWriter) story(a *store.Article) error {
	sep := byte(',')
	if !p.started {
		p.begin()
		sep = '\n'
	}
	b, err := json.Marshal(toStory(a, false))
	if err != nil {
		return err
	}
	p.buf = append(append(append(p.buf[:0], sep), b...), '\n')
	_, err = p.w.Write(p.buf)
	return err
}

// end closes the page with its next cursor.
func (p *pageWriter) end(next string) {
	if !p.started {
		p.begin()
	}
	b, _ := json.Marshal(next)
	io.WriteString(p.w, `],"next":`+string(b)+"}\n")
}

// storyDetail is one story as GET /api/v1/stories/{id} returns it: with
// its text and its labels, always an array.
type storyDetail struct {
	storyJSON
	Labels []export.Label `json:"labels"`
}

// story is GET /api/v1/stories/{id}: one story with its text, flags
// (the explanation: each rule's matched terms and snippets), sources and
// labels.
func (s *Server) story(w http.ResponseWriter, r *http.Request) {
	a, err := s.Store.Article(r.Context(), r.PathValue("id"))
	switch {
	case errors.Is(err, store.ErrNotFound):
		writeError(w, http.StatusNotFound, "no story with id "+r.PathValue("id"))
		return
	case err != nil:
		s.internalError(w, r, err)
		return
	}
	labels, err := s.Store.ArticleLabels(r.Context(), a.ID)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	out := storyDetail{storyJSON: toStory(a, true), Labels: []export.Label{}}
	for _, l := range labels {
		out.Labels = append(out.Labels, export.Label{Rule: l.Rule, Relevant: l.Relevant, Labeled: l.Labeled})
	}
	writeJSON(w, http.StatusOK, out)
}
