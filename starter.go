package newshound

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// WriteStarter writes the starter files (Starter: config.yaml first, then
// lists/*.yaml) into dir and returns the paths written. It never
// overwrites a file: when one of them already exists it writes nothing
// and says which, and a file that appears while it writes is kept.
func WriteStarter(dir string) ([]string, error) {
	files := []string{"config.yaml"}
	lists, err := fs.Glob(Starter, "lists/*.yaml")
	if err != nil {
		return nil, err
	}
	files = append(files, lists...)
	for _, name := range files {
		dst := filepath.Join(dir, filepath.FromSlash(name))
		if _, err := os.Lstat(dst); err == nil {
			return nil, fmt.Errorf("%s already exists: newshound init never overwrites a file; remove it or choose another folder", dst)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	var written []string
	for _, name := range files {
		dst := filepath.Join(dir, filepath.FromSlash(name))
		if err := writeNew(dst, name); err != nil {
			return written, err
		}
		written = append(written, dst)
	}
	return written, nil
}

// writeNew copies the starter file name to dst, which must not exist.
func writeNew(dst, name string) error {
	data, err := fs.ReadFile(Starter, name)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return fmt.Errorf("write %s: %w", dst, werr)
	}
	return nil
}
