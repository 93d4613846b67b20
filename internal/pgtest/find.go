package pgtest

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
)

// findBin returns the folder holding initdb and postgres: the first folder
// of path (a PATH list) with an initdb in it, followed through symbolic
// links, else the newest-version folder matching glob (Debian's
// /usr/lib/postgresql/NN/bin). It returns errMissing when there is none.
func findBin(path, glob string) (string, error) {
	for _, dir := range filepath.SplitList(path) {
		if dir == "" {
			continue
		}
		initdb, err := filepath.EvalSymlinks(filepath.Join(dir, "initdb"))
		if err == nil && hasBin(filepath.Dir(initdb)) {
			return filepath.Dir(initdb), nil
		}
	}
	dirs, _ := filepath.Glob(glob) // the only error is a bad pattern
	slices.SortFunc(dirs, func(a, b string) int { return version(b) - version(a) })
	for _, dir := range dirs {
		if hasBin(dir) {
			return dir, nil
		}
	}
	return "", errMissing
}

// hasBin reports whether dir holds executable initdb and postgres files.
func hasBin(dir string) bool {
	for _, name := range []string{"initdb", "postgres"} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil || fi.IsDir() || fi.Mode().Perm()&0o111 == 0 {
			return false
		}
	}
	return true
}

// version is the major version in a path like /usr/lib/postgresql/15/bin,
// zero when there is none.
func version(dir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return n
}

// removeStale removes the cluster folders in tmp left by test binaries
// that died without stopping their cluster, once their postgres is gone.
func removeStale(tmp string) {
	dirs, _ := filepath.Glob(filepath.Join(tmp, dirPrefix+"*"))
	for _, dir := range dirs {
		if alive(filepath.Join(dir, "owner.pid")) || alive(filepath.Join(dir, "data", "postmaster.pid")) {
			continue
		}
		os.RemoveAll(dir)
	}
}

// alive reports whether the process whose id starts the file runs; a
// missing file or a file without an id counts as not running.
func alive(pidFile string) bool {
	b, err := os.ReadFile(pidFile)
	if err != nil {
		return false
	}
	line, _, _ := strings.Cut(string(b), "\n")
	pid, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil || pid <= 0 {
		return false
	}
	err = syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
