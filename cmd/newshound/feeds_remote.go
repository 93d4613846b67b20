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
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/client"
	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/cmd/newshound/internal/feeds"
	"github.com/newshound/newshound/cmd/newshound/internal/opml"
)

// daemonTimeout bounds one request to the daemon; adding a feed may
// fetch a page and several candidate feeds.
const daemonTimeout = 5 * time.Minute

// daemonFeeds edits the feed list through the running daemon's API, for
// when the daemon holds the database. The daemon starts and stops the
// feeds at once.
type daemonFeeds struct {
	cfg *config.Config
}

func (d daemonFeeds) List(ctx context.Context) ([]feeds.Row, error) {
	var out struct {
		Feeds []feeds.Row `json:"feeds"`
	}
	err := d.do(ctx, http.MethodGet, "/api/v1/feeds", nil, &out)
	return out.Feeds, err
}

func (d daemonFeeds) Add(ctx context.Context, req feeds.AddRequest) (feeds.AddResult, error) {
	var out feeds.AddResult
	err := d.do(ctx, http.MethodPost, "/api/v1/feeds", req, &out)
	return out, err
}

func (d daemonFeeds) Remove(ctx context.Context, feedURL string) (feeds.RemoveResult, error) {
	var out feeds.RemoveResult
	err := d.do(ctx, http.MethodDelete, "/api/v1/feeds?url="+url.QueryEscape(feedURL), nil, &out)
	return out, err
}

func (d daemonFeeds) Import(ctx context.Context, list []opml.Feed) (feeds.ImportReport, error) {
	var out feeds.ImportReport
	err := d.do(ctx, http.MethodPost, "/api/v1/feeds/import", map[string][]opml.Feed{"feeds": list}, &out)
	return out, err
}

// do sends one JSON request and decodes the answer into out; an error
// answer becomes the daemon's sentence, classified by status.
func (d daemonFeeds) do(ctx context.Context, method, path string, in, out any) error {
	ctx, cancel := context.WithTimeout(ctx, daemonTimeout)
	defer cancel()
	var body io.Reader
	if in != nil {
		data, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("feeds: %w", err)
		}
		body = bytes.NewReader(data)
	}
	resp, err := client.New(d.cfg).Do(ctx, "feeds", method, path, body)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		var e struct {
			Error string `json:"error"`
		}
		data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		if json.Unmarshal(data, &e) != nil || e.Error == "" {
			e.Error = fmt.Sprintf("feeds: the daemon at %s answered %s: %s", d.cfg.Server.Listen, resp.Status, strings.TrimSpace(string(data)))
		}
		kind := map[int]error{http.StatusBadRequest: feeds.ErrInput, http.StatusNotFound: feeds.ErrUnknown, http.StatusConflict: feeds.ErrConflict}[resp.StatusCode]
		if kind == nil {
			kind = errDaemon
		}
		return feeds.Errorf(kind, "%s", e.Error)
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("feeds: reading the daemon's answer: %w", err)
	}
	return nil
}
