package feeds

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
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/client"
	"github.com/newshound/newshound/cmd/newshound/internal/opml"
)

// daemonTimeout bounds one request to the daemon; adding a feed may
// fetch a page and several candidate feeds.
const daemonTimeout = 5 * time.Minute

// Remote edits the feed list through the running daemon's API, for
// when the daemon holds the database. The daemon starts and stops the
// feeds at once.
type Remote struct {
	// Client reaches the daemon.
	Client *client.Client
}

// List asks the daemon for the rows.
func (d Remote) List(ctx context.Context) ([]Row, error) {
	var out struct {
		Feeds []Row `json:"feeds"`
	}
	err := d.do(ctx, http.MethodGet, "/api/v1/feeds", nil, &out)
	return out.Feeds, err
}

// Add has the daemon add the feed.
func (d Remote) Add(ctx context.Context, req AddRequest) (AddResult, error) {
	var out AddResult
	err := d.do(ctx, http.MethodPost, "/api/v1/feeds", req, &out)
	return out, err
}

// Remove has the daemon remove the feed.
func (d Remote) Remove(ctx context.Context, feedURL string) (RemoveResult, error) {
	var out RemoveResult
	err := d.do(ctx, http.MethodDelete, "/api/v1/feeds?url="+url.QueryEscape(feedURL), nil, &out)
	return out, err
}

// Import has the daemon add the feeds.
func (d Remote) Import(ctx context.Context, list []opml.Feed) (ImportReport, error) {
	var out ImportReport
	err := d.do(ctx, http.MethodPost, "/api/v1/feeds/import", map[string][]opml.Feed{"feeds": list}, &out)
	return out, err
}

// do sends one JSON request and decodes the answer into out; an error
// answer becomes the daemon's sentence, classified by status.
func (d Remote) do(ctx context.Context, method, path string, in, out any) error {
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
	resp, err := d.Client.Do(ctx, "feeds", method, path, body)
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
			e.Error = fmt.Sprintf("feeds: the daemon at %s answered %s: %s", d.Client.Listen, resp.Status, strings.TrimSpace(string(data)))
		}
		kind := map[int]error{http.StatusBadRequest: ErrInput, http.StatusNotFound: ErrUnknown, http.StatusConflict: ErrConflict}[resp.StatusCode]
		if kind == nil {
			kind = ErrDaemon
		}
		return Errorf(kind, "%s", e.Error)
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("feeds: reading the daemon's answer: %w", err)
	}
	return nil
}

// ErrDaemon is a failure the daemon reported for a request of ours.
var ErrDaemon = errors.New("daemon error")
