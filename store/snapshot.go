package store

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

// snapshotPattern names the temporary files of Snapshot, so that one left
// behind by a crash is recognisable beside the database.
const snapshotPattern = ".newshound-snapshot-*.db"

// Snapshot writes a consistent copy of the whole database, as Backup
// does, into a new temporary file and returns it open at its start, with
// its size. The file is made in dir, or, when dir is empty, in the
// database's folder, falling back to os.TempDir() when that folder cannot
// be written. Unlike Backup to a slow writer, the read transaction lasts
// only as long as the local disk takes to write the copy, so whoever
// reads the copy afterwards, however slowly, never holds writers up.
// Where the file system reports its free space (Linux, macOS), Snapshot
// first checks that the copy fits and fails without writing when it does
// not, or leaves less than snapshotSpare; snapshots are written one at a
// time, so that each check sees the space the others took. The caller
// closes the file and removes it (os.Remove(f.Name())).
func (s *Store) Snapshot(ctx context.Context, dir string) (f *os.File, size int64, err error) {
	s.snapshotMu.Lock()
	defer s.snapshotMu.Unlock()
	err = s.view(ctx, func(tx *bolt.Tx) error {
		size = tx.Size()
		if f, err = createSnapshot(dir, filepath.Dir(s.path), size); err != nil {
			return err
		}
		if _, err := tx.WriteTo(ctxWriter{ctx: ctx, w: f}); err != nil {
			return err
		}
		_, err := f.Seek(0, io.SeekStart)
		return err
	})
	if err != nil {
		if f != nil {
			f.Close()
			os.Remove(f.Name())
		}
		return nil, 0, wrapf(err, "store: snapshot %s", s.path)
	}
	return f, size, nil
}

// snapshotSpare is the free space a snapshot leaves for the database
// itself to grow.
const snapshotSpare = 64 << 20

// createSnapshot creates the temporary file of a snapshot of size bytes,
// in dir, else in dbDir or os.TempDir(), after checking its free space.
func createSnapshot(dir, dbDir string, size int64) (*os.File, error) {
	dirs := []string{dir}
	if dir == "" {
		dirs = []string{dbDir, os.TempDir()}
	}
	var errs []error
	for _, d := range dirs {
		if free, ok := freeSpace(d); ok && free < uint64(size)+snapshotSpare {
			errs = append(errs, fmt.Errorf("the copy needs %d MiB and %d MiB to spare, but %s has only %d MiB free (free some space there)", size>>20, snapshotSpare>>20, d, free>>20))
			continue
		}
		f, err := os.CreateTemp(d, snapshotPattern)
		if err == nil {
			return f, nil
		}
		errs = append(errs, err)
	}
	if len(errs) == 2 {
		return nil, fmt.Errorf("%w; %w", errs[0], errs[1])
	}
	return nil, errs[0]
}
