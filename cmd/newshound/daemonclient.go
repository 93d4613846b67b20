package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"

	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/store"
)

// Commands that find the database locked by a running daemon (store.ErrLocked)
// ask its HTTP API instead; these helpers are that one client.

// readFileOrDaemon opens the database read-only and runs local on it, or,
// when a running daemon holds the file, runs remote, which asks the
// daemon's API instead.
func readFileOrDaemon(ctx context.Context, cfg *config.Config, local func(*store.Store) error, remote func() error) error {
	st, err := store.Open(ctx, cfg.Storage.Path, store.Options{Timeout: lockTimeout, ReadOnly: true})
	switch {
	case errors.Is(err, store.ErrLocked):
		return remote()
	case err != nil:
		return err
	}
	defer st.Close()
	return local(st)
}

// daemonDo sends one request to path on the daemon's API with the bearer
// token, for the command what (the prefix of its errors). A daemon that
// does not answer is one sentence with the fix; any answer, whatever its
// status, is returned for the caller to read and close.
func daemonDo(ctx context.Context, cfg *config.Config, what, method, path string, body io.Reader) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, method, daemonURL(cfg, path), body)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if tok := serverToken(cfg); tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s: the database is in use by another newshound process, and its API at %s did not answer (%w); stop that process or check server.listen", what, cfg.Server.Listen, err)
	}
	return resp, nil
}

// daemonGet GETs path from the daemon's API and returns the body of a 200
// answer, which the caller closes; any other answer is an error quoting it.
func daemonGet(ctx context.Context, cfg *config.Config, what, path string) (io.ReadCloser, error) {
	resp, err := daemonDo(ctx, cfg, what, http.MethodGet, path, nil)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		defer resp.Body.Close()
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		return nil, fmt.Errorf("%s: the daemon at %s answered %s: %s", what, cfg.Server.Listen, resp.Status, strings.TrimSpace(string(body)))
	}
	return resp.Body, nil
}

// daemonGetJSON GETs path from the daemon's API and decodes its JSON
// answer into v.
func daemonGetJSON(ctx context.Context, cfg *config.Config, what, path string, v any) error {
	body, err := daemonGet(ctx, cfg, what, path)
	if err != nil {
		return err
	}
	defer body.Close()
	if err := json.NewDecoder(body).Decode(v); err != nil {
		return fmt.Errorf("%s: reading the daemon's answer: %w", what, err)
	}
	return nil
}

// daemonURL is the address of path on the daemon's API, on loopback when
// it listens on every interface.
func daemonURL(cfg *config.Config, path string) string {
	host, port, _ := net.SplitHostPort(cfg.Server.Listen)
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port) + path
}
