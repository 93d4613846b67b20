package crawler

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newshound/newshound/crawler/fetch"
	"github.com/newshound/newshound/store"
)

// hostileFeedHeapBound is the most the Go heap may grow while four
// hostile 10 MiB feeds are crawled at once. Before the tokenizing scan,
// one of them took 2 GB.
const hostileFeedHeapBound = 256 << 20

// heapChildEnv is set for the child process TestHostileFeedsPeakHeap
// runs in.
const heapChildEnv = "NEWSHOUND_TEST_FEED_HEAP_CHILD"

// hostileFeedBodies are feeds of the body cap (10 MiB) that cost gofeed
// gigabytes, and one just within every limit, which is parsed.
func hostileFeedBodies() map[string]struct {
	body []byte
	want string // the error's text after the feed URL; "" means accepted
} {
	const bodyCap = 10 << 20
	fill := func(head, unit, tail string) []byte {
		n := (bodyCap - len(head) - len(tail)) / len(unit)
		return []byte(head + strings.Repeat(unit, n) + tail)
	}
	type feed = struct {
		body []byte
		want string
	}
	return map[string]feed{
		"self-closing": {fill("<rss><channel>", "<item/>", "</channel></rss>"), "feed has too many items (more than 5000, the limit)"},
		"newline":      {fill("<rss><channel>", "<item\n></item\n>", "</channel></rss>"), "feed has too many items (more than 5000, the limit)"},
		"atom":         {fill(`<feed xmlns="http://www.w3.org/2005/Atom">`, "<entry\t/>", "</feed>"), "feed has too many items (more than 5000, the limit)"},
		"json":         {fill(`{"version":"https://jsonfeed.org/version/1.1","items":[`, "{},", "{}]}"), "feed has too many items (more than 5000, the limit)"},
		"elements":     {fill("<rss><channel><item>", "<a:b/>", "</item></channel></rss>"), fmt.Sprintf("feed has too many items (more than %d elements, the limit)", fetch.MaxFeedElements)},
		"nested":       {[]byte("<rss>" + strings.Repeat(`<x a="/>">`, 700_000) + "</rss>"), fmt.Sprintf("not a readable feed: elements nested deeper than %d, the limit", fetch.MaxFeedDepth)},
		"within":       {[]byte("<rss><channel><item><title>t</title>" + strings.Repeat("<a:b/>", fetch.MaxFeedElements-10) + "</item></channel></rss>"), ""},
	}
}

// TestHostileFeedsPeakHeap crawls hostile feeds four at a time and checks
// that each is refused with one sentence naming the feed and the limit,
// and that the heap stays under hostileFeedHeapBound throughout. It runs
// alone in a child process: the memory the runtime takes from the system
// for it is never given back, and TestHostileWeb measures that.
func TestHostileFeedsPeakHeap(t *testing.T) {
	if os.Getenv(heapChildEnv) != "1" {
		cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestHostileFeedsPeakHeap$", "-test.v")
		cmd.Env = append(os.Environ(), heapChildEnv+"=1")
		out, err := cmd.CombinedOutput()
		t.Logf("child process:\n%s", out)
		if err != nil || !bytes.Contains(out, []byte("--- PASS: TestHostileFeedsPeakHeap")) {
			t.Fatalf("TestHostileFeedsPeakHeap in a child process: %v", err)
		}
		return
	}
	bodies := hostileFeedBodies()
	mux := http.NewServeMux()
	for name, f := range bodies {
		mux.HandleFunc("/"+name, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/xml")
			http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(f.body))
		})
	}
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "t.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	c, err := New(t.Context(), Options{Logger: slog.New(slog.DiscardHandler), AllowPrivateNetworks: true, FeedWorkers: 4, Timeout: 30 * time.Second}, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	var feeds []FeedSpec
	for name := range bodies {
		feeds = append(feeds, FeedSpec{URL: srv.URL + "/" + name})
	}

	base, stop := sampleHeap()
	sum := c.Crawl(t.Context(), feeds, nil)
	grew := stop()

	for _, r := range sum.Feeds {
		want := bodies[strings.TrimPrefix(r.URL, srv.URL+"/")].want
		if want == "" {
			if r.Err != nil {
				t.Errorf("feed %s: %v, want it read", r.URL, r.Err)
			}
			continue
		}
		if want = "feed " + r.URL + ": " + want; r.Err == nil || r.Err.Error() != want {
			t.Errorf("feed %s: error %v, want %q", r.URL, r.Err, want)
		}
	}
	t.Logf("heap grew by at most %d MB over %d MB at the start (bound %d MB)", grew>>20, base>>20, hostileFeedHeapBound>>20)
	if grew > hostileFeedHeapBound {
		t.Errorf("heap grew by %d MB while crawling %d hostile feeds four at a time, want under %d MB", grew>>20, len(feeds), hostileFeedHeapBound>>20)
	}
}

// sampleHeap starts sampling the bytes of live and unswept heap objects
// every millisecond. stop ends the sampling and returns how far the heap
// rose above where it stood after a collection at the start.
func sampleHeap() (base uint64, stop func() uint64) {
	runtime.GC()
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	base = s[0].Value.Uint64()
	var (
		mu   sync.Mutex
		peak = base
		done = make(chan struct{})
		wg   sync.WaitGroup
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				metrics.Read(s)
				mu.Lock()
				peak = max(peak, s[0].Value.Uint64())
				mu.Unlock()
			}
		}
	}()
	return base, func() uint64 {
		close(done)
		wg.Wait()
		metrics.Read(s)
		return max(peak, s[0].Value.Uint64()) - base
	}
}
