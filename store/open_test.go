package store

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// holdLockEnv names the database a re-executed test binary holds open.
const holdLockEnv = "NEWSHOUND_STORE_TEST_HOLD_LOCK"

// holdLock is the child process of TestOpenLockedByProcess: it opens the
// store, says "locked" on stdout and holds it until stdin closes (or 30 s).
func holdLock(path string) int {
	s, err := Open(context.Background(), path, Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer s.Close()
	fmt.Println("locked")
	done := make(chan struct{})
	go func() { _, _ = io.Copy(io.Discard, os.Stdin); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
	}
	return 0
}

func TestOpenCreatesFolderAndPersists(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a", "b", "news.db")
	ctx := context.Background()
	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatalf("Open(%q) = %v, want no error", path, err)
	}
	if s.Path() != path {
		t.Errorf("Path() = %q, want %q", s.Path(), path)
	}
	put(t, s, article("https://news.example/1", "https://feed.example/rss", at(-time.Hour), t0))
	if err := s.Close(); err != nil {
		t.Fatalf("Close() = %v", err)
	}
	s = openAt(t, path)
	if ok, err := s.HasArticle(ctx, ArticleID("https://news.example/1")); !ok || err != nil {
		t.Errorf("HasArticle after reopen = %v, %v; want true, nil", ok, err)
	}
}

func TestOpenLockedSameProcess(t *testing.T) {
	s := openTest(t)
	for _, readOnly := range []bool{false, true} {
		t.Run(fmt.Sprintf("readonly=%v", readOnly), func(t *testing.T) {
			start := time.Now()
			_, err := Open(context.Background(), s.Path(), Options{Timeout: 200 * time.Millisecond, ReadOnly: readOnly})
			elapsed := time.Since(start)
			if !errors.Is(err, ErrLocked) {
				t.Fatalf("second Open = %v, want ErrLocked", err)
			}
			if elapsed > time.Second {
				t.Errorf("second Open took %v, want about the 200ms timeout", elapsed)
			}
			want := "store: database " + s.Path() + " is in use by another newshound process (stop it, or use its HTTP API)"
			if err.Error() != want {
				t.Errorf("second Open error = %q, want %q", err, want)
			}
		})
	}
}

func TestOpenLockedByProcess(t *testing.T) {
	path := filepath.Join(t.TempDir(), "news.db")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), holdLockEnv+"="+path)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = stdin.Close(); _ = cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "locked\n" {
		t.Fatalf("child said %q, %v; want \"locked\\n\"", line, err)
	}

	start := time.Now()
	_, err = Open(context.Background(), path, Options{})
	elapsed := time.Since(start)
	t.Logf("Open of a database held by another process failed after %v", elapsed)
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("Open = %v, want ErrLocked", err)
	}
	if want := "store: database " + path + " is in use by another newshound process (stop it, or use its HTTP API)"; err.Error() != want {
		t.Errorf("Open error = %q, want %q", err, want)
	}
	if elapsed >= 2*time.Second {
		t.Errorf("Open took %v, want under 2s", elapsed)
	}

	_ = stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("child exited with %v", err)
	}
	s, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatalf("Open after the child exited = %v, want no error", err)
	}
	_ = s.Close()
}

func TestOpenReadOnly(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "news.db")
	if _, err := Open(ctx, path, Options{ReadOnly: true}); err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Open(missing, ReadOnly) = %v, want a not-exist error", err)
	}
	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	put(t, s, article("https://news.example/1", "https://feed.example/rss", nil, t0))
	_ = s.Close()

	r1, err := Open(ctx, path, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("Open(ReadOnly) = %v", err)
	}
	defer r1.Close()
	r2, err := Open(ctx, path, Options{ReadOnly: true, Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatalf("second Open(ReadOnly) = %v, want shared access", err)
	}
	defer r2.Close()
	if got := collect(t, r2, Query{}); len(got) != 1 {
		t.Errorf("read-only Articles = %v, want 1 article", got)
	}
	if err := r1.PutArticle(ctx, article("https://news.example/2", "f", nil, t0)); err == nil {
		t.Errorf("PutArticle on a read-only store = nil, want an error")
	}
	if _, err := Open(ctx, path, Options{Timeout: 200 * time.Millisecond}); !errors.Is(err, ErrLocked) {
		t.Errorf("read-write Open beside readers = %v, want ErrLocked", err)
	}
}

func TestOpenSchema(t *testing.T) {
	tests := []struct {
		name    string
		prepare func(tx *bolt.Tx) error
		want    error
		msg     string
	}{
		{"newer version", func(tx *bolt.Tx) error {
			return tx.Bucket(bucketMeta).Put(keySchema, []byte("99"))
		}, ErrSchema, "has schema version 99 but this newshound knows only versions up to 2"},
		{"garbled version", func(tx *bolt.Tx) error {
			return tx.Bucket(bucketMeta).Put(keySchema, []byte("x"))
		}, ErrCorrupt, "schema version \"x\""},
		{"another program's file", func(tx *bolt.Tx) error {
			if err := tx.DeleteBucket(bucketMeta); err != nil {
				return err
			}
			_, err := tx.CreateBucket([]byte("theirs"))
			return err
		}, ErrSchema, "is a bbolt file of another program"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "news.db")
			s, err := Open(context.Background(), path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if err := s.db.Update(tt.prepare); err != nil {
				t.Fatal(err)
			}
			_ = s.Close()
			_, err = Open(context.Background(), path, Options{})
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.msg) || !strings.Contains(err.Error(), path) {
				t.Errorf("Open = %v, want %v naming %s and saying %q", err, tt.want, path, tt.msg)
			}
		})
	}
}
