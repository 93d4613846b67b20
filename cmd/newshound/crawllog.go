package main

import (
	"context"
	"io"
	"log/slog"
)

// crawlLogger is the logger of `crawl`. The summary tells what info logs
// and a feed's failure would, so unless a level was asked for (--log-level
// or log.level in the file) it logs warnings and errors only, and not the
// "feed failed" warning, which the summary prints as one line.
func crawlLogger(w io.Writer, level, format string, asked bool) *slog.Logger {
	if asked {
		return newLogger(w, level, format)
	}
	log := newLogger(w, "warn", format)
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
