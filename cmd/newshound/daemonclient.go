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
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/store"
)

// Commands that find the database locked by a running daemon (store.ErrLocked)
// ask its HTTP API instead; these helpers are that one client.

// readFileOrDaemon opens the database read-only and runs local on it, or,
// when a running daemon holds the file, runs remote, which asks the
// daemon's API instead.
func readFileOrDaemon(ctx context.Context, cfg *config.Config, local func(*store.Store) error, remote func() error) error {
	st, err := store.Open(ctx, cfg.Storage.Path, store.Options{Timeout: lockTimeout, Logger: cfg.Logger, ReadOnly: true})
	switch {
	case errors.Is(err, store.ErrLocked):
		return remote()
	case err != nil:
		return err
	}
	defer st.Close()
	return local(st)
}

// Bounds of the client to the daemon. A daemon that is stopped (SIGSTOP,
// a debugger) or wedged still accepts connections, so every wait for it
// is bounded: the connection, the answer's headers, and each wait for
// more of a body, so that a long export goes on as long as bytes flow.
const (
	daemonDialTimeout = 5 * time.Second
	// daemonAnswerTimeout bounds the wait for the headers, and for each
	// read of the body, when the caller's context has no deadline; with
	// one, the time left until it is the bound.
	daemonAnswerTimeout = 30 * time.Second
)

// daemonHTTP is the client to the daemon: the default transport's
// settings with a dial timeout, and no overall timeout (see daemonDo).
var daemonHTTP = func() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DialContext = (&net.Dialer{Timeout: daemonDialTimeout, KeepAlive: 30 * time.Second}).DialContext
	return &http.Client{Transport: t}
}()

// errNoAnswer is the cause a request to the daemon is cancelled with when
// it waited too long.
var errNoAnswer = errors.New("no answer in time")

// daemonWaitKey carries, in a context, a bound replacing
// daemonAnswerTimeout (see withDaemonWait).
type daemonWaitKey struct{}

// withDaemonWait returns ctx with d as the bound on each wait for the
// daemon, for tests that cannot wait daemonAnswerTimeout.
func withDaemonWait(ctx context.Context, d time.Duration) context.Context {
	return context.WithValue(ctx, daemonWaitKey{}, d)
}

// daemonWait is the bound on each wait for the daemon under ctx.
func daemonWait(ctx context.Context) time.Duration {
	if d, ok := ctx.Value(daemonWaitKey{}).(time.Duration); ok && d > 0 {
		return d
	}
	if dl, ok := ctx.Deadline(); ok {
		return max(time.Until(dl), time.Millisecond)
	}
	return daemonAnswerTimeout
}

// daemonDo sends one request to path on the daemon's API with the bearer
// token, for the command what (the prefix of its errors). A daemon that
// cannot be reached or does not answer within the bound is one sentence
// with the fix; any answer, whatever its status, is returned for the
// caller to read and close, its body failing the same way when the daemon
// stops sending for longer than the bound.
func daemonDo(ctx context.Context, cfg *config.Config, what, method, path string, body io.Reader) (*http.Response, error) {
	wait := daemonWait(ctx)
	ctx, cancel := context.WithCancelCause(ctx)
	timer := time.AfterFunc(wait, func() { cancel(errNoAnswer) })
	req, err := http.NewRequestWithContext(ctx, method, daemonURL(cfg, path), body)
	if err != nil {
		timer.Stop()
		cancel(nil)
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if tok := serverToken(cfg); tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	resp, err := daemonHTTP.Do(req)
	timer.Stop()
	if err != nil {
		cancel(nil)
		if noAnswer(ctx, err) {
			return nil, fmt.Errorf("%s: the daemon at %s did not answer within %s; is it running? (%w)", what, cfg.Server.Listen, roundWait(wait), errNoAnswer)
		}
		return nil, fmt.Errorf("%s: the database is in use by another newshound process, and its API at %s did not answer (%w); stop that process or check server.listen", what, cfg.Server.Listen, err)
	}
	resp.Body = &daemonBody{rc: resp.Body, ctx: ctx, cancel: cancel, timer: timer, wait: wait, what: what, addr: cfg.Server.Listen}
	return resp, nil
}

// noAnswer reports whether err, of a request under ctx, means the daemon
// took too long: our bound, the caller's deadline or the dial timeout.
func noAnswer(ctx context.Context, err error) bool {
	var ne net.Error
	return errors.Is(context.Cause(ctx), errNoAnswer) || errors.Is(err, context.DeadlineExceeded) ||
		(errors.As(err, &ne) && ne.Timeout())
}

// roundWait prints a bound in whole seconds, or milliseconds below one.
func roundWait(d time.Duration) time.Duration {
	if d >= 500*time.Millisecond {
		return d.Round(time.Second)
	}
	return d.Round(time.Millisecond)
}

// daemonBody is the body of an answer of the daemon: each Read waits at
// most wait for bytes, and Close releases the request.
type daemonBody struct {
	rc     io.ReadCloser
	ctx    context.Context
	cancel context.CancelCauseFunc
	timer  *time.Timer
	wait   time.Duration
	what   string
	addr   string
}

func (b *daemonBody) Read(p []byte) (int, error) {
	b.timer.Reset(b.wait)
	n, err := b.rc.Read(p)
	b.timer.Stop()
	if err != nil && err != io.EOF && noAnswer(b.ctx, err) {
		err = fmt.Errorf("%s: the daemon at %s stopped sending for %s; is it running? (%w)", b.what, b.addr, roundWait(b.wait), errNoAnswer)
	}
	return n, err
}

func (b *daemonBody) Close() error {
	b.timer.Stop()
	err := b.rc.Close()
	b.cancel(nil)
	return err
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
		return nil, daemonStatusError(cfg, what, resp)
	}
	return resp.Body, nil
}

// daemonStatusError is the error of an answer other than 200, quoting its
// start.
func daemonStatusError(cfg *config.Config, what string, resp *http.Response) error {
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	return fmt.Errorf("%s: the daemon at %s answered %s: %s", what, cfg.Server.Listen, resp.Status, strings.TrimSpace(string(body)))
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
