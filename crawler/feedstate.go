package crawler

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/newshound/newshound/crawler/fetch"
	"github.com/newshound/newshound/store"
)

// recordFailure classifies err, adds its weight to the feed's score and
// marks the feed broken once the score reaches fetch.BrokenScore, logging every
// change of state: a feed never stops silently. A poll refused because
// its host is paused sent no request: it is recorded as the feed's last
// error but adds no failure. When the server asked for a wait, NextDue
// is moved to its end, so that a daemon started after a one-shot crawl
// waits too (a schedule.Scheduler sets NextDue again after every poll).
func (c *Crawler) recordFailure(st *store.Feed, res *FeedResult, err error, now time.Time, log *slog.Logger) {
	class := fetch.Classify(err)
	res.Err, res.Class = err, class
	res.RetryAfter = fetch.ServerWait(err, now)
	if wait := min(res.RetryAfter, fetch.MaxRetryAfter); wait > 0 && now.Add(wait).After(st.NextDue) {
		st.NextDue = now.Add(wait)
	}
	st.LastError = err.Error()
	st.ErrorClass = string(class)
	var pe *fetch.PauseError
	if errors.As(err, &pe) {
		res.ErrorCount = st.ErrorCount
		log.Info("feed not fetched: its host is paused", "host", pe.Host, "until", pe.Until.UTC(), "error_count", st.ErrorCount)
		return
	}
	st.ErrorCount++
	st.ErrorScore += class.Weight()
	res.ErrorCount = st.ErrorCount
	log.Warn("feed failed", "error", err, "error_class", class, "error_count", st.ErrorCount, "error_score", st.ErrorScore)
	if !st.Broken && st.ErrorScore >= fetch.BrokenScore {
		st.Broken, st.BrokenSince = true, now
		st.BrokenReason = fmt.Sprintf("%d failures in a row (%s), the last: %s", st.ErrorCount, class, err)
		log.Error("feed marked broken; it is still tried once a day and comes back by itself when it answers",
			"error_class", class, "error_count", st.ErrorCount, "reason", st.BrokenReason)
	}
}

// recordSuccess clears the feed's error state, logging a recovery.
func recordSuccess(st *store.Feed, now time.Time, log *slog.Logger) {
	if st.Broken {
		log.Info("broken feed answers again", "broken_since", st.BrokenSince, "reason", st.BrokenReason)
	} else if st.ErrorCount > 0 {
		log.Info("feed recovered", "error_count", st.ErrorCount, "error_class", st.ErrorClass)
	}
	st.LastError, st.ErrorClass, st.ErrorCount, st.ErrorScore = "", "", 0, 0
	st.Broken, st.BrokenReason, st.BrokenSince = false, "", time.Time{}
	st.LastSuccess = now
}
