package alerts

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/alertpolicy"
	"github.com/newshound/newshound/internal/testkit"
	"github.com/newshound/newshound/internal/testkit/clock"

	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/store"
)

// t0 is the reference time: digests' periods end on its hours.
var t0 = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)

func openStore(t *testing.T, path string) *store.Store {
	t.Helper()
	s := testkit.OpenStore(t, path, store.Options{})
	s.SetAlertPolicy(alertpolicy.New(nil)) // the flag log follows newshound's policy
	return s
}

// flag stores a story flagged by rule at the time.
func flag(t *testing.T, s *store.Store, url, title, rule string, at time.Time) *store.Article {
	t.Helper()
	a := &store.Article{
		URL: url, Title: title, Fetched: at, Published: &at,
		Feed: store.FeedRef{URL: "https://news.test/feed", Title: "The News Test"},
		Text: "Meta and the bank shared people's data.",
		Flags: []store.Flag{{Rule: rule, Score: 2, Flagged: at, Matches: []store.Match{
			{Field: "text", Term: "bank", Offset: 13, Length: 4, Snippet: "Meta and the bank shared people's data.", SnippetOffset: 13},
			{Field: "text", Term: "meta", Offset: 0, Length: 4, Snippet: "Meta and the bank shared", SnippetOffset: 0},
		}}},
	}
	if err := s.PutArticle(context.Background(), a); err != nil {
		t.Fatalf("PutArticle = %v", err)
	}
	return a
}

// parsed is a received digest, taken apart.
type parsed struct {
	Header     mail.Header
	Text, HTML string
}

func parse(t *testing.T, r received) parsed {
	t.Helper()
	m, err := mail.ReadMessage(strings.NewReader(string(r.Data)))
	if err != nil {
		t.Fatalf("mail.ReadMessage = %v\n%s", err, r.Data)
	}
	mt, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("Content-Type = %q, %v, want multipart/alternative", m.Header.Get("Content-Type"), err)
	}
	p := parsed{Header: m.Header}
	mr := multipart.NewReader(m.Body, params["boundary"])
	for {
		part, err := mr.NextPart() // decodes quoted-printable
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("NextPart = %v", err)
		}
		body, err := io.ReadAll(part)
		if err != nil {
			t.Fatal(err)
		}
		switch ct := part.Header.Get("Content-Type"); {
		case strings.HasPrefix(ct, "text/plain"):
			p.Text = string(body)
		case strings.HasPrefix(ct, "text/html"):
			p.HTML = string(body)
		default:
			t.Errorf("unexpected part %q", ct)
		}
	}
	if p.Text == "" || p.HTML == "" {
		t.Fatalf("message lacks a text or an HTML part:\n%s", r.Data)
	}
	return p
}

// setup returns a worker on a fresh store that sends an hourly digest of
// rule r1 through the server srv.
func setup(t *testing.T, srv *mailServer, client *tls.Config, mode config.TLSMode, c *clock.Clock) (*Worker, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "news.db")
	return newWorker(t, openStore(t, path), srv, client, mode, c), path
}

func newWorker(t *testing.T, st *store.Store, srv *mailServer, client *tls.Config, mode config.TLSMode, c *clock.Clock) *Worker {
	m := &Mailer{Server: srv.addr, TLS: mode, Username: srv.user, Password: srv.pass, Timeout: 5 * time.Second, TLSConfig: client}
	return &Worker{
		Store: st,
		Alerts: config.Alerts{
			From: "newshound <alerts@example.org>",
			Digests: []config.Digest{
				{Name: "desk", To: []string{"desk@example.org", "editor@example.org"}, Schedule: config.Hourly, Rules: []string{"r1"}},
			},
			Spikes: config.Spikes{Disabled: true},
		},
		Rules:  []string{"r1", "r2"},
		Page:   Page{PublicURL: "https://news.example.org", Outlets: map[string]string{}},
		Mailer: m,
		Now:    c.Now,
	}
}

func step(t *testing.T, w *Worker) {
	t.Helper()
	if err := w.Step(context.Background()); err != nil {
		t.Fatalf("Step = %v", err)
	}
}

