package alerts

import (
	"cmp"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"net/textproto"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/config"
)

// DefaultTimeout bounds one delivery when Mailer.Timeout is zero: the
// default of alerts.smtp.timeout, so that the two cannot disagree.
const DefaultTimeout = config.DefaultSMTPTimeout

// Mailer sends email through one SMTP server with net/smtp: STARTTLS or
// TLS from the first byte, AUTH PLAIN when Username is set.
type Mailer struct {
	// Server is host:port.
	Server string
	// TLS is config.TLSStartTLS (the default), config.TLSImplicit or
	// config.TLSNone.
	TLS config.TLSMode
	// Username and Password log in with AUTH PLAIN; no login when empty.
	Username, Password string
	// Timeout bounds one Send. Zero means DefaultTimeout.
	Timeout time.Duration
	// TLSConfig is cloned for the connection; nil verifies the server
	// against the system's roots. ServerName defaults to Server's host.
	TLSConfig *tls.Config
	// LocalName is sent with EHLO; empty sends "localhost".
	LocalName string
}

// NewMailer returns the mailer of the alerts section's SMTP server.
func NewMailer(s config.SMTP) *Mailer {
	return &Mailer{Server: s.Server, TLS: s.TLS, Username: s.Username, Password: string(s.Password), Timeout: s.Timeout.D()}
}

// ServerError is the mail server's refusal of a message, with its SMTP
// reply code; a 5xx code is permanent.
type ServerError struct {
	// Code is the reply code, such as 535 or 550; Msg the server's text.
	Code int
	Msg  string
}

func (e *ServerError) Error() string {
	return fmt.Sprintf("the mail server answered %d %s", e.Code, e.Msg)
}

// Send delivers msg (headers and body, CRLF lines) from the envelope
// sender from to the recipients. It returns nil only once the server has
// accepted the message (its reply to the end of DATA); a refusal is a
// *ServerError, anything else a failure to reach or talk to the server.
func (m *Mailer) Send(ctx context.Context, from string, to []string, msg []byte) error {
	timeout := m.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	err := m.send(ctx, from, to, msg)
	if err == nil {
		return nil
	}
	var te *textproto.Error
	if errors.As(err, &te) {
		return fmt.Errorf("alerts: send through %s: %w", m.Server, &ServerError{Code: te.Code, Msg: te.Msg})
	}
	if ctx.Err() != nil && !errors.Is(err, context.Canceled) {
		err = fmt.Errorf("%w (no answer within %s)", err, timeout)
	}
	return fmt.Errorf("alerts: send through %s: %w", m.Server, err)
}

func (m *Mailer) send(ctx context.Context, from string, to []string, msg []byte) error {
	host, _, err := net.SplitHostPort(m.Server)
	if err != nil {
		return fmt.Errorf("server %q is not host:port: %w", m.Server, err)
	}
	tc := &tls.Config{}
	if m.TLSConfig != nil {
		tc = m.TLSConfig.Clone()
	}
	if tc.ServerName == "" {
		tc.ServerName = host
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", m.Server)
	if err != nil {
		return err
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { _ = conn.Close() }) // net/smtp takes no context
	defer stop()
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	if m.TLS == config.TLSImplicit {
		tconn := tls.Client(conn, tc)
		if err := tconn.HandshakeContext(ctx); err != nil {
			return fmt.Errorf("tls: %w", err)
		}
		conn = tconn
	}
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.Hello(cmp.Or(m.LocalName, "localhost")); err != nil {
		return err
	}
	if m.TLS == "" || m.TLS == config.TLSStartTLS {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return errors.New("the server does not offer STARTTLS (set alerts.smtp.tls: tls for a server that speaks TLS from the start, usually on port 465)")
		}
		if err := c.StartTLS(tc); err != nil {
			return fmt.Errorf("starttls: %w", err)
		}
	}
	if m.Username != "" {
		if ok, _ := c.Extension("AUTH"); !ok {
			return errors.New("the server offers no login (AUTH) but alerts.smtp.username is set")
		}
		if err := c.Auth(smtp.PlainAuth("", m.Username, m.Password, host)); err != nil {
			return err
		}
	}
	if err := c.Mail(from); err != nil {
		return err
	}
	for _, r := range to {
		if err := c.Rcpt(r); err != nil {
			return err
		}
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(msg); err != nil {
		return err
	}
	if err := w.Close(); err != nil { // the server's acceptance, or not
		return err
	}
	_ = c.Quit() // accepted: a failed QUIT does not undo it
	return nil
}
