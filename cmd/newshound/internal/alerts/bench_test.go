package alerts

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/newshound/newshound/alertpolicy"

	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/store"
)

// BenchmarkSpikePass measures one spike check over a week of flags of
// ten rules (the flag log is read whole on every pass, every 30s).
func BenchmarkSpikePass(b *testing.B) {
	const flags = 5000
	st, err := store.Open(context.Background(), filepath.Join(b.TempDir(), "news.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	st.SetAlertPolicy(alertpolicy.New(nil)) // the flag log follows newshound's policy
	var wg sync.WaitGroup
	ch := make(chan int)
	for range 32 {
		wg.Go(func() {
			for i := range ch {
				at := t0.Add(-time.Duration(i) * 7 * 24 * time.Hour / flags)
				a := &store.Article{URL: fmt.Sprintf("https://news.test/%d", i), Title: "T", Fetched: at,
					Flags: []store.Flag{{Rule: fmt.Sprint("r", i%10), Flagged: at}}}
				if err := st.PutArticle(context.Background(), a); err != nil {
					b.Error(err)
				}
			}
		})
	}
	for i := range flags {
		ch <- i
	}
	close(ch)
	wg.Wait()
	rules := make([]string, 10)
	for i := range rules {
		rules[i] = fmt.Sprint("r", i)
	}
	w := &Worker{Store: st, Rules: rules, Alerts: config.Alerts{Spikes: config.Spikes{Multiple: 3, MinCount: 5, Baseline: config.Duration(7 * 24 * time.Hour)}}}
	ctx := context.Background()
	for b.Loop() {
		if err := w.checkSpikes(ctx, t0); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(flags)*float64(b.N)/b.Elapsed().Seconds(), "flags/s")
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/pass")
}
