package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/newshound/newshound/cmd/newshound/internal/client"
	"github.com/newshound/newshound/cmd/newshound/internal/config"
)

// labelViaDaemon records req through the running daemon's API:
// PUT or DELETE /api/v1/stories/{ref}/labels/{rule}, where the daemon
// resolves ref as the command would.
func labelViaDaemon(ctx context.Context, cfg *config.Config, req labelRequest) (labelResult, error) {
	path := "/api/v1/stories/" + url.PathEscape(req.Ref) + "/labels/" + url.PathEscape(req.Rule)
	method, body := http.MethodPut, io.Reader(nil)
	if req.Clear {
		method = http.MethodDelete
	} else {
		data, err := json.Marshal(map[string]bool{"relevant": req.Relevant})
		if err != nil {
			return labelResult{}, fmt.Errorf("label: %w", err)
		}
		body = bytes.NewReader(data)
	}
	resp, err := client.New(cfg).Do(ctx, "label", method, path, body)
	if err != nil {
		return labelResult{}, err
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
		return labelResult{}, fmt.Errorf("label: the daemon at %s answered %s: %s", cfg.Server.Listen, resp.Status, strings.TrimSpace(string(data)))
	}
	switch {
	case resp.StatusCode == http.StatusOK:
		return labelResult{ID: out.Story.ID, Title: out.Story.Title, Cleared: req.Clear}, nil
	case req.Clear && resp.StatusCode == http.StatusNotFound && out.Story.ID != "":
		// The story exists (the answer names it) but has no such label.
		return labelResult{ID: out.Story.ID, Title: out.Story.Title, Absent: true}, nil
	}
	return labelResult{}, fmt.Errorf("label: the daemon at %s answered %s: %s", cfg.Server.Listen, resp.Status, out.Error)
}
