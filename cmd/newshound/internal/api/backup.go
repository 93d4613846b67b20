package api

import "net/http"

// backup streams a consistent copy of the database (Store.Backup, one
// read transaction) for `newshound db backup` while the daemon holds it.
func (s *Server) backup(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", `attachment; filename="newshound-backup.db"`)
	if _, err := s.Store.Backup(r.Context(), w); err != nil {
		// Headers are sent: the client's check of the copy fails; log why.
		s.log().Error("backup failed", "error", err)
	}
}
