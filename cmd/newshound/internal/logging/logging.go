// Package logging builds newshound's one log/slog logger from the level and
// format the configuration or the command line names.
package logging

import (
	"context"
	"io"
	"log/slog"
	"strings"
)

// New builds the logger of the process, writing to w at level ("debug",
// "info", "warn", "error"; info if it is none of these) in format ("json",
// or text otherwise). config.CheckLogLevel and config.CheckLogFormat
// refuse other values before they get here.
func New(w io.Writer, level, format string) *slog.Logger {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(strings.ToUpper(level))); err != nil {
		lv = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: lv}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// ForCrawl is the logger of `crawl`. Its summary tells what info logs and
// a feed's failure would, so unless a level was asked for (asked: by
// --log-level or log.level in the file) it logs warnings and errors only,
// and not the "feed failed" warning, which the summary prints as one line.
func ForCrawl(w io.Writer, level, format string, asked bool) *slog.Logger {
	if asked {
		return New(w, level, format)
	}
	log := New(w, "warn", format)
	return slog.New(dropMessage{Handler: log.Handler(), msg: "feed failed"})
}

// dropMessage is a slog.Handler that drops the records of one message.
type dropMessage struct {
	slog.Handler
	msg string
}

func (h dropMessage) Handle(ctx context.Context, r slog.Record) error {
	if r.Message == h.msg {
		return nil
	}
	return h.Handler.Handle(ctx, r)
}

func (h dropMessage) WithAttrs(as []slog.Attr) slog.Handler {
	return dropMessage{Handler: h.Handler.WithAttrs(as), msg: h.msg}
}

func (h dropMessage) WithGroup(name string) slog.Handler {
	return dropMessage{Handler: h.Handler.WithGroup(name), msg: h.msg}
}
