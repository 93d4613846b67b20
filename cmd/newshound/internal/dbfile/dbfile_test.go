package dbfile

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/store"
)

// TestOpenFileBesideTheDaemon: a lock held by the daemon the
// configuration names sends the command to the API at once; a lock held
// by anything else (a short command) is waited for.
func TestOpenFileBesideTheDaemon(t *testing.T) {
	path := filepath.Join(t.TempDir(), "n.db")
	held, err := store.Open(t.Context(), path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	daemon := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			http.NotFound(w, r)
		}
	}))
	defer daemon.Close()
	cfg := &config.Config{Storage: config.Storage{Path: path}}
	cfg.Server.Listen = strings.TrimPrefix(daemon.URL, "http://")
	if _, err := OpenFile(t.Context(), cfg, store.Options{ReadOnly: true}); !errors.Is(err, store.ErrLocked) {
		t.Fatalf("OpenFile beside the daemon = %v, want store.ErrLocked", err)
	}

	daemon.Close() // the lock's holder is not the daemon: wait for it
	released := make(chan struct{})
	go func() {
		defer close(released)
		time.Sleep(3 * quickLock) // a short command finishing
		held.Close()
	}()
	st, err := OpenFile(t.Context(), cfg, store.Options{ReadOnly: true})
	<-released
	if err != nil {
		t.Fatalf("OpenFile while a short command holds the lock = %v, want the file once it is free", err)
	}
	st.Close()
}