func TestDigestOverSTARTTLSWithAuth(t *testing.T) {
	serverTLS, clientTLS := testCert(t)
	srv := &mailServer{t: t, user: "nh", pass: "s3cret", tls: serverTLS}
	srv.start()
	c := clock.At(t0.Add(-30 * time.Minute))
	w, _ := setup(t, srv, clientTLS, config.TLSStartTLS, c)
	at, _ := config.ParseTimeOfDay("08:00")
	w.Alerts.Digests = append(w.Alerts.Digests, config.Digest{Name: "morning", To: []string{"all@example.org"}, Schedule: config.Daily, At: at})
	step(t, w) // 08:30: the periods to 08:00 had nothing
	a := flag(t, w.Store.(*store.Store), "https://news.test/a", "Bank <b>shares</b> & sells", "r1", t0.Add(-20*time.Minute))
	flag(t, w.Store.(*store.Store), "https://news.test/b", "Not for the desk", "r2", t0.Add(-10*time.Minute))
	if got := srv.messages(); len(got) != 0 {
		t.Fatalf("before the hour: %d messages, want none", len(got))
	}
	c.Set(t0.Add(time.Minute))
	step(t, w)
	step(t, w)
	msgs := srv.messages()
	if len(msgs) != 1 {
		t.Fatalf("after the hour: %d messages, want the desk's digest once", len(msgs))
	}
	r := msgs[0]
	if !r.TLS || r.User != "nh" || r.From != "alerts@example.org" || strings.Join(r.To, ",") != "desk@example.org,editor@example.org" {
		t.Errorf("envelope = tls %v, user %q, from %q, to %v; want TLS, nh, alerts@example.org, both recipients", r.TLS, r.User, r.From, r.To)
	}
	p := parse(t, r)
	dec := new(mime.WordDecoder)
	subject, _ := dec.DecodeHeader(p.Header.Get("Subject"))
	if subject != "newshound: 1 new story for desk" {
		t.Errorf("Subject = %q", subject)
	}
	if got := p.Header.Get("Message-ID"); !strings.HasPrefix(got, "<") || !strings.HasSuffix(got, "@newshound>") {
		t.Errorf("Message-ID = %q, want <id@newshound>", got)
	}
	link := "https://news.example.org/stories/" + a.ID
	for _, want := range []string{"Bank <b>shares</b> & sells", "The News Test, 10 Mar 2026 08:40 UTC; rule r1", link, "Meta and the [[bank]] shared people's data.", "[[Meta]] and the bank shared"} {
		if !strings.Contains(p.Text, want) {
			t.Errorf("text part lacks %q:\n%s", want, p.Text)
		}
	}
	for _, want := range []string{"Bank &lt;b&gt;shares&lt;/b&gt; &amp; sells", `href="` + link + `"`, "Meta and the <mark>bank</mark> shared people&#39;s data.", `href="https://news.test/a"`} {
		if !strings.Contains(p.HTML, want) {
			t.Errorf("HTML part lacks %q:\n%s", want, p.HTML)
		}
	}
	if strings.Contains(p.Text+p.HTML, "Not for the desk") {
		t.Errorf("the desk's digest lists a story of another rule")
	}
	c.Set(t0.Add(time.Hour + time.Minute)) // an hour without new flags
	step(t, w)
	if got := len(srv.messages()); got != 1 {
		t.Errorf("after an empty hour: %d messages, want still 1", got)
	}
}

func TestDigestSurvivesOutageAndRestart(t *testing.T) {
	srv := &mailServer{t: t}
	srv.start()
	srv.stop() // the mail server is down from the start
	c := clock.At(t0.Add(time.Minute))
	w, path := setup(t, srv, nil, config.TLSNone, c)
	flag(t, w.Store.(*store.Store), "https://news.test/a", "First story", "r1", t0.Add(-20*time.Minute))
	step(t, w)
	ns, _ := w.Store.Notices(context.Background())
	if len(ns) != 1 || ns[0].Attempts != 1 || !strings.Contains(ns[0].LastError, "connect") || !ns[0].Sent.IsZero() {
		t.Fatalf("after a failed attempt: %+v, want one notice, 1 attempt, a connect error, not sent", ns)
	}
	// A second period passes while the server is still down, and the
	// daemon restarts.
	flag(t, w.Store.(*store.Store), "https://news.test/b", "Second story", "r1", t0.Add(30*time.Minute))
	c.Set(t0.Add(time.Hour + time.Minute))
	step(t, w)
	if err := w.Store.(*store.Store).Close(); err != nil {
		t.Fatal(err)
	}
	w = newWorker(t, openStore(t, path), srv, nil, config.TLSNone, c)
	step(t, w) // within the backoff: nothing is tried
	srv.start()
	step(t, w)
	if got := srv.messages(); len(got) != 0 {
		t.Fatalf("within the backoff: %d messages, want none", len(got))
	}
	c.Set(t0.Add(2*time.Hour + time.Minute)) // past every backoff, and a third (empty) period
	step(t, w)
	step(t, w)
	msgs := srv.messages()
	if len(msgs) != 2 {
		t.Fatalf("after recovery: %d messages, want the two digests once each", len(msgs))
	}
	for i, want := range []string{"First story", "Second story"} {
		p := parse(t, msgs[i])
		if !strings.Contains(p.Text, want) || strings.Contains(p.Text, []string{"Second story", "First story"}[i]) {
			t.Errorf("digest %d:\n%s\nwant only %q", i+1, p.Text, want)
		}
	}
	ns, _ = w.Store.Notices(context.Background())
	for _, n := range ns {
		if n.Sent.IsZero() {
			t.Errorf("notice %s not marked sent", n.ID)
		}
	}
}

