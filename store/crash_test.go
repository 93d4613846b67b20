package store

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
)

// writerEnv names the database a re-executed test binary writes to until
// it is killed.
const writerEnv = "NEWSHOUND_STORE_TEST_WRITER"

// writeUntilKilled is the child of TestKillWhileWriting: 8 goroutines
// store articles with URLs drawn from 3,000, so many are replaced; whether
// an article is flagged depends only on its URL.
func writeUntilKilled(path string) int {
	s, err := Open(context.Background(), path, Options{Timeout: 5 * time.Second})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println("ready")
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(os.Getpid()), uint64(g)))
			for {
				i := r.IntN(3000)
				var rules []string
				if i%7 == 0 {
					rules = []string{"bank"}
				}
				a := article("https://news.example/"+strconv.Itoa(i), "https://feed.example/rss",
					at(-time.Duration(i)*time.Minute), time.Now(), rules...)
				if err := s.PutArticle(context.Background(), a); err != nil {
					fmt.Fprintln(os.Stderr, err)
					os.Exit(1)
				}
			}
		})
	}
	wg.Wait()
	return 0
}

// TestKillWhileWriting SIGKILLs a process in the middle of writing, again
// and again: the file must always open, pass Check, and keep every flagged
// article seen before. NEWSHOUND_STORE_KILLS sets the rounds (default 10).
func TestKillWhileWriting(t *testing.T) {
	rounds := 10
	if n, err := strconv.Atoi(os.Getenv("NEWSHOUND_STORE_KILLS")); err == nil {
		rounds = n
	}
	path := filepath.Join(t.TempDir(), "news.db")
	ctx := context.Background()
	flagged := map[string]bool{}
	r := rand.New(rand.NewPCG(7, 7))
	for round := range rounds {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), writerEnv+"="+path)
		cmd.Stderr = os.Stderr
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if line, err := bufio.NewReader(stdout).ReadString('\n'); err != nil || line != "ready\n" {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			t.Fatalf("round %d: writer said %q, %v", round, line, err)
		}
		time.Sleep(time.Duration(20+r.IntN(200)) * time.Millisecond)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()

		s, err := Open(ctx, path, Options{})
		if err != nil {
			t.Fatalf("round %d: Open after SIGKILL = %v", round, err)
		}
		if err := s.Check(ctx); err != nil {
			t.Fatalf("round %d: Check after SIGKILL = %v", round, err)
		}
		now := map[string]bool{}
		err = s.Articles(ctx, Query{FlaggedOnly: true}, func(a *Article) error { now[a.ID] = true; return nil })
		if err != nil {
			t.Fatal(err)
		}
		for id := range flagged {
			if !now[id] {
				t.Errorf("round %d: flagged article %s lost", round, id)
			}
		}
		flagged = now
		st, _ := s.Stats(ctx)
		_ = s.Close()
		t.Logf("round %d: %d articles, %d flagged, %d bytes", round, st.Articles, st.Flagged, st.FileSize)
	}
}
