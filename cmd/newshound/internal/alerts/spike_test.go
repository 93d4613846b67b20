package alerts

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/cmd/newshound/internal/webhook"
	"github.com/newshound/newshound/internal/testkit/clock"
	"github.com/newshound/newshound/store"
)

func TestRates(t *testing.T) {
	now := t0
	var evs []storeEvent
	for h := 2; h <= 7*24; h += 6 { // 28 flags over the week before the last hour
		evs = append(evs, storeEvent{"r1", fmt.Sprint("old", h), now.Add(-time.Duration(h) * time.Hour)})
	}
	for i := range 6 {
		evs = append(evs, storeEvent{"r1", fmt.Sprint("new", i%5), now.Add(-time.Duration(i*5) * time.Minute)})
	}
	evs = append(evs, storeEvent{"r2", "x", now.Add(-10 * time.Minute)}, storeEvent{"r1", "future", now.Add(time.Minute)})
	rates := Rates(events(evs), now, 7*24*time.Hour)
	r := rates["r1"]
	if r.Count != 6 || len(r.Stories) != 5 || fmt.Sprintf("%.3f", r.Average) != "0.167" {
		t.Errorf("r1 = %d flags of %d stories, average %.3f; want 6 of 5, 28/168 = 0.167", r.Count, len(r.Stories), r.Average)
	}
	s := config.Spikes{Multiple: 3, MinCount: 5}
	for _, tt := range []struct {
		r    Rate
		want bool
	}{
		{*r, true},
		{*rates["r2"], false}, // one flag: below the minimum
		{Rate{Count: 5, Average: 2}, false},
		{Rate{Count: 7, Average: 2}, true},
		{Rate{Count: 6, Average: 2}, false}, // exceed, not reach
	} {
		if got := Spiking(tt.r, s); got != tt.want {
			t.Errorf("Spiking(%d in the hour, average %g) = %v, want %v", tt.r.Count, tt.r.Average, got, tt.want)
		}
	}
}

func TestSpikeAlertsOncePerSpike(t *testing.T) {
	var mu sync.Mutex
	var hooks []SpikePayload
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if !webhook.Verify("0123456789abcdef", body, r.Header.Get(webhook.HeaderSignature)) {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		var p SpikePayload
		if err := json.Unmarshal(body, &p); err != nil || p.ID != r.Header.Get(webhook.HeaderDelivery) {
			http.Error(w, "bad body", http.StatusBadRequest)
			return
		}
		mu.Lock()
		hooks = append(hooks, p)
		mu.Unlock()
	}))
	defer hook.Close()
	received := func() []SpikePayload { mu.Lock(); defer mu.Unlock(); return append([]SpikePayload(nil), hooks...) }

	srv := &mailServer{t: t}
	srv.start()
	c := clock.At(t0.Add(-7 * 24 * time.Hour))
	w, _ := setup(t, srv, nil, config.TLSNone, c)
	w.Alerts.Digests[0].Schedule = config.Daily // keep hourly digests out of the mailbox
	w.Alerts.Spikes = config.Spikes{Multiple: 3, MinCount: 5, Baseline: config.Duration(7 * 24 * time.Hour)}
	w.Webhooks = []config.Webhook{{URL: hook.URL, Secret: "0123456789abcdef", Rules: []string{"r1"}, Timeout: config.Duration(5 * time.Second)}}
	// A week of the usual rate, one flag every six hours, checked as it
	// goes: never a spike.
	for h := 0; h < 7*24; h += 6 {
		at := t0.Add(time.Duration(h-7*24) * time.Hour)
		flag(t, w.Store.(*store.Store), fmt.Sprintf("https://news.test/usual-%d", h), "Usual", "r1", at)
		c.Set(at.Add(time.Minute))
		step(t, w)
	}
	spikes := func() (mails int) {
		for _, m := range srv.messages() {
			if strings.Contains(parse(t, m).Header.Get("Subject"), "spike") {
				mails++
			}
		}
		return mails
	}
	if n, h := spikes(), len(received()); n != 0 || h != 0 {
		t.Fatalf("at the usual rate: %d spike emails, %d webhooks, want none", n, h)
	}
	// A burst: six stories in forty minutes.
	for i := range 6 {
		at := t0.Add(time.Duration(i*8) * time.Minute)
		flag(t, w.Store.(*store.Store), fmt.Sprintf("https://news.test/burst-%d", i), fmt.Sprint("Burst ", i), "r1", at)
		c.Set(at.Add(time.Second))
		step(t, w)
	}
	c.Set(t0.Add(50 * time.Minute))
	step(t, w)
	if n, h := spikes(), received(); n != 1 || len(h) != 1 {
		t.Fatalf("after a burst: %d spike emails, %d webhooks, want one of each", n, len(h))
	}
	p := received()[0]
	if p.Kind != "spike" || p.Event != EventSpike || p.Rule != "r1" || p.Count != 5 || len(p.Stories) != 5 || p.Stories[4].Title != "Burst 4" {
		t.Errorf("spike payload = %+v, want kind spike for r1 with the 5 burst stories flagged when it crossed", p)
	}
	// Still high an hour on: no new alert. Then the rate falls back, and
	// a second burst is a second spike.
	flag(t, w.Store.(*store.Store), "https://news.test/burst-late", "Late", "r1", t0.Add(55*time.Minute))
	c.Set(t0.Add(56 * time.Minute))
	step(t, w)
	c.Set(t0.Add(3 * time.Hour))
	step(t, w)
	if on, _ := w.Store.Spiking(context.Background(), "r1"); on {
		t.Errorf("r1 still spiking after two quiet hours")
	}
	for i := range 6 {
		flag(t, w.Store.(*store.Store), fmt.Sprintf("https://news.test/second-%d", i), "Second", "r1", t0.Add(3*time.Hour+time.Duration(i)*time.Minute))
	}
	c.Set(t0.Add(3*time.Hour + 10*time.Minute))
	step(t, w)
	step(t, w)
	if n, h := spikes(), received(); n != 2 || len(h) != 2 {
		t.Errorf("after a second burst: %d spike emails, %d webhooks, want two of each", n, len(h))
	}
	mail := parse(t, srv.messages()[len(srv.messages())-1])
	if !strings.Contains(mail.Text, "Rule r1 flagged 6 stories") || !strings.Contains(mail.Text, "Second") {
		t.Errorf("spike email:\n%s\nwant the count and the stories", mail.Text)
	}
}

type storeEvent struct {
	rule, story string
	at          time.Time
}

func events(in []storeEvent) []store.FlagEvent {
	out := make([]store.FlagEvent, len(in))
	for i, e := range in {
		out[i] = store.FlagEvent{Seq: uint64(i + 1), Rule: e.rule, Story: e.story, At: e.at}
	}
	return out
}
