package simweb

import (
	"io"
	"net/http"
	"testing"
)

// BenchmarkNew measures generating and starting the pipeline benchmark's web
// (20 sites, 1,000 articles) and the scheduler benchmark's (100 sites, 2,000
// feeds).
func BenchmarkNew(b *testing.B) {
	for _, bc := range []struct {
		name string
		opts Options
	}{
		{"1000articles", Options{Hosts: 20, ArticlesPerHost: 50}},
		{"2000feeds", Options{Hosts: 100, ArticlesPerHost: 20, FeedsPerHost: 20}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			n := 0
			for b.Loop() {
				w := New(bc.opts)
				n = len(w.Articles())
				w.Close()
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "articles/s")
		})
	}
}

// BenchmarkServe measures one loopback GET of a feed and of an article page,
// client included.
func BenchmarkServe(b *testing.B) {
	w := New(Options{Hosts: 1, ArticlesPerHost: 50})
	defer w.Close()
	for _, bc := range []struct{ name, url string }{
		{"feed", w.FeedURLs()[0]},
		{"article", w.Articles()[0].URL},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var bytes int64
			for b.Loop() {
				resp, err := http.Get(bc.url)
				if err != nil {
					b.Fatal(err)
				}
				n, err := io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if err != nil {
					b.Fatal(err)
				}
				bytes += n
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "requests/s")
			b.ReportMetric(float64(bytes)/1e6/b.Elapsed().Seconds(), "MB/s")
		})
	}
}
