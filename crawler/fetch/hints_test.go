package fetch

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
			if got := BodyHint(f, []byte(tt.body)); got != tt.want {
				t.Errorf("BodyHint = %s, want %s", got, tt.want)
			}
		})
	}
}