func TestMailerImplicitTLSAndRefusals(t *testing.T) {
	serverTLS, clientTLS := testCert(t)
	msg, err := Compose(Message{Subject: "hi", Text: "hello", HTML: "<p>hello</p>"}, "0123", "a@example.org", []string{"b@example.org"}, t0)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	t.Run("tls", func(t *testing.T) {
		srv := &mailServer{t: t, user: "nh", pass: "pw", tls: serverTLS, implicit: true}
		srv.start()
		m := &Mailer{Server: srv.addr, TLS: config.TLSImplicit, Username: "nh", Password: "pw", TLSConfig: clientTLS}
		if err := m.Send(ctx, "a@example.org", []string{"b@example.org"}, msg); err != nil {
			t.Fatalf("Send = %v", err)
		}
		if got := srv.messages(); len(got) != 1 || !got[0].TLS {
			t.Errorf("received %+v, want one message over TLS", got)
		}
	})
	t.Run("wrong password", func(t *testing.T) {
		srv := &mailServer{t: t, user: "nh", pass: "pw", tls: serverTLS}
		srv.start()
		m := &Mailer{Server: srv.addr, TLS: config.TLSStartTLS, Username: "nh", Password: "nope", TLSConfig: clientTLS}
		err := m.Send(ctx, "a@example.org", []string{"b@example.org"}, msg)
		var se *ServerError
		if !errors.As(err, &se) || se.Code != 535 {
			t.Errorf("Send(wrong password) = %v, want a 535 ServerError", err)
		}
		if len(srv.messages()) != 0 {
			t.Errorf("a message got through a failed login")
		}
	})
	t.Run("untrusted certificate", func(t *testing.T) {
		srv := &mailServer{t: t, tls: serverTLS}
		srv.start()
		m := &Mailer{Server: srv.addr, TLS: config.TLSStartTLS}
		if err := m.Send(ctx, "a@example.org", []string{"b@example.org"}, msg); err == nil || !strings.Contains(err.Error(), "certificate") {
			t.Errorf("Send(self-signed, not trusted) = %v, want a certificate error", err)
		}
	})
	t.Run("no starttls offered", func(t *testing.T) {
		srv := &mailServer{t: t}
		srv.start()
		m := &Mailer{Server: srv.addr, TLS: config.TLSStartTLS}
		if err := m.Send(ctx, "a@example.org", []string{"b@example.org"}, msg); err == nil || !strings.Contains(err.Error(), "does not offer STARTTLS") {
			t.Errorf("Send(plain server, starttls) = %v, want a refusal naming STARTTLS", err)
		}
		if len(srv.messages()) != 0 {
			t.Errorf("a message was sent in clear")
		}
	})
}

func TestPeriod(t *testing.T) {
	at, _ := config.ParseTimeOfDay("08:00")
	paris := time.FixedZone("CET", 3600)
	tests := []struct {
		d          config.Digest
		now        time.Time
		loc        *time.Location
		since, end string
	}{
		{config.Digest{Schedule: config.Hourly}, t0.Add(59 * time.Minute), nil, "2026-03-10T08:00:00Z", "2026-03-10T09:00:00Z"},
		{config.Digest{Schedule: config.Hourly}, t0, nil, "2026-03-10T08:00:00Z", "2026-03-10T09:00:00Z"},
		{config.Digest{Schedule: config.Daily, At: at}, t0, nil, "2026-03-09T08:00:00Z", "2026-03-10T08:00:00Z"},
		{config.Digest{Schedule: config.Daily, At: at}, t0.Add(-2 * time.Hour), nil, "2026-03-08T08:00:00Z", "2026-03-09T08:00:00Z"},
		{config.Digest{Schedule: config.Daily, At: at}, t0, paris, "2026-03-09T08:00:00+01:00", "2026-03-10T08:00:00+01:00"},
	}
	for _, tt := range tests {
		since, until := Period(tt.d, tt.now, tt.loc)
		if got := fmt.Sprint(since.Format(time.RFC3339), " ", until.Format(time.RFC3339)); got != tt.since+" "+tt.end {
			t.Errorf("Period(%s at %s, %s) = %s, want %s %s", tt.d.Schedule, tt.d.At, tt.now, got, tt.since, tt.end)
		}
	}
}
