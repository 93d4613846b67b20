package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/newshound/newshound/internal/simweb"
	"github.com/newshound/newshound/internal/testkit"
)

// sink is a real SMTP server on loopback that keeps the messages.
type sink struct {
	mu   sync.Mutex
	to   [][]string
	msgs []string
}

type sinkSession struct {
	s  *sink
	to []string
}

func (x *sinkSession) Reset()                               { x.to = nil }
func (x *sinkSession) Logout() error                        { return nil }
func (x *sinkSession) Mail(string, *smtp.MailOptions) error { return nil }
func (x *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.to = append(x.to, to)
	return nil
}
func (x *sinkSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	x.s.mu.Lock()
	x.s.to, x.s.msgs = append(x.s.to, x.to), append(x.s.msgs, string(b))
	x.s.mu.Unlock()
	return err
}

func startSink(t *testing.T) (*sink, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &sink{}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &sinkSession{s: s}, nil }))
	srv.Domain, srv.ErrorLog = "localhost", log.New(io.Discard, "", 0)
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = ln.Close(); _ = srv.Close() })
	return s, ln.Addr().String()
}

func TestAlertsTestSendsASample(t *testing.T) {
	s, addr := startSink(t)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.yaml")
	yaml := "storage: {path: news.db}\nalerts:\n  from: newshound <alerts@example.org>\n  smtp: {server: '" + addr + "', tls: none}\n" +
		"  digests:\n    - {name: desk, to: [desk@example.org, ed@example.org], schedule: hourly}\n    - {name: boss, to: [boss@example.org]}\n"
	if err := os.WriteFile(cfg, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"alerts", "test", "--config", cfg, "--alert", "desk"}, &out, &errOut); err != nil {
		t.Fatalf("alerts test = %v\n%s", err, errOut.String())
	}
	if !strings.Contains(out.String(), "desk: "+addr+" accepted a sample digest for desk@example.org, ed@example.org") {
		t.Errorf("output = %q, want the server's acceptance", out.String())
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.msgs) != 1 || strings.Join(s.to[0], ",") != "desk@example.org,ed@example.org" ||
		!strings.Contains(s.msgs[0], "Subject: newshound: sample digest for desk") || !strings.Contains(s.msgs[0], "[[bank]]") {
		t.Errorf("received %d messages to %v:\n%s\nwant the sample digest to desk's recipients", len(s.msgs), s.to, s.msgs)
	}
	err := run(context.Background(), []string{"alerts", "test", "--config", cfg, "--alert", "nosuch"}, &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), `no digest named "nosuch" (the digests are: desk, boss)`) {
		t.Errorf("alerts test --alert nosuch = %v, want an error naming the digests", err)
	}
}

func TestAlertsTestReportsAnUnreachableServer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	cfg := filepath.Join(t.TempDir(), "config.yaml")
	yaml := "alerts:\n  from: a@example.org\n  smtp: {server: '" + addr + "', tls: none}\n  digests:\n    - {name: desk, to: [desk@example.org]}\n"
	if err := os.WriteFile(cfg, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	err = run(context.Background(), []string{"alerts", "test", "--config", cfg}, &out, &errOut)
	if err == nil || !strings.Contains(out.String(), "desk: not sent to desk@example.org") || !strings.Contains(err.Error(), "connection refused") {
		t.Errorf("alerts test (server down) = %v, output %q; want an error and a line saying it was not sent", err, out.String())
	}
}

// TestRunDaemonSendsTheDigestOfACronCrawl is the whole path: a crawl (as
// from cron) flags stories and logs them; the daemon started after it
// sends them in the digest of the hour that just ended, once, with the
// story page links of server.public_url.
func TestRunDaemonSendsTheDigestOfACronCrawl(t *testing.T) {
	t.Parallel()
	s, addr := startSink(t)
	f := newFixture(t, simweb.Options{Hosts: 2, ArticlesPerHost: 5})
	conf, err := os.ReadFile(f.config)
	if err != nil {
		t.Fatal(err)
	}
	conf = bytes.Replace(conf, []byte("server:\n"), []byte("server:\n  public_url: https://news.example.org\n"), 1)
	conf = append(conf, "alerts:\n  from: newshound <alerts@example.org>\n  smtp: {server: '"+addr+"', tls: none}\n"+
		"  digests:\n    - {name: desk, to: [desk@example.org], schedule: hourly}\n"...)
	if err := os.WriteFile(f.config, conf, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stderr, err := newshound(t, "crawl", "--config", f.config); err != nil {
		t.Fatalf("crawl = %v\n%s", err, stderr)
	}
	flagged := f.flaggedURLs()
	if len(flagged) == 0 {
		t.Fatal("the fixture flags no story")
	}
	cmd, logs := startDaemon(t, f)
	got := func() []string { s.mu.Lock(); defer s.mu.Unlock(); return append([]string(nil), s.msgs...) }
	testkit.WaitFor(t, "the digest", 60*time.Second, func() bool { return len(got()) > 0 })
	stopDaemon(t, cmd, logs)
	msgs := got()
	if len(msgs) != 1 {
		t.Fatalf("received %d messages, want the one digest", len(msgs))
	}
	m, err := mail.ReadMessage(strings.NewReader(msgs[0]))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(m.Body)
	text := strings.NewReplacer("=\r\n", "", "=3D", "=").Replace(string(body)) // enough quoted-printable for the links
	if n := strings.Count(text, "https://news.example.org/stories/"); n < 2*len(flagged) {
		t.Errorf("the digest links %d story pages, want the %d flagged stories in both parts:\n%s", n, len(flagged), text)
	}
	if want := fmt.Sprintf("newshound: %d new ", len(flagged)); !strings.HasPrefix(m.Header.Get("Subject"), want) {
		t.Errorf("Subject = %q, want it to start %q", m.Header.Get("Subject"), want)
	}
}
