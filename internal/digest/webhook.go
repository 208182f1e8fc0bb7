package digest

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"

	"github.com/zhwatch/zhwatch/internal/config"
)

// Webhook headers. The signature is "sha256=" and the hex HMAC-SHA256 of
// the body under the shared secret; a receiver recomputes it over the raw
// body and compares in constant time. The digest id is the idempotency key.
const (
	HeaderSignature   = "X-Zhwatch-Signature"
	HeaderDigestID    = "X-Zhwatch-Digest"
	HeaderIdempotency = "Idempotency-Key"
)

// webhookSender POSTs the JSON digest.
type webhookSender struct {
	url    string
	secret []byte
	client *http.Client
}

var _ Sender = (*webhookSender)(nil)

func openWebhook(d config.Delivery, env Env) (*webhookSender, error) {
	key, err := secret(env, "secret_env", d.SecretEnv)
	if err != nil {
		return nil, fmt.Errorf("webhook %s: %w", d.URL, err)
	}
	return &webhookSender{url: d.URL, secret: []byte(key), client: &http.Client{Timeout: d.Timeout}}, nil
}

func (s *webhookSender) Name() string { return "webhook " + s.url }

// Sign returns the signature header value for body under secret.
func Sign(secret, body []byte) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

func (s *webhookSender) Send(ctx context.Context, m *Message) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url, bytes.NewReader(m.JSON))
	if err != nil {
		return permanent(fmt.Errorf("webhook %s: %w", s.url, err))
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("User-Agent", "zhwatch-digest")
	req.Header.Set(HeaderSignature, Sign(s.secret, m.JSON))
	req.Header.Set(HeaderDigestID, m.ID)
	req.Header.Set(HeaderIdempotency, m.ID)
	resp, err := s.client.Do(req)
	if err != nil {
		return fmt.Errorf("webhook %s: %w", s.url, err) // refused, reset, timed out: retried
	}
	defer resp.Body.Close()
	detail, _ := io.ReadAll(io.LimitReader(resp.Body, 300)) //nolint:errcheck // only for the message
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return nil
	case resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusRequestTimeout:
		return fmt.Errorf("webhook %s: %s %s", s.url, resp.Status, bytes.TrimSpace(detail))
	}
	// Another 4xx will not change by asking again right away; the digest
	// stays pending and is tried again on the next round.
	return permanent(fmt.Errorf("webhook %s: %s %s", s.url, resp.Status, bytes.TrimSpace(detail)))
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
