package alerts

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"log"
	"math/big"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// received is one message the test server accepted.
type received struct {
	From string
	To   []string
	Data []byte
	TLS  bool
	User string
}

// mailServer is a real SMTP server on loopback (emersion/go-smtp) that
// keeps what it accepts. It can be stopped and started again on the same
// address to play an outage.
type mailServer struct {
	t    *testing.T
	addr string
	// user and pass, when set, are required (AUTH PLAIN) before MAIL.
	user, pass string
	tls        *tls.Config // offered with STARTTLS, or from the first byte when implicit
	implicit   bool

	mu   sync.Mutex
	msgs []received
	srv  *smtp.Server
	ln   net.Listener
}

// testCert returns a server config for 127.0.0.1 and a client config that
// trusts it.
func testCert(t *testing.T) (server, client *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "newshound test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}},
		&tls.Config{RootCAs: pool}
}

// start serves on m.addr (a new loopback port the first time).
func (m *mailServer) start() {
	m.t.Helper()
	addr := m.addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		m.t.Fatalf("listen on %s: %v", addr, err)
	}
	m.addr = ln.Addr().String()
	if m.implicit {
		ln = tls.NewListener(ln, m.tls)
	}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) { return &session{m: m, c: c}, nil }))
	srv.Domain = "localhost"
	srv.ErrorLog = log.New(io.Discard, "", 0)
	srv.ReadTimeout, srv.WriteTimeout = 5*time.Second, 5*time.Second
	if !m.implicit {
		srv.TLSConfig = m.tls
	}
	srv.AllowInsecureAuth = m.tls == nil
	m.mu.Lock()
	m.srv, m.ln = srv, ln
	m.mu.Unlock()
	go func() { _ = srv.Serve(ln) }()
	m.t.Cleanup(m.stop)
}

// stop closes the listener and every connection.
func (m *mailServer) stop() {
	m.mu.Lock()
	srv, ln := m.srv, m.ln
	m.srv, m.ln = nil, nil
	m.mu.Unlock()
	if srv != nil {
		_ = ln.Close() // Serve may not have taken it yet
		_ = srv.Close()
	}
}

func (m *mailServer) messages() []received {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]received(nil), m.msgs...)
}

type session struct {
	m    *mailServer
	c    *smtp.Conn
	user string
	from string
	to   []string
}

func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, user, pass string) error {
		if user != s.m.user || pass != s.m.pass {
			return smtp.ErrAuthFailed
		}
		s.user = user
		return nil
	}), nil
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if s.m.user != "" && s.user == "" {
		return &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "authentication required"}
	}
	s.from = from
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	_, tlsOn := s.c.TLSConnectionState()
	s.m.mu.Lock()
	s.m.msgs = append(s.m.msgs, received{From: s.from, To: s.to, Data: data, TLS: tlsOn, User: s.user})
	s.m.mu.Unlock()
	return nil
}

func (s *session) Reset()        { s.from, s.to = "", nil }
func (s *session) Logout() error { return nil }
