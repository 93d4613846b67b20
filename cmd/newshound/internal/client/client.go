// Package client is the one HTTP client of the commands to a running
// daemon: a command that finds the database locked by the daemon
// (store.ErrLocked) asks the daemon's API instead, with the bearer token,
// and every wait for the daemon is bounded, so that a stopped or wedged
// daemon is one sentence with the fix, never a hang.
package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/newshound/newshound/cmd/newshound/internal/api"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/config"
)

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
// settings with a dial timeout, and no overall timeout (see Client.Do).
var daemonHTTP = func() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DialContext = (&net.Dialer{Timeout: daemonDialTimeout, KeepAlive: 30 * time.Second}).DialContext
	return &http.Client{Transport: t}
}()

// ErrNoAnswer is the cause a request to the daemon is cancelled with when
// it waited too long.
var ErrNoAnswer = errors.New("no answer in time")

// daemonWaitKey carries, in a context, a bound replacing
// daemonAnswerTimeout (see WithWait).
type daemonWaitKey struct{}

// WithWait returns ctx with d as the bound on each wait for the
// daemon, for tests that cannot wait daemonAnswerTimeout.
func WithWait(ctx context.Context, d time.Duration) context.Context {
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

// Client reaches the API of the daemon configured by a config.yaml.
type Client struct {
	// Listen is server.listen of the daemon.
	Listen string
	// Token is the API token, "" for none.
	Token string
}

// New returns the client of the daemon cfg configures, with its token.
func New(cfg *config.Config) *Client {
	return &Client{Listen: cfg.Server.Listen, Token: cfg.APIToken()}
}

// Do sends one request to path on the daemon's API with the bearer
// token, for the command what (the prefix of its errors). A daemon that
// cannot be reached or does not answer within the bound is one sentence
// with the fix; any answer, whatever its status, is returned for the
// caller to read and close, its body failing the same way when the daemon
// stops sending for longer than the bound.
func (c *Client) Do(ctx context.Context, what, method, path string, body io.Reader) (*http.Response, error) {
	wait := daemonWait(ctx)
	ctx, cancel := context.WithCancelCause(ctx)
	timer := time.AfterFunc(wait, func() { cancel(ErrNoAnswer) })
	req, err := http.NewRequestWithContext(ctx, method, c.URL(path), body)
	if err != nil {
		timer.Stop()
		cancel(nil)
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	resp, err := daemonHTTP.Do(req)
	timer.Stop()
	if err != nil {
		cancel(nil)
		if noAnswer(ctx, err) {
			return nil, fmt.Errorf("%s: the daemon at %s did not answer within %s; is it running? (%w)", what, c.Listen, roundWait(wait), ErrNoAnswer)
		}
		return nil, fmt.Errorf("%s: the database is in use by another newshound process, and its API at %s did not answer (%w); stop that process or check server.listen", what, c.Listen, err)
	}
	resp.Body = &daemonBody{rc: resp.Body, ctx: ctx, cancel: cancel, timer: timer, wait: wait, what: what, addr: c.Listen}
	return resp, nil
}

// noAnswer reports whether err, of a request under ctx, means the daemon
// took too long: our bound, the caller's deadline or the dial timeout.
func noAnswer(ctx context.Context, err error) bool {
	var ne net.Error
	return errors.Is(context.Cause(ctx), ErrNoAnswer) || errors.Is(err, context.DeadlineExceeded) ||
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
		err = fmt.Errorf("%s: the daemon at %s stopped sending for %s; is it running? (%w)", b.what, b.addr, roundWait(b.wait), ErrNoAnswer)
	}
	return n, err
}

func (b *daemonBody) Close() error {
	b.timer.Stop()
	err := b.rc.Close()
	b.cancel(nil)
	return err
}

// Get GETs path from the daemon's API and returns the body of a 200
// answer, which the caller closes; any other answer is an error quoting it.
func (c *Client) Get(ctx context.Context, what, path string) (io.ReadCloser, error) {
	resp, err := c.Do(ctx, what, http.MethodGet, path, nil)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		defer resp.Body.Close()
		return nil, c.StatusError(what, resp)
	}
	return resp.Body, nil
}

// StatusError is the error of an answer other than 200, quoting its
// start.
func (c *Client) StatusError(what string, resp *http.Response) error {
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	return fmt.Errorf("%s: the daemon at %s answered %s: %s", what, c.Listen, resp.Status, strings.TrimSpace(string(body)))
}

// GetJSON GETs path from the daemon's API and decodes its JSON
// answer into v.
func (c *Client) GetJSON(ctx context.Context, what, path string, v any) error {
	body, err := c.Get(ctx, what, path)
	if err != nil {
		return err
	}
	defer body.Close()
	if err := json.NewDecoder(body).Decode(v); err != nil {
		return fmt.Errorf("%s: reading the daemon's answer: %w", what, err)
	}
	return nil
}

// URL is the address of path on the daemon's API, on loopback when
// it listens on every interface.
func (c *Client) URL(path string) string {
	host, port, _ := net.SplitHostPort(c.Listen)
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port) + path
}

// Call sends one request to the daemon and decodes its JSON answer
// into out; an answer other than 200 is an error with the daemon's
// sentence ({"error": ...}), as the command would have said it.
func (c *Client) Call(ctx context.Context, what, method, path string, body io.Reader, out any) error {
	resp, err := c.Do(ctx, what, method, path, body)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return c.AnswerError(what, resp)
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("%s: reading the daemon's answer: %w", what, err)
	}
	return nil
}

// AnswerError is the error of an answer other than 200: the
// daemon's {"error": sentence} as it is when the route wrote one (the
// sentence the command itself would have said), else the status and the
// start of the body.
func (c *Client) AnswerError(what string, resp *http.Response) error {
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	var e struct {
		Error string `json:"error"`
	}
	if json.Unmarshal(data, &e) == nil && e.Error != "" && resp.Header.Get(SentenceHeader) != "" {
		return errors.New(e.Error)
	}
	msg := strings.TrimSpace(string(data))
	if e.Error != "" {
		msg = e.Error
	}
	return fmt.Errorf("%s: the daemon at %s answered %s: %s", what, c.Listen, resp.Status, msg)
}

// SentenceHeader marks an error answer whose {"error"} is the command's
// own sentence, to be printed as it is (an error of the token check or
// the guard is not): the API's api.CommandErrorHeader.
const SentenceHeader = api.CommandErrorHeader

// answerProbe bounds Answers.
const answerProbe = time.Second

// Answers reports whether the daemon answers GET /healthz with 200 within
// a second: whether the process holding the database is the daemon the
// configuration names.
func (c *Client) Answers(ctx context.Context) bool {
	ctx, cancel := context.WithTimeout(ctx, answerProbe)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.URL("/healthz"), nil)
	if err != nil {
		return false
	}
	resp, err := daemonHTTP.Do(req)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}
