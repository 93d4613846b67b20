package fetch

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"testing"
	"time"

	"github.com/newshound/newshound/crawler/netguard"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		name      string
		err       error
		want      ErrorClass
		retryable bool
	}{
		{"nil", nil, "", false},
		{"dns", &url.Error{Op: "Get", URL: "http://x", Err: &net.OpError{Op: "dial", Err: &net.DNSError{Err: "no such host", Name: "x"}}}, ClassDNS, true},
		{"refused", &url.Error{Op: "Get", URL: "http://x", Err: &net.OpError{Op: "dial", Err: errors.New("connect: connection refused")}}, ClassConnect, true},
		{"deadline", fmt.Errorf("feed x: %w", context.DeadlineExceeded), ClassTimeout, true},
		{"tls", &url.Error{Op: "Get", URL: "https://x", Err: x509.UnknownAuthorityError{}}, ClassTLS, true},
		{"404", &HTTPError{StatusCode: 404}, ClassNotFound, false},
		{"410", &HTTPError{StatusCode: 410}, ClassNotFound, false},
		{"500", &HTTPError{StatusCode: 500}, ClassHTTP, true},
		{"403", &HTTPError{StatusCode: 403}, ClassHTTP, false},
		{"429", &HTTPError{StatusCode: 429}, ClassRateLimited, true},
		{"503 with Retry-After", &HTTPError{StatusCode: 503, RetryAfter: time.Minute}, ClassRateLimited, true},
		{"paused", fmt.Errorf("article x: %w", &PauseError{Host: "x", Until: time.Now()}), ClassRateLimited, true},
		{"parse", fmt.Errorf("feed x: %w: eof", ErrParse), ClassParse, false},
		{"too large", fmt.Errorf("x: %w", ErrBodyTooLarge), ClassTooLarge, false},
		{"too many items", fmt.Errorf("x: %w", ErrTooManyItems), ClassTooLarge, false},
		{"robots disallow", fmt.Errorf("x: %w", ErrRobots), ClassRobots, false},
		{"robots unavailable", fmt.Errorf("x: %w", ErrRobotsUnavailable), ClassRobots, true},
		{"private address", fmt.Errorf("x: %w", netguard.ErrPrivateAddress), ClassRefused, false},
		{"redirect loop", errTooManyRedirects("http://x"), ClassRedirect, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Classify(tt.err); got != tt.want {
				t.Errorf("Classify(%v) = %q, want %q", tt.err, got, tt.want)
			}
			if tt.err == nil {
				return
			}
			if got := Retryable(tt.err); got != tt.retryable {
				t.Errorf("Retryable(%v) = %v, want %v", tt.err, got, tt.retryable)
			}
		})
	}
	if ClassNotFound.Weight() <= ClassTimeout.Weight() || ClassParse.Weight() <= ClassTimeout.Weight() {
		t.Errorf("a 404 (%v) and a parse error (%v) must weigh more than a timeout (%v)", ClassNotFound.Weight(), ClassParse.Weight(), ClassTimeout.Weight())
	}
}
