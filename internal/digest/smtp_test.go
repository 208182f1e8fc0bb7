package digest_test

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zhwatch/zhwatch/internal/config"
	"github.com/zhwatch/zhwatch/internal/digest"
)

// smtpServer is the aiosmtpd server the SMTP test talks to: STARTTLS
// required, AUTH required after it, every message written to a folder
// with what the server saw of the session.
const smtpServer = `
import json, os, ssl, sys, time
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

port, out, cert, key, user, password = sys.argv[1:7]

class Handler:
    async def handle_DATA(self, server, session, envelope):
        n = len([f for f in os.listdir(out) if f.endswith(".eml")])
        with open(os.path.join(out, "msg%d.eml" % n), "wb") as f:
            f.write(envelope.original_content)
        with open(os.path.join(out, "msg%d.json" % n), "w") as f:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                       "tls": session.ssl is not None, "authenticated": bool(session.authenticated)}, f)
        return "250 Message accepted for delivery"

def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user and auth_data.password.decode() == password
    return AuthResult(success=ok, handled=False)

tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
tls.load_cert_chain(cert, key)
controller = Controller(Handler(), hostname="127.0.0.1", port=int(port), tls_context=tls, require_starttls=True,
                        authenticator=authenticator, auth_require_tls=True, auth_exclude_mechanism=["LOGIN"])
controller.start()
print("READY", flush=True)
while True:
    time.sleep(3600)
`

