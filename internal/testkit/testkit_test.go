package testkit_test

import (
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/testkit"
	"github.com/newshound/newshound/internal/testkit/clock"
	"github.com/newshound/newshound/rules"
	"github.com/newshound/newshound/store"
)

// fatalTB records a Fatalf instead of ending the test, so that the
// failures testkit must report can be checked.
type fatalTB struct {
	testing.TB
	failed string
}

var errFatal = errors.New("Fatalf called")

func (f *fatalTB) Helper() {}

func (f *fatalTB) Fatalf(format string, args ...any) {
	f.failed = fmt.Sprintf(format, args...)
	panic(errFatal)
}

// fails runs fn with a fatalTB and returns what it failed with ("" when
// it did not fail).
func fails(t *testing.T, fn func(tb testing.TB)) (msg string) {
	t.Helper()
	tb := &fatalTB{TB: t}
	defer func() {
		if r := recover(); r != nil && r != errFatal {
			panic(r)
		}
		msg = tb.failed
	}()
	fn(tb)
	return ""
}

func TestWaitFor(t *testing.T) {
	calls := 0
	if msg := fails(t, func(tb testing.TB) {
		testkit.WaitFor(tb, "the third look", time.Second, func() bool { calls++; return calls == 3 })
	}); msg != "" || calls != 3 {
		t.Errorf("WaitFor of a condition true on the third look failed with %q after %d looks, want success after 3", msg, calls)
	}
	start := time.Now()
	msg := fails(t, func(tb testing.TB) {
		testkit.WaitFor(tb, "nothing", 30*time.Millisecond, func() bool { return false })
	})
	if !strings.Contains(msg, "timed out after 30ms waiting for nothing") {
		t.Errorf("WaitFor of a condition never true failed with %q, want the timeout named", msg)
	}
	if d := time.Since(start); d < 30*time.Millisecond || d > 2*time.Second {
		t.Errorf("WaitFor of a condition never true took %v, want its 30ms bound and a last look", d)
	}
}

func TestRules(t *testing.T) {
	set := testkit.Rules(t, testkit.BankRules)
	doc := rules.Doc{Title: "Meta shares customer data with banks"}
	hits := set.Match(&doc)
	if len(hits) != 1 || hits[0].Rule != testkit.BankRule {
		t.Errorf("BankRules on a flag story = %+v, want one hit of %s", hits, testkit.BankRule)
	}
	if hits := set.Match(&rules.Doc{Title: "Meta ships a new phone"}); len(hits) != 0 {
		t.Errorf("BankRules on another story = %+v, want none", hits)
	}
	for _, tt := range []struct{ name, yaml, want string }{
		{"unknown key", "rules:\n  - name: r\n    qeury: bank\n", "qeury"},
		{"bad query", "rules:\n  - name: r\n    query: 'bank AND'\n", "compile rules"},
		{"not YAML", "rules: [", "rules YAML"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if msg := fails(t, func(tb testing.TB) { testkit.Rules(tb, tt.yaml) }); !strings.Contains(msg, tt.want) {
				t.Errorf("Rules(%q) failed with %q, want it to name %q", tt.yaml, msg, tt.want)
			}
		})
	}
}

func TestStoreIsFreshAndClosedAtCleanup(t *testing.T) {
	var st *store.Store
	t.Run("open", func(t *testing.T) {
		st = testkit.Store(t)
		if err := st.Check(t.Context()); err != nil {
			t.Errorf("Check of a fresh store: %v", err)
		}
	})
	// At the subtest's end the store is closed and its file removed with the
	// subtest's temporary folder.
	if err := st.Check(t.Context()); err == nil {
		t.Error("Check after the subtest's end succeeded: the store was left open")
	}
	if _, err := os.Stat(st.Path()); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("%s after the subtest's end: %v, want it removed", st.Path(), err)
	}
}

func TestBufferConcurrentWriters(t *testing.T) {
	var b testkit.Buffer
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				b.Write([]byte("x"))
				_ = b.String()
			}
		})
	}
	wg.Wait()
	if n := len(b.String()); n != 800 {
		t.Errorf("8 writers of 100 bytes left %d bytes, want 800", n)
	}
}

func TestClock(t *testing.T) {
	c := clock.New()
	if !c.Now().Equal(clock.Start) {
		t.Errorf("New().Now() = %v, want %v", c.Now(), clock.Start)
	}
	c.Add(90 * time.Minute)
	if want := clock.Start.Add(90 * time.Minute); !c.Now().Equal(want) {
		t.Errorf("after Add(90m) Now() = %v, want %v", c.Now(), want)
	}
	at := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	if got := clock.At(at).Now(); !got.Equal(at) {
		t.Errorf("At(%v).Now() = %v", at, got)
	}
	c.Set(at)
	if !c.Now().Equal(at) {
		t.Errorf("after Set(%v) Now() = %v", at, c.Now())
	}
}

func TestWaitHealthyAndDecodeJSON(t *testing.T) {
	var healthy sync.Once
	up := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/healthz":
			select {
			case <-up:
				w.WriteHeader(http.StatusOK)
			default:
				healthy.Do(func() { close(up) }) // healthy from the second look on
				w.WriteHeader(http.StatusServiceUnavailable)
			}
		case "/echo":
			fmt.Fprintf(w, `{"auth": %q}`, r.Header.Get("Authorization"))
		}
	}))
	t.Cleanup(srv.Close)
	addr := strings.TrimPrefix(srv.URL, "http://")
	testkit.WaitHealthy(t, addr)
	var got struct{ Auth string }
	if code := testkit.DecodeJSON(t, http.MethodPost, srv.URL+"/echo", "s3cret", &got); code != http.StatusOK || got.Auth != "Bearer s3cret" {
		t.Errorf("DecodeJSON = %d, %+v; want 200 and the bearer token sent", code, got)
	}
	if msg := fails(t, func(tb testing.TB) { testkit.DecodeJSON(tb, http.MethodGet, srv.URL+"/healthz", "", &got) }); !strings.Contains(msg, "not JSON") {
		t.Errorf("DecodeJSON of an empty answer failed with %q, want not JSON", msg)
	}
}

func TestDamagedDB(t *testing.T) {
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	st := testkit.OpenStore(t, testkit.DamagedDB(t, 5, 2, start), store.Options{})
	for i := range 5 {
		id := store.ArticleID(fmt.Sprintf("https://news.example/%d", i))
		_, err := st.Article(t.Context(), id)
		if damaged := i == 3; (err != nil) != damaged {
			t.Errorf("Article(%d) = %v, want an error only for the 2nd newest (3)", i, err)
		}
	}
	if msg := fails(t, func(tb testing.TB) { testkit.DamagedDB(tb, 5, 0, start) }); msg == "" {
		t.Error("DamagedDB with damaged 0 did not fail")
	}
}
