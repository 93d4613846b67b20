package crawler

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
)

func TestHeaderHint(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	date := now.Format(http.TimeFormat)
	tests := []struct {
		name string
		h    map[string]string
		want time.Duration
	}{
		{"nothing", nil, 0},
		{"max-age", map[string]string{"Cache-Control": "public, max-age=900"}, 15 * time.Minute},
		{"max-age wins over Expires", map[string]string{"Cache-Control": "max-age=60", "Expires": now.Add(time.Hour).Format(http.TimeFormat)}, time.Minute},
		{"no-cache", map[string]string{"Cache-Control": "no-cache, max-age=900"}, 0},
		{"bad max-age", map[string]string{"Cache-Control": "max-age=soon"}, 0},
		{"huge max-age capped", map[string]string{"Cache-Control": "max-age=999999999999"}, maxHint},
		{"Expires against Date", map[string]string{"Date": date, "Expires": now.Add(2 * time.Hour).Format(http.TimeFormat)}, 2 * time.Hour},
		{"Expires in the past", map[string]string{"Expires": now.Add(-time.Hour).Format(http.TimeFormat)}, 0},
		{"Expires 0", map[string]string{"Expires": "0"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			for k, v := range tt.h {
				h.Set(k, v)
			}
			if got := headerHint(h, now); got != tt.want {
				t.Errorf("headerHint(%v) = %s, want %s", tt.h, got, tt.want)
			}
		})
	}
}

func TestBodyHint(t *testing.T) {
	const sy = `xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"`
	tests := []struct {
		name, body string
		want       time.Duration
	}{
		{"none", `<rss version="2.0"><channel><title>x</title></channel></rss>`, 0},
		{"ttl", `<rss version="2.0"><channel><title>x</title><ttl> 45 </ttl></channel></rss>`, 45 * time.Minute},
		{"ttl in an item ignored", `<rss version="2.0"><channel><title>x</title><item><title>a</title><ttl>999</ttl></item></channel></rss>`, 0},
		{"sy hourly twice", `<rss version="2.0" ` + sy + `><channel><title>x</title><sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency></channel></rss>`, 30 * time.Minute},
		{"sy daily", `<rss version="2.0" ` + sy + `><channel><title>x</title><sy:updatePeriod>daily</sy:updatePeriod></channel></rss>`, 24 * time.Hour},
		{"larger of ttl and sy", `<rss version="2.0" ` + sy + `><channel><title>x</title><ttl>120</ttl><sy:updatePeriod>hourly</sy:updatePeriod></channel></rss>`, 2 * time.Hour},
		{"bad ttl", `<rss version="2.0"><channel><title>x</title><ttl>-5</ttl></channel></rss>`, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := gofeed.NewParser().Parse(strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			if got := bodyHint(f, []byte(tt.body)); got != tt.want {
				t.Errorf("bodyHint = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestItemTimesAndRate(t *testing.T) {
	now := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	item := func(ago time.Duration) *gofeed.Item {
		p := now.Add(-ago)
		return &gofeed.Item{PublishedParsed: &p}
	}
	var seen []time.Time
	// Two polls of a feed publishing every 3 hours, overlapping.
	seen = mergeItemTimes(seen, []*gofeed.Item{item(0), item(3 * time.Hour), item(6 * time.Hour), {}}, now)
	seen = mergeItemTimes(seen, []*gofeed.Item{item(3 * time.Hour), item(6 * time.Hour), item(9 * time.Hour), item(-48 * time.Hour)}, now)
	if len(seen) != 4 || !seen[0].Equal(now) || !seen[3].Equal(now.Add(-9*time.Hour)) {
		t.Fatalf("mergeItemTimes = %v, want 4 distinct dates, newest first, no future one", seen)
	}
	if got, want := entriesPerDay(seen, now), 4/9.0*24; got < want-0.01 || got > want+0.01 {
		t.Errorf("entriesPerDay = %.2f, want %.2f", got, want)
	}
	if got := entriesPerDay(seen, now.Add(15*24*time.Hour)); got > 0.3 {
		t.Errorf("entriesPerDay after 15 quiet days = %.2f, want it to fall under 0.3", got)
	}
	if got := entriesPerDay(seen[:1], now); got != 0 {
		t.Errorf("entriesPerDay(one date) = %v, want 0 (unknown)", got)
	}
	var many []*gofeed.Item
	for i := range 100 {
		many = append(many, item(time.Duration(i)*time.Minute))
	}
	if got := mergeItemTimes(seen, many, now); len(got) != maxItemTimes || !got[0].Equal(now) {
		t.Errorf("mergeItemTimes(100 items) kept %d, want the newest %d", len(got), maxItemTimes)
	}
}
