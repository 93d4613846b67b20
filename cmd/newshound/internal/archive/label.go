package archive

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/newshound/newshound/cmd/newshound/internal/client"
	"github.com/newshound/newshound/store"
)

// LabelViaDaemon records req through the running daemon's API:
// PUT or DELETE /api/v1/stories/{ref}/labels/{rule}, where the daemon
// resolves ref as the command would.
func LabelViaDaemon(ctx context.Context, cl *client.Client, req LabelRequest) (LabelResult, error) {
	path := "/api/v1/stories/" + url.PathEscape(req.Ref) + "/labels/" + url.PathEscape(req.Rule)
	method, body := http.MethodPut, io.Reader(nil)
	if req.Clear {
		method = http.MethodDelete
	} else {
		data, err := json.Marshal(map[string]bool{"relevant": req.Relevant})
		if err != nil {
			return LabelResult{}, fmt.Errorf("label: %w", err)
		}
		body = bytes.NewReader(data)
	}
	resp, err := cl.Do(ctx, "label", method, path, body)
	if err != nil {
		return LabelResult{}, err
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	var out struct {
		Story struct {
			ID    string `json:"id"`
			Title string `json:"title"`
		} `json:"story"`
		Error string `json:"error"`
	}
	if err := json.Unmarshal(data, &out); err != nil {
		return LabelResult{}, fmt.Errorf("label: the daemon at %s answered %s: %s", cl.Listen, resp.Status, strings.TrimSpace(string(data)))
	}
	switch {
	case resp.StatusCode == http.StatusOK:
		return LabelResult{ID: out.Story.ID, Title: out.Story.Title, Cleared: req.Clear}, nil
	case req.Clear && resp.StatusCode == http.StatusNotFound && out.Story.ID != "":
		// The story exists (the answer names it) but has no such label.
		return LabelResult{ID: out.Story.ID, Title: out.Story.Title, Absent: true}, nil
	}
	return LabelResult{}, fmt.Errorf("label: the daemon at %s answered %s: %s", cl.Listen, resp.Status, out.Error)
}

// LabelRequest is one `newshound label`: set Relevant for (Ref, Rule),
// or remove the label when Clear.
type LabelRequest struct {
	Ref      string
	Rule     string
	Relevant bool
	Clear    bool
}

// LabelResult is what a label command did, for its one line of output.
type LabelResult struct {
	ID, Title string
	// Cleared is set when --clear removed a label, Absent when there was
	// none to remove.
	Cleared, Absent bool
}

// Label records req in st: it resolves req.Ref (an id, a unique id
// prefix or the URL) and sets or clears the story's label for req.Rule.
func Label(ctx context.Context, st store.Backend, req LabelRequest) (LabelResult, error) {
	a, err := st.ResolveArticle(ctx, req.Ref)
	if err != nil {
		return LabelResult{}, fmt.Errorf("label: %w", err)
	}
	res := LabelResult{ID: a.ID, Title: a.Title}
	if req.Clear {
		err = st.DeleteLabel(ctx, a.ID, req.Rule)
		res.Cleared, res.Absent = err == nil, errors.Is(err, store.ErrNotFound)
		if res.Absent {
			err = nil
		}
	} else {
		err = st.PutLabel(ctx, store.Label{ArticleID: a.ID, Rule: req.Rule, Relevant: req.Relevant})
	}
	if err != nil {
		return LabelResult{}, fmt.Errorf("label: %w", err)
	}
	return res, nil
}
