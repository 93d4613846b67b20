package dbfile

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/store"
)

// PruneInterval is how often the daemon applies storage.retention.
const PruneInterval = time.Hour

// ApplyRetention removes the unflagged articles fetched longer than
// storage.retention before now, and returns how many. A zero retention
// keeps everything; flagged articles always stay.
func ApplyRetention(ctx context.Context, st store.Backend, cfg *config.Config, now time.Time) (int, error) {
	keep := cfg.Storage.Retention.D()
	if keep <= 0 {
		return 0, nil
	}
	n, err := st.Prune(ctx, now.Add(-keep), false)
	if err != nil {
		return n, fmt.Errorf("retention: %w", err)
	}
	return n, nil
}

// RetentionLoop applies storage.retention at once and then every
// interval until ctx is done. Failures are logged: the next round retries.
func RetentionLoop(ctx context.Context, st store.Backend, cfg *config.Config, interval time.Duration, log *slog.Logger) {
	if cfg.Storage.Retention.D() <= 0 {
		return
	}
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		n, err := ApplyRetention(ctx, st, cfg, time.Now())
		switch {
		case err != nil && ctx.Err() == nil:
			log.Warn("retention failed", "error", err)
		case n > 0:
			log.Info("retention removed old articles", "removed", n, "retention", cfg.Storage.Retention.D())
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// ReportRetention applies retention after a one-shot crawl and says what
// it removed.
func ReportRetention(ctx context.Context, w io.Writer, st store.Backend, cfg *config.Config) error {
	n, err := ApplyRetention(ctx, st, cfg, time.Now())
	if err != nil {
		return err
	}
	if n > 0 {
		fmt.Fprintf(w, "retention: removed %d unflagged articles older than %s\n", n, cfg.Storage.Retention.D())
	}
	return nil
}
