package api

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/testkit"
	"github.com/newshound/newshound/store"
)

// bigArticles stores n articles of about size bytes of text each.
func bigArticles(t testing.TB, st *store.Store, prefix string, n, size int) {
	t.Helper()
	text := strings.Repeat("The bank said it shared data with Meta. ", size/40+1)[:size]
	for i := range n {
		a := &store.Article{URL: fmt.Sprintf("https://big.example/%s/%d", prefix, i), Title: "Big " + prefix, Fetched: t0.Add(time.Duration(i) * time.Second), Text: text}
		if err := st.PutArticle(t.Context(), a); err != nil {
			t.Fatal(err)
		}
	}
}

// stalledGet sends a GET for path to srv on a connection with a small
// receive buffer, reads the first bytes of the answer and then stops
// reading; closing the returned connection ends the stall.
func stalledGet(t testing.TB, addr, path string) (net.Conn, string) {
	t.Helper()
	d := net.Dialer{Control: func(_, _ string, c syscall.RawConn) error {
		var serr error
		err := c.Control(func(fd uintptr) { serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096) })
		if err != nil {
			return err
		}
		return serr
	}}
	conn, err := d.DialContext(t.Context(), "tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\n\r\n", path, addr)
	head := make([]byte, 512)
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	n, err := io.ReadAtLeast(conn, head, 64)
	if err != nil {
		t.Fatalf("the first bytes of %s: %v", path, err)
	}
	conn.SetReadDeadline(time.Time{})
	return conn, string(head[:n])
}

// within runs fn and fails the test when it takes longer than d; it
// returns once fn has returned or d has passed.
func within(t *testing.T, what string, d time.Duration, fn func() error) bool {
	t.Helper()
	done := make(chan error, 1)
	start := time.Now()
	go func() { done <- fn() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("%s: %v", what, err)
			return false
		}
		t.Logf("%s took %v", what, time.Since(start).Round(time.Millisecond))
		return true
	case <-time.After(d):
		t.Errorf("%s did not complete within %v", what, d)
		return false
	}
}

// TestBackupStalledReader: a client that reads the first bytes of a backup
// and then stops reading holds no read transaction, so writes that grow
// the file (10 MiB of articles over a 6 MiB database) and a label go on,
// and /healthz and the API answer; the snapshot file is removed after.
func TestBackupStalledReader(t *testing.T) {
	dir := t.TempDir()
	st := testkit.OpenStore(t, filepath.Join(dir, "big.db"), store.Options{})
	bigArticles(t, st, "before", 6, 1<<20)
	srv := httptest.NewServer((&Server{Store: st, Backup: st}).Handler())
	t.Cleanup(srv.Close)

	conn, head := stalledGet(t, srv.Listener.Addr().String(), "/api/v1/backup")
	if !strings.HasPrefix(head, "HTTP/1.1 200") {
		t.Fatalf("backup answered %q, want 200", head)
	}
	ok := within(t, "storing 10 MiB of articles while a backup reader stalls", 8*time.Second, func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 8*time.Second)
		defer cancel()
		for i := range 10 {
			text := strings.Repeat("x", 1<<20)
			a := &store.Article{URL: fmt.Sprintf("https://big.example/during/%d", i), Title: "During", Fetched: t0, Text: text}
			if err := st.PutArticle(ctx, a); err != nil {
				return err
			}
		}
		return st.PutLabel(ctx, store.Label{ArticleID: store.ArticleID("https://big.example/during/0"), Rule: "r", Relevant: true, Labeled: t0})
	})
	if ok {
		for _, path := range []string{"/healthz", "/api/v1/stories?all=true&limit=5"} {
			within(t, "GET "+path, 5*time.Second, func() error {
				resp, err := http.Get(srv.URL + path)
				if err != nil {
					return err
				}
				defer resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					return fmt.Errorf("status %s", resp.Status)
				}
				_, err = io.Copy(io.Discard, resp.Body)
				return err
			})
		}
	}
	conn.Close()
	// With the stall over, the snapshot file goes; nothing but the
	// database is left in its folder.
	deadline := time.Now().Add(5 * time.Second)
	for {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		if len(names) == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the database folder holds %q after the backup ended, want only big.db", names)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestBackupComplete: a backup read to the end is the whole database, a
// file that opens and holds every article.
func TestBackupComplete(t *testing.T) {
	f := newFixture(t)
	srv := f.serve(t, "")
	resp, err := http.Get(srv.URL + "/api/v1/backup")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	path := filepath.Join(t.TempDir(), "copy.db")
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(out, resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	if cl := resp.ContentLength; cl != n {
		t.Errorf("Content-Length = %d, body %d bytes", cl, n)
	}
	cp, err := store.Open(t.Context(), path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("the backup does not open: %v", err)
	}
	defer cp.Close()
	if err := cp.Check(t.Context()); err != nil {
		t.Errorf("Check(backup) = %v", err)
	}
	count := 0
	cp.Articles(t.Context(), store.Query{}, func(*store.Article) error { count++; return nil })
	if count != 4 {
		t.Errorf("the backup holds %d articles, want 4", count)
	}
}
