package webhook

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"
)

// DefaultTimeout bounds one delivery attempt when Sender.Timeout is zero.
const DefaultTimeout = 10 * time.Second

// Sender POSTs signed payloads. The zero value uses http.DefaultClient's
// transport and DefaultTimeout, and follows no redirect: a 3xx answer is a
// failure (a client following it would turn the POST into a GET).
type Sender struct {
	// Client sends the requests; nil means a client with Timeout.
	Client *http.Client
	// Timeout bounds one attempt. Zero means DefaultTimeout.
	Timeout time.Duration
	// UserAgent is sent with every request; empty sends "newshound".
	UserAgent string
}

// StatusError is a receiver's answer other than 2xx.
type StatusError struct {
	URL        string
	StatusCode int
	// RetryAfter is the receiver's Retry-After in seconds; zero if none.
	RetryAfter time.Duration
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("webhook: %s answered %d %s", e.URL, e.StatusCode, http.StatusText(e.StatusCode))
}

// Send POSTs body to url with the delivery id, the attempt's timestamp
// and the signature under secret. It returns the receiver's status code
// (0 when none came) and, for anything but 2xx, an error: a *StatusError
// when the receiver answered.
func (s *Sender) Send(ctx context.Context, url, secret, id string, body []byte) (int, error) {
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, fmt.Errorf("webhook: %s: %w", url, err)
	}
	ua := s.UserAgent
	if ua == "" {
		ua = "newshound"
	}
	req.Header.Set("User-Agent", ua)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(HeaderDelivery, id)
	req.Header.Set(HeaderTimestamp, strconv.FormatInt(time.Now().Unix(), 10))
	req.Header.Set(HeaderSignature, Sign(secret, body))
	client := s.Client
	if client == nil {
		client = &http.Client{Timeout: timeout, CheckRedirect: noRedirects}
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, fmt.Errorf("webhook: post to %s: %w", url, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // lets the connection be reused
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		e := &StatusError{URL: url, StatusCode: resp.StatusCode}
		if n, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && n > 0 {
			e.RetryAfter = time.Duration(n) * time.Second
		}
		return resp.StatusCode, e
	}
	return resp.StatusCode, nil
}

// noRedirects makes the client return a 3xx answer as it is.
func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
