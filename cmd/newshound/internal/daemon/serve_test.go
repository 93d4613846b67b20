package daemon

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"golang.org/x/sync/errgroup"
)

// TestServeOneShutdownPath: a signal stops the work and the server and
// serve returns nil; a failing goroutine stops the others and serve
// returns its error; work that ignores the stop holds the daemon at most
// ShutdownGrace.
func TestServeOneShutdownPath(t *testing.T) {
	t.Run("signal", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			ctx, signal := context.WithCancel(context.Background())
			work, stopWork := context.WithCancel(context.Background())
			shut := false
			time.AfterFunc(time.Minute, signal)
			err := serve(ctx, stopWork, slog.New(slog.DiscardHandler), func(g *errgroup.Group) {
				g.Go(func() error { <-work.Done(); return nil })
			}, func(context.Context) error { shut = true; return nil })
			if err != nil || !shut || work.Err() == nil {
				t.Errorf("serve after a signal = %v, server shut down %v, work stopped %v; want nil, true, true", err, shut, work.Err() != nil)
			}
		})
	})
	t.Run("failure", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			work, stopWork := context.WithCancel(context.Background())
			boom := errors.New("server: boom")
			err := serve(context.Background(), stopWork, slog.New(slog.DiscardHandler), func(g *errgroup.Group) {
				g.Go(func() error { time.Sleep(time.Second); return boom })
				g.Go(func() error { <-work.Done(); return nil })
			}, func(context.Context) error { return nil })
			if !errors.Is(err, boom) || work.Err() == nil {
				t.Errorf("serve with a failing goroutine = %v, work stopped %v; want %v, true", err, work.Err() != nil, boom)
			}
		})
	})
	t.Run("stuck", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			ctx, signal := context.WithCancel(context.Background())
			signal()
			var logs bytes.Buffer
			release := make(chan struct{})
			start := time.Now()
			err := serve(ctx, func() {}, slog.New(slog.NewTextHandler(&logs, nil)), func(g *errgroup.Group) {
				g.Go(func() error { <-release; return nil }) // ignores the stop
			}, func(context.Context) error { return nil })
			if took := time.Since(start); err != nil || took != ShutdownGrace {
				t.Errorf("serve with stuck work = %v after %v, want nil after %v", err, took, ShutdownGrace)
			}
			if !strings.Contains(logs.String(), "did not stop in time") {
				t.Errorf("no warning about the stuck work: %s", logs.String())
			}
			close(release)
		})
	})
}
