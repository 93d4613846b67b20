package web

import (
	"net/http"
	"time"

	"github.com/newshound/newshound/store"
)

// feedsData is the data of the feeds page.
type feedsData struct {
	layout
	Feeds   []feedView
	Failing int
}

// feedView is one feed's health.
type feedView struct {
	store.Feed
	// Status is "ok", "failing" (its last poll failed) or "waiting" (not
	// polled yet).
	Status string
	// Interval is the polling interval for people; empty for the default.
	Interval string
}

// Feeds is "/feeds": every stored feed with its health.
func (p *Pages) Feeds(w http.ResponseWriter, r *http.Request) {
	feeds, err := p.Store.Feeds(r.Context())
	if err != nil {
		p.fail(w, err)
		return
	}
	data := feedsData{layout: newLayout("Feeds", "feeds")}
	for _, f := range feeds {
		v := feedView{Feed: f, Status: FeedStatus(f)}
		if f.Interval > 0 {
			v.Interval = f.Interval.Round(time.Second).String()
		}
		if v.Status == "failing" {
			data.Failing++
		}
		data.Feeds = append(data.Feeds, v)
	}
	p.render(w, http.StatusOK, "feeds", data)
}

// FeedStatus sums up a feed's health in one word: "waiting" before its
// first poll, "failing" while its last poll failed, else "ok".
func FeedStatus(f store.Feed) string {
	switch {
	case f.LastFetch.IsZero():
		return "waiting"
	case f.Broken:
		return "broken"
	case f.LastError != "" || f.ErrorCount > 0:
		return "failing"
	default:
		return "ok"
	}
}
