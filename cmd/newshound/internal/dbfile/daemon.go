package dbfile

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/newshound/newshound/cmd/newshound/internal/client"
	"github.com/newshound/newshound/cmd/newshound/internal/config"
)

// checkViaDaemon has the running daemon check the database it holds
// (store.Check: crawls pause while it runs) and returns the path it
// checked, or the sentence naming the damage. A daemon without the route
// (an older newshound) gets the way to check a copy instead.
func checkViaDaemon(ctx context.Context, cfg *config.Config) (string, error) {
	var out struct {
		Path  string `json:"path"`
		Error string `json:"error"`
	}
	resp, err := client.New(cfg).Do(ctx, "db check", http.MethodPost, "/-/db/check", nil)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusOK:
	case http.StatusNotFound, http.StatusMethodNotAllowed:
		return "", fmt.Errorf("db check: the daemon at %s holds the database and cannot check it (an older newshound); check a copy instead: %s", cfg.Server.Listen, CheckCopyHint(cfg))
	default:
		return "", client.New(cfg).AnswerError("db check", resp)
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return "", fmt.Errorf("db check: reading the daemon's answer: %w", err)
	}
	if out.Error != "" {
		return out.Path, errors.New(out.Error)
	}
	return out.Path, nil
}

// CheckCopyHint is the command line that checks a hot copy of the
// database beside the daemon, runnable as printed.
func CheckCopyHint(cfg *config.Config) string {
	conf := ""
	if cfg.File != "" {
		conf = " --config " + shellQuote(cfg.File)
	}
	return "newshound db backup newshound-check.db" + conf + " && newshound db check newshound-check.db" + conf
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\n'\"\\$`!*?[]{}()<>|&;#~") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
