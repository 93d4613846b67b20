package export

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestStateFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "export.state")
	s, err := ReadState(path)
	if err != nil || s.Version != 1 || s.Pending != nil {
		t.Fatalf("ReadState of a missing file = %+v, %v; want the state of a first run", s, err)
	}
	at := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	s.Done = Cursor{FlagLog: 42, At: at}
	s.Pending = &Cursor{FlagLog: 50, At: at.Add(time.Hour)}
	if err := WriteState(path, s); err != nil {
		t.Fatal(err)
	}
	got, err := ReadState(path)
	if err != nil || got.Done.FlagLog != 42 || !got.Done.At.Equal(at) || got.Pending == nil || got.Pending.FlagLog != 50 {
		t.Errorf("ReadState after WriteState = %+v, %v; want what was written", got, err)
	}
	if err := os.WriteFile(path, []byte(`{"stories": []}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadState(path); err == nil || !strings.Contains(err.Error(), "is not one newshound export wrote") {
		t.Errorf("ReadState of a foreign file = %v, want an error saying so", err)
	}
}
