package digest

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/zhwatch/zhwatch/internal/config"
)

// smtpSender mails each digest as multipart/alternative (the Markdown as
// text, the HTML), over STARTTLS with AUTH PLAIN when a username is set.
// The Message-ID is made from the digest id, so a resent digest is the
// same message to every mail system that deduplicates.
type smtpSender struct {
	host     string
	port     int
	username string
	password string
	from     *mail.Address
	to       []*mail.Address
	startTLS bool
	roots    *x509.CertPool // nil: the system's
	timeout  time.Duration
}

var _ Sender = (*smtpSender)(nil)

func openSMTP(d config.Delivery, env Env) (*smtpSender, error) {
	s := &smtpSender{host: d.Host, port: d.Port, username: d.Username, startTLS: d.StartTLS, timeout: d.Timeout}
	var err error
	if s.from, err = mail.ParseAddress(d.From); err != nil {
		return nil, fmt.Errorf("smtp from %q: %w", d.From, err)
	}
	for _, to := range d.To {
		a, err := mail.ParseAddress(to)
		if err != nil {
			return nil, fmt.Errorf("smtp to %q: %w", to, err)
		}
		s.to = append(s.to, a)
	}
	if d.Username != "" {
		if s.password, err = secret(env, "password_env", d.PasswordEnv); err != nil {
			return nil, fmt.Errorf("smtp %s: %w", d.Host, err)
		}
	}
	if d.CAFile != "" {
		pem, err := os.ReadFile(d.CAFile)
		if err != nil {
			return nil, fmt.Errorf("smtp %s: ca_file: %w", d.Host, err)
		}
		s.roots = x509.NewCertPool()
		if !s.roots.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("smtp %s: ca_file %s: no PEM certificates in it", d.Host, d.CAFile)
		}
	}
	return s, nil
}

func (s *smtpSender) addr() string { return net.JoinHostPort(s.host, strconv.Itoa(s.port)) }

func (s *smtpSender) Name() string {
	to := make([]string, len(s.to))
	for i, a := range s.to {
		to[i] = a.Address
	}
	return "smtp " + s.addr() + " " + strings.Join(to, ",")
}

func (s *smtpSender) Close() error { return nil }

func (s *smtpSender) Send(ctx context.Context, m *Message) error {
	msg, err := s.compose(m)
	if err != nil {
		return permanent(err)
	}
	d := net.Dialer{Timeout: s.timeout}
	conn, err := d.DialContext(ctx, "tcp", s.addr())
	if err != nil {
		return fmt.Errorf("smtp %s: %w", s.addr(), err)
	}
	deadline := time.Now().Add(s.timeout)
	if dl, ok := ctx.Deadline(); ok && dl.Before(deadline) {
		deadline = dl
	}
	if err := conn.SetDeadline(deadline); err != nil {
		conn.Close()
		return fmt.Errorf("smtp %s: %w", s.addr(), err)
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() }) // a cancelled run does not wait for the server
	defer stop()
	c, err := smtp.NewClient(conn, s.host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("smtp %s: %w", s.addr(), err)
	}
	defer c.Close()
	if err := s.session(c, msg); err != nil {
		return fmt.Errorf("smtp %s: %w", s.addr(), err)
	}
	return nil
}

func (s *smtpSender) session(c *smtp.Client, msg []byte) error {
	if s.startTLS {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return permanent(errors.New("server does not offer STARTTLS (set starttls: false only for a server on this machine)"))
		}
		if err := c.StartTLS(&tls.Config{ServerName: s.host, RootCAs: s.roots, MinVersion: tls.VersionTLS12}); err != nil {
			return fmt.Errorf("starttls: %w", err)
		}
	}
	if s.username != "" {
		if ok, _ := c.Extension("AUTH"); !ok {
			return permanent(errors.New("server does not offer AUTH"))
		}
		if err := c.Auth(smtp.PlainAuth("", s.username, s.password, s.host)); err != nil {
			return permanentIf5xx(fmt.Errorf("auth as %s: %w", s.username, err))
		}
	}
	if err := c.Mail(s.from.Address); err != nil {
		return permanentIf5xx(fmt.Errorf("mail from %s: %w", s.from.Address, err))
	}
	for _, to := range s.to {
		if err := c.Rcpt(to.Address); err != nil {
			return permanentIf5xx(fmt.Errorf("rcpt to %s: %w", to.Address, err))
		}
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("data: %w", err)
	}
	if _, err := w.Write(msg); err != nil {
		w.Close()
		return fmt.Errorf("data: %w", err)
	}
	if err := w.Close(); err != nil {
		return permanentIf5xx(fmt.Errorf("data: %w", err))
	}
	return c.Quit()
}

// permanentIf5xx marks a 5xx SMTP reply as not worth retrying at once.
func permanentIf5xx(err error) error {
	var te *textproto.Error
	if errors.As(err, &te) && te.Code >= 500 {
		return permanent(err)
	}
	return err
}

// compose writes the mail: headers (the subject and names RFC 2047
// encoded), then text and HTML parts, quoted-printable UTF-8.
func (s *smtpSender) compose(m *Message) ([]byte, error) {
	var b bytes.Buffer
	to := make([]string, len(s.to))
	for i, a := range s.to {
		to[i] = a.String()
	}
	domain := s.from.Address[strings.LastIndexByte(s.from.Address, '@')+1:]
	mw := multipart.NewWriter(&b)
	header := []string{
		"From: " + s.from.String(),
		"To: " + strings.Join(to, ", "),
		"Subject: " + mime.BEncoding.Encode("utf-8", m.Subject),
		"Date: " + m.Digest.Until.Format(time.RFC1123Z),
		"Message-ID: <" + m.ID + "@" + domain + ">",
		HeaderDigestID + ": " + m.ID,
		"MIME-Version: 1.0",
		"Content-Type: multipart/alternative; boundary=" + mw.Boundary(),
	}
	// The multipart writer writes on CreatePart only: the headers go first.
	for _, h := range header {
		b.WriteString(h + "\r\n")
	}
	b.WriteString("\r\n")
	for _, part := range []struct{ typ, body string }{
		{"text/plain; charset=utf-8", m.Markdown},
		{"text/html; charset=utf-8", m.HTML},
	} {
		pw, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {part.typ},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		if err != nil {
			return nil, fmt.Errorf("compose mail: %w", err)
		}
		qp := quotedprintable.NewWriter(pw)
		if _, err := qp.Write([]byte(part.body)); err != nil {
			return nil, fmt.Errorf("compose mail: %w", err)
		}
		if err := qp.Close(); err != nil {
			return nil, fmt.Errorf("compose mail: %w", err)
		}
	}
	if err := mw.Close(); err != nil {
		return nil, fmt.Errorf("compose mail: %w", err)
	}
	return b.Bytes(), nil
}