// TestSMTPDelivery sends a digest to a real SMTP server on loopback
// (Debian's python3-aiosmtpd) over STARTTLS with AUTH PLAIN, and checks
// what arrived: headers, the UTF-8 subject, the text and HTML parts.
func TestSMTPDelivery(t *testing.T) {
	if os.Getenv("ZHWATCH_SMTP_TEST") != "1" {
		t.Skip("set ZHWATCH_SMTP_TEST=1 to run against a local aiosmtpd (apt-get install python3-aiosmtpd)")
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "mail")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	cert, key := writeCert(t, dir)
	script := filepath.Join(dir, "smtpd.py")
	if err := os.WriteFile(script, []byte(smtpServer), 0o644); err != nil {
		t.Fatal(err)
	}
	port := freePort(t)
	const user, password = "zhwatch", "pässwörd-密码"
	python := os.Getenv("ZHWATCH_SMTP_PYTHON")
	if python == "" {
		python = "python3"
		if _, err := os.Stat("/usr/bin/python3"); err == nil {
			python = "/usr/bin/python3" // Debian's, which has the python3-aiosmtpd module
		}
	}
	srv := exec.Command(python, script, strconv.Itoa(port), out, cert, key, user, password)
	stdout, err := srv.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	srv.Stderr = &stderr
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		srv.Process.Kill() //nolint:errcheck // stopping our own server
		srv.Wait()         //nolint:errcheck // killed
	})
	ready := make(chan bool, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		ready <- strings.TrimSpace(line) == "READY"
		io.Copy(io.Discard, stdout) //nolint:errcheck // drain
	}()
	select {
	case ok := <-ready:
		if !ok {
			srv.Wait() //nolint:errcheck // it failed; its stderr says why
			t.Fatalf("aiosmtpd did not start:\n%s", stderr.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("aiosmtpd did not start in 20s:\n%s", stderr.String())
	}

	ctx := context.Background()
	env := func(name string) (string, bool) {
		if name == "ZHWATCH_SMTP_PASSWORD" {
			return password, true
		}
		return "", false
	}
	d := config.Delivery{Type: "smtp", Host: "127.0.0.1", Port: port, Username: user, PasswordEnv: "ZHWATCH_SMTP_PASSWORD",
		From: "zhwatch 监测 <zhwatch@example.org>", To: []string{"reader@example.org", "研究组 <team@example.org>"},
		StartTLS: true, CAFile: cert, Timeout: 10 * time.Second}
	s, err := digest.Open(ctx, d, env)
	if err != nil {
		t.Fatal(err)
	}
	dg := hostile()
	msg, err := digest.NewMessage(dg)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Send(ctx, msg); err != nil {
		t.Fatalf("send: %v\nserver:\n%s", err, stderr.String())
	}

	var meta struct {
		MailFrom      string   `json:"mail_from"`
		RcptTos       []string `json:"rcpt_tos"`
		TLS           bool     `json:"tls"`
		Authenticated bool     `json:"authenticated"`
	}
	if err := json.Unmarshal([]byte(readFile(t, filepath.Join(out, "msg0.json"))), &meta); err != nil {
		t.Fatal(err)
	}
	if !meta.TLS || !meta.Authenticated || meta.MailFrom != "zhwatch@example.org" ||
		strings.Join(meta.RcptTos, ",") != "reader@example.org,team@example.org" {
		t.Errorf("session %+v", meta)
	}

	raw := readFile(t, filepath.Join(out, "msg0.eml"))
	m, err := mail.ReadMessage(strings.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	h := m.Header
	if rawSubject := h.Get("Subject"); !strings.HasPrefix(rawSubject, "=?utf-8?b?") {
		t.Errorf("Subject not RFC 2047 encoded: %q", rawSubject)
	}
	var dec mime.WordDecoder
	if subject, err := dec.DecodeHeader(h.Get("Subject")); err != nil || subject != digest.Subject(dg) {
		t.Errorf("Subject decodes to %q (%v), want %q", subject, err, digest.Subject(dg))
	}
	if got, want := h.Get("Message-ID"), "<"+dg.ID+"@example.org>"; got != want {
		t.Errorf("Message-ID %q, want %q", got, want)
	}
	if from, err := mail.ParseAddress(h.Get("From")); err != nil || from.Name != "zhwatch 监测" || from.Address != "zhwatch@example.org" {
		t.Errorf("From %q: %+v %v", h.Get("From"), from, err)
	}
	if to, err := h.AddressList("To"); err != nil || len(to) != 2 || to[1].Name != "研究组" {
		t.Errorf("To %q: %v", h.Get("To"), err)
	}
	if h.Get("Date") == "" || h.Get(digest.HeaderDigestID) != dg.ID || h.Get("MIME-Version") != "1.0" {
		t.Errorf("headers %v", h)
	}
	mediaType, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil || mediaType != "multipart/alternative" {
		t.Fatalf("Content-Type %q", h.Get("Content-Type"))
	}
	parts := map[string]string{}
	mr := multipart.NewReader(m.Body, params["boundary"])
	for {
		p, err := mr.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if p.Header.Get("Content-Transfer-Encoding") != "quoted-printable" {
			t.Errorf("part %s: transfer encoding %q", p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"))
		}
		body, err := io.ReadAll(quotedprintable.NewReader(p))
		if err != nil {
			t.Fatal(err)
		}
		parts[p.Header.Get("Content-Type")] = strings.ReplaceAll(string(body), "\r\n", "\n") // lines travel as CRLF
	}
	if text := parts["text/plain; charset=utf-8"]; text != msg.Markdown || !strings.Contains(text, "**出口管制**") {
		t.Errorf("text part differs from the Markdown:\n%s", text)
	}
	if html := parts["text/html; charset=utf-8"]; html != msg.HTML || !strings.Contains(html, `<mark style="`) {
		t.Errorf("HTML part differs from the rendered HTML")
	}
	if len(parts) != 2 {
		t.Errorf("parts %v", len(parts))
	}

	// A wrong password is refused, and not retried at once.
	wrong := func(string) (string, bool) { return "wrong", true }
	bad, err := digest.Open(ctx, d, wrong)
	if err != nil {
		t.Fatal(err)
	}
	if err := bad.Send(ctx, msg); err == nil || !digest.IsPermanent(err) || !strings.Contains(err.Error(), "535") {
		t.Errorf("wrong password: %v, want a permanent 535", err)
	}
	// Without our CA the server's certificate is not trusted.
	d.CAFile = ""
	untrusted, err := digest.Open(ctx, d, env)
	if err != nil {
		t.Fatal(err)
	}
	if err := untrusted.Send(ctx, msg); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("self-signed certificate accepted without ca_file: %v", err)
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// writeCert writes a self-signed certificate for 127.0.0.1 and its key.
func writeCert(t *testing.T, dir string) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "zhwatch test SMTP"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, BasicConstraintsValid: true, IsCA: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	return certFile, keyFile
}
