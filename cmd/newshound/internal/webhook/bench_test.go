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

// BenchmarkDeliveriesBesideHeldReceiver measures what a healthy receiver
// gets while another receiver holds its first request unanswered for the
// whole benchmark: each round 50 flagged stories are stored (untimed),
// each for both receivers, and the round ends when the healthy receiver
// has verified all of them. Before receivers had lanes of their own, no
// round ended until the held request timed out.
func BenchmarkDeliveriesBesideHeldReceiver(b *testing.B) {
	held, healthy := newHeldReceiver(b), newReceiver(b)
	s := openStore(b, filepath.Join(b.TempDir(), "n.db"), held.srv.URL, healthy.srv.URL)
	defer s.Close()
	w := NewWorker(s, testTargets(time.Hour, held.srv.URL, healthy.srv.URL), nil)
	w.Poll = time.Second
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- w.Run(ctx) }()
	defer func() { cancel(); <-done }()
	const batch = 50
	n := 0
	var waited time.Duration
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
		for {
			if got, _ := healthy.delivered(); got >= n {
				break
			}
			time.Sleep(time.Millisecond)
		}
		waited += time.Since(start)
	}
	b.ReportMetric(float64(n)/waited.Seconds(), "healthy_deliveries/s")
	if got := held.waiting.Load(); got != 1 {
		b.Fatalf("held receiver holds %d requests, want its first only", got)
	}
}
