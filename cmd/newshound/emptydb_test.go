package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newshound/newshound/internal/simweb"
	"github.com/newshound/newshound/store"
)

// TestReadOnlyCommandsOnEmptyFile: on a database file of 0 bytes (a
// failed copy, a `touch`), every read-only command says the file is empty
// and not a newshound database, naming it and the fix, instead of bbolt's
// "bad file descriptor"; and leaves the file as it was.
func TestReadOnlyCommandsOnEmptyFile(t *testing.T) {
	f := newFixture(t, simweb.Options{Hosts: 1, ArticlesPerHost: 1})
	db := filepath.Join(f.dir, "data", "newshound.db")
	if err := os.MkdirAll(filepath.Dir(db), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, db, "")
	for _, args := range [][]string{
		{"stats"},
		{"export"},
		{"db", "check"},
		{"rules", "test", "--stored", "--rule", "bank-facebook-data-sharing"},
		{"webhooks", "list"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			_, _, err := newshound(t, append(args, "--config", f.config)...)
			msg := ""
			if err != nil {
				msg = err.Error()
			}
			if !errors.Is(err, store.ErrCorrupt) || !strings.Contains(msg, db+" is an empty file, not a newshound database") ||
				!strings.Contains(msg, "restore it from a backup") || strings.Contains(msg, "bad file descriptor") {
				t.Errorf("%s on an empty file = %v, want ErrCorrupt naming %s as empty, with the fix", args, err, db)
			}
			if fi, err := os.Stat(db); err != nil || fi.Size() != 0 {
				t.Errorf("after %s the file is %v, %v; want it left empty", args, fi.Size(), err)
			}
		})
	}
}
