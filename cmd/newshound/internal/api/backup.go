package api

import (
	"context"
	"github.com/newshound/newshound/store"
	"io"
	"net/http"
	"os"
	"strconv"
)

// Snapshotter writes a consistent copy of the database to a new file
// in dir ("" for the database's folder), open for reading; the caller
// removes it. *store.Store implements it.
type Snapshotter interface {
	Snapshot(ctx context.Context, dir string) (f *os.File, size int64, err error)
}

var _ Snapshotter = (*store.Store)(nil)

// backup is GET /api/v1/backup, a consistent copy of the database for
// `newshound db backup` while the daemon holds it. The copy is first
// written to a snapshot file (Store.Snapshot: one read transaction that
// lasts as long as the disk takes to write the copy) and then sent from
// that file, removed after. So a client that reads slowly or not at all
// never holds a transaction open, which would keep bbolt from growing the
// file and so hold up every write; it holds only its snapshot file, until
// it has read it or stalled for StreamTimeout (see streaming).
func (s *Server) backup(w http.ResponseWriter, r *http.Request) {
	f, size, err := s.Backup.Snapshot(r.Context(), "")
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	defer func() {
		f.Close()
		if err := os.Remove(f.Name()); err != nil {
			s.log().Warn("backup snapshot not removed", "path", f.Name(), "error", err)
		}
	}()
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", `attachment; filename="newshound-backup.db"`)
	w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
	if r.Method == http.MethodHead {
		return
	}
	if _, err := io.Copy(w, f); err != nil {
		// Headers are sent: the client gets fewer than Content-Length
		// bytes and its check of the copy fails; log why.
		s.log().Warn("backup not sent whole", "error", err)
	}
}
