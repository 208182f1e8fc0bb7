package digest

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/config"
)

// Webhook headers. A delivery is signed over its timestamp, its
// idempotency key (the digest id) and its body, so a captured request
// cannot be replayed later (the timestamp goes stale) nor with another key:
//
//	X-Zhwatch-Signature: sha256=hex(HMAC-SHA256(secret, timestamp + "." + key + "." + body))
//
// A receiver recomputes it over the raw body, compares in constant time,
// rejects a timestamp too far from its clock (Verify uses 5 minutes) and
// keeps the keys it has seen within that window to drop a replay inside it.
const (
	HeaderSignature   = "X-Zhwatch-Signature"
	HeaderTimestamp   = "X-Zhwatch-Timestamp" // Unix seconds when the request was signed
	HeaderDigestID    = "X-Zhwatch-Digest"
	HeaderIdempotency = "Idempotency-Key"
)

// webhookSender POSTs the JSON digest.
type webhookSender struct {
	url    string
	shown  string // url redacted, for names, logs and errors
	secret []byte
	client *http.Client
	now    func() time.Time // the wall clock: receivers compare the timestamp with theirs
}

var _ Sender = (*webhookSender)(nil)

func openWebhook(d config.Delivery, env Env) (*webhookSender, error) {
	shown := RedactURL(d.URL)
	key, err := secret(env, "secret_env", d.SecretEnv)
	if err != nil {
		return nil, fmt.Errorf("webhook %s: %w", shown, err)
	}
	return &webhookSender{url: d.URL, shown: shown, secret: []byte(key),
		client: &http.Client{Timeout: d.Timeout}, now: time.Now}, nil
}

// Name is stored with each delivery's state and logged, so it holds no
// secret: the URL redacted, and a short hash of the whole URL so that two
// webhooks on one host keep apart.
func (s *webhookSender) Name() string {
	sum := sha256.Sum256([]byte(s.url))
	return "webhook " + s.shown + " #" + hex.EncodeToString(sum[:4])
}

// RedactURL shows a URL without what may be a credential: the user
// information, the query and the fragment go, and the path is cut to its
// first segment (hook services put tokens in the path:
// /services/T0/B0/XXXX). https://u:p@hooks.example.org/services/T0/B0/x?token=y
// shows as https://hooks.example.org/services/…
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "(unparsable URL)"
	}
	shown := u.Scheme + "://" + u.Host
	path := strings.Trim(u.EscapedPath(), "/")
	first, rest, _ := strings.Cut(path, "/")
	switch {
	case path == "":
	case rest == "" && u.RawQuery == "":
		shown += "/" + first
	default:
		shown += "/" + first + "/…"
	}
	if rest == "" && u.RawQuery != "" {
		shown += "?…"
	}
	return shown
}

// Sign returns the signature header value of one delivery: HMAC-SHA256
// under secret of timestamp (Unix seconds), key and body joined by dots.
func Sign(secret []byte, timestamp int64, key string, body []byte) string {
	mac := hmac.New(sha256.New, secret)
	fmt.Fprintf(mac, "%d.%s.", timestamp, key)
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// Errors of Verify.
var (
	ErrBadSignature = errors.New("webhook signature does not match")
	ErrStale        = errors.New("webhook timestamp too far from now")
)

// Verify checks a received delivery as a Go receiver would: the signature
// over the timestamp, key and body, and the timestamp within tolerance of
// now. A receiver must still drop a key it has already seen.
func Verify(secret []byte, h http.Header, body []byte, now time.Time, tolerance time.Duration) error {
	ts, err := strconv.ParseInt(h.Get(HeaderTimestamp), 10, 64)
	if err != nil {
		return fmt.Errorf("%s %q: %w", HeaderTimestamp, h.Get(HeaderTimestamp), ErrBadSignature)
	}
	want := Sign(secret, ts, h.Get(HeaderIdempotency), body)
	if !hmac.Equal([]byte(h.Get(HeaderSignature)), []byte(want)) {
		return ErrBadSignature
	}
	if d := now.Sub(time.Unix(ts, 0)); d > tolerance || d < -tolerance {
		return fmt.Errorf("signed %s ago: %w", d.Round(time.Second), ErrStale)
	}
	return nil
}

func (s *webhookSender) Send(ctx context.Context, m *Message) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url, bytes.NewReader(m.JSON))
	if err != nil {
		return permanent(fmt.Errorf("webhook %s: %w", s.shown, unwrapURLError(err)))
	}
	ts := s.now().Unix()
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("User-Agent", "zhwatch-digest")
	req.Header.Set(HeaderTimestamp, strconv.FormatInt(ts, 10))
	req.Header.Set(HeaderSignature, Sign(s.secret, ts, m.ID, m.JSON))
	req.Header.Set(HeaderDigestID, m.ID)
	req.Header.Set(HeaderIdempotency, m.ID)
	resp, err := s.client.Do(req)
	if err != nil {
		// refused, reset, timed out: retried. *url.Error would print the
		// whole URL, token included.
		return fmt.Errorf("webhook %s: %w", s.shown, unwrapURLError(err))
	}
	defer resp.Body.Close()
	detail, _ := io.ReadAll(io.LimitReader(resp.Body, 300)) //nolint:errcheck // only for the message
	detail = []byte(zhwatch.StripControls(string(bytes.TrimSpace(detail))))
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return nil
	case resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusRequestTimeout:
		return fmt.Errorf("webhook %s: %s %s", s.shown, resp.Status, detail)
	}
	// Another 4xx will not change by asking again right away; the digest
	// stays pending and is tried again on the next round.
	return permanent(fmt.Errorf("webhook %s: %s %s", s.shown, resp.Status, detail))
}

// unwrapURLError drops the URL net/http wraps around its errors.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s: %w", ue.Op, ue.Err)
	}
	return err
}

func (s *webhookSender) Close() error {
	s.client.CloseIdleConnections()
	return nil
}

// permanentError is a delivery failure that retrying within one run will
// not fix (a rejected request, a refused login).
type permanentError struct{ err error }

func (e permanentError) Error() string { return e.err.Error() }
func (e permanentError) Unwrap() error { return e.err }

func permanent(err error) error { return permanentError{err} }
