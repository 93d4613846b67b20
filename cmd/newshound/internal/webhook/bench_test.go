package webhook

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// BenchmarkDrain measures the delivery worker: each round 50 flagged
// stories are stored (untimed, from 50 goroutines so their writes share
// transactions), then Drain signs and POSTs every delivery to a loopback
// receiver that verifies it, and removes each from the outbox.
func BenchmarkDrain(b *testing.B) {
	rcv := newReceiver(b)
	s := openStore(b, filepath.Join(b.TempDir(), "n.db"), rcv.srv.URL)
	defer s.Close()
	w := newTestWorker(s, rcv.srv.URL)
	const batch = 50
	n := 0
	var drained time.Duration
	for b.Loop() {
		b.StopTimer()
		var wg sync.WaitGroup
		for range batch {
			url := fmt.Sprintf("https://news.test/%d", n)
			n++
			wg.Go(func() { flag(b, s, url, "r") })
		}
		wg.Wait()
		b.StartTimer()
		start := time.Now()
		if err := w.Drain(context.Background()); err != nil {
			b.Fatal(err)
		}
		drained += time.Since(start)
	}
	b.ReportMetric(float64(n)/drained.Seconds(), "deliveries/s")
	if got, _ := rcv.delivered(); got != n {
		b.Fatalf("receiver verified %d deliveries, want %d", got, n)
	}
}
