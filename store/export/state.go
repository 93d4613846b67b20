package export

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// State is the content of an `export --state` file: where the last
// complete export ended, and the cursor of an export begun but not known
// to have completed.
type State struct {
	// Version is the file's format, 1.
	Version int `json:"version"`
	// Done is the cursor of the last complete export.
	Done Cursor `json:"done"`
	// Pending, when set, is the cursor of an export that began after Done
	// and did not finish (a crash, a full disk, a broken pipe): its
	// stories are exported again by the next run.
	Pending *Cursor `json:"pending,omitempty"`
}

// ReadState reads the state file at path; a missing file is the
// state of a first run.
func ReadState(path string) (State, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return State{Version: 1}, nil
	}
	if err != nil {
		return State{}, fmt.Errorf("export: read the state file: %w", err)
	}
	var s State
	if err := json.Unmarshal(data, &s); err != nil || s.Version != 1 {
		return State{}, fmt.Errorf("export: the state file %s is not one newshound export wrote; remove it to export every flagged story again, or pass another --state", path)
	}
	return s, nil
}

// WriteState replaces the state file at path with s atomically: a
// temporary file beside it, synced, renamed over it, and the directory
// synced, so a crash leaves either the old state or the new one.
func WriteState(path string, s State) error {
	s.Version = 1
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("export: encode the state: %w", err)
	}
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, ".newshound-state-*")
	if err != nil {
		return fmt.Errorf("export: write the state file: %w", err)
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(append(data, '\n')); err != nil {
		f.Close()
		return fmt.Errorf("export: write the state file: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("export: write the state file: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("export: write the state file: %w", err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("export: write the state file: %w", err)
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync() // the rename is durable once the directory is
		d.Close()
	}
	return nil
}
