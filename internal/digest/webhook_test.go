package digest_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/config"
	"github.com/zhwatch/zhwatch/internal/digest"
)

// hookServer checks each request's signature with the shared secret and
// answers with the next status of statuses (then 200).
type hookServer struct {
	mu       sync.Mutex
	secret   string
	statuses []int
	got      []hookRequest
}

type hookRequest struct {
	status      int
	signatureOK bool
	id, key     string
	body        []byte
	header      http.Header
}

func (h *hookServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	h.mu.Lock()
	defer h.mu.Unlock()
	status := http.StatusOK
	if len(h.statuses) > 0 {
		status, h.statuses = h.statuses[0], h.statuses[1:]
	}
	verr := digest.Verify([]byte(h.secret), r.Header, body, time.Now(), 5*time.Minute)
	h.got = append(h.got, hookRequest{status: status, header: r.Header.Clone(),
		signatureOK: r.Method == http.MethodPost && verr == nil,
		id:          r.Header.Get(digest.HeaderDigestID), key: r.Header.Get(digest.HeaderIdempotency), body: body})
	w.WriteHeader(status)
}

func TestWebhookSignedAndRetriedOn5xx(t *testing.T) {
	ctx := context.Background()
	hook := &hookServer{secret: "s3cret-的", statuses: []int{http.StatusBadGateway, http.StatusServiceUnavailable}}
	srv := httptest.NewServer(hook)
	defer srv.Close()

	clk := newClock()
	db := openDB(t, t.TempDir(), clk)
	a := put(t, db, "http://h/a.html", "出口管制新规", "出口管制新规发布。")
	clk.Advance(time.Hour)
	env := func(name string) (string, bool) {
		if name == "HOOK_SECRET" {
			return hook.secret, true
		}
		return "", false
	}
	wl := watchlist(config.Delivery{Type: "webhook", URL: srv.URL + "/zhwatch", SecretEnv: "HOOK_SECRET", Timeout: 5 * time.Second})
	r, err := digest.New(ctx, db, &storeFinder{db: db}, []config.Watchlist{wl}, digest.Options{Now: clk.Now, Env: env,
		Sleep: func(context.Context, time.Duration) error { return nil }})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	res, err := r.Run(ctx, "export-controls", digest.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(hook.got) != 3 {
		t.Fatalf("%d requests, want 3 (two 5xx, then 200)", len(hook.got))
	}
	for i, g := range hook.got {
		if !g.signatureOK || g.id != res.Digest.ID || g.key != res.Digest.ID {
			t.Errorf("request %d: signature ok %v, digest %q, idempotency key %q; want %s", i, g.signatureOK, g.id, g.key, res.Digest.ID)
		}
	}
	var body struct {
		Watchlist string `json:"watchlist"`
		Items     []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	if err := json.Unmarshal(hook.got[2].body, &body); err != nil || body.Watchlist != "export-controls" || len(body.Items) != 1 || body.Items[0].ID != a.ID {
		t.Errorf("body %s (%v)", hook.got[2].body, err)
	}
}

func TestWebhook4xxIsNotRetriedAtOnce(t *testing.T) {
	hook := &hookServer{secret: "k", statuses: []int{http.StatusUnauthorized}}
	srv := httptest.NewServer(hook)
	defer srv.Close()
	s, err := digest.Open(context.Background(), config.Delivery{Type: "webhook", URL: srv.URL, SecretEnv: "K", Timeout: time.Second},
		func(string) (string, bool) { return "k", true })
	if err != nil {
		t.Fatal(err)
	}
	msg, err := digest.NewMessage(hostile())
	if err != nil {
		t.Fatal(err)
	}
	err = s.Send(context.Background(), msg)
	if err == nil || !strings.Contains(err.Error(), "401") {
		t.Fatalf("err = %v, want the 401", err)
	}
	if !digest.IsPermanent(err) {
		t.Errorf("a 401 is retried at once: %v", err)
	}
}

func TestWebhookTimeoutIsRetried(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(300 * time.Millisecond):
		}
	}))
	defer srv.Close()
	s, err := digest.Open(context.Background(), config.Delivery{Type: "webhook", URL: srv.URL, SecretEnv: "K", Timeout: 100 * time.Millisecond},
		func(string) (string, bool) { return "k", true })
	if err != nil {
		t.Fatal(err)
	}
	msg, _ := digest.NewMessage(hostile())
	err = s.Send(context.Background(), msg)
	if err == nil || digest.IsPermanent(err) {
		t.Errorf("timeout: err = %v, want a retryable error", err)
	}
}

func TestOpenNeedsTheSecret(t *testing.T) {
	_, err := digest.Open(context.Background(), config.Delivery{Type: "webhook", URL: "http://127.0.0.1:1/", SecretEnv: "ZHWATCH_NOPE"},
		func(string) (string, bool) { return "", false })
	if !errors.Is(err, zhwatch.ErrInvalid) || !strings.Contains(err.Error(), "ZHWATCH_NOPE is not set") {
		t.Errorf("err = %v", err)
	}
}

// TestWebhookNotReplayable: the signature covers the timestamp and the
// idempotency key as well as the body, so a captured request fails
// verification once stale, or with another key or body.
func TestWebhookNotReplayable(t *testing.T) {
	hook := &hookServer{secret: "k"}
	srv := httptest.NewServer(hook)
	defer srv.Close()
	s, err := digest.Open(context.Background(), config.Delivery{Type: "webhook", URL: srv.URL, SecretEnv: "K", Timeout: time.Second},
		func(string) (string, bool) { return "k", true })
	if err != nil {
		t.Fatal(err)
	}
	msg, _ := digest.NewMessage(hostile())
	if err := s.Send(context.Background(), msg); err != nil {
		t.Fatal(err)
	}
	got := hook.got[0]
	if !got.signatureOK || got.header.Get(digest.HeaderTimestamp) == "" {
		t.Fatalf("first delivery: signature ok %v, timestamp %q", got.signatureOK, got.header.Get(digest.HeaderTimestamp))
	}
	secret := []byte("k")
	if err := digest.Verify(secret, got.header, got.body, time.Now().Add(6*time.Minute), 5*time.Minute); !errors.Is(err, digest.ErrStale) {
		t.Errorf("replayed 6 minutes later: err = %v, want ErrStale", err)
	}
	other := got.header.Clone()
	other.Set(digest.HeaderIdempotency, "another-digest")
	if err := digest.Verify(secret, other, got.body, time.Now(), 5*time.Minute); !errors.Is(err, digest.ErrBadSignature) {
		t.Errorf("another idempotency key: err = %v, want ErrBadSignature", err)
	}
	moved := got.header.Clone()
	moved.Set(digest.HeaderTimestamp, fmt.Sprint(time.Now().Unix()+60))
	if err := digest.Verify(secret, moved, got.body, time.Now(), 5*time.Minute); !errors.Is(err, digest.ErrBadSignature) {
		t.Errorf("a fresher timestamp on the old signature: err = %v, want ErrBadSignature", err)
	}
	if err := digest.Verify(secret, got.header, append(got.body, ' '), time.Now(), 5*time.Minute); !errors.Is(err, digest.ErrBadSignature) {
		t.Errorf("another body: err = %v, want ErrBadSignature", err)
	}
}

// TestWebhookSecretsRedacted: the delivery's stored name and its errors
// (logged, stored with the delivery) show no credential, path token or
// query token of the URL.
func TestWebhookSecretsRedacted(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusForbidden)
	}))
	defer srv.Close()
	secretURL := strings.Replace(srv.URL, "http://", "http://user:pa55word@", 1) + "/services/T0/B0/PATHTOKEN?token=QUERYTOKEN"
	s, err := digest.Open(context.Background(), config.Delivery{Type: "webhook", URL: secretURL, SecretEnv: "K", Timeout: time.Second},
		func(string) (string, bool) { return "k", true })
	if err != nil {
		t.Fatal(err)
	}
	msg, _ := digest.NewMessage(hostile())
	sendErr := s.Send(context.Background(), msg)
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	s2, _ := digest.Open(context.Background(), config.Delivery{Type: "webhook", URL: closed.URL + "/hook?token=QUERYTOKEN", SecretEnv: "K", Timeout: time.Second},
		func(string) (string, bool) { return "k", true })
	netErr := s2.Send(context.Background(), msg)
	if sendErr == nil || netErr == nil {
		t.Fatalf("errors %v, %v; want both deliveries to fail", sendErr, netErr)
	}
	for _, shown := range []string{s.Name(), s2.Name(), sendErr.Error(), netErr.Error()} {
		for _, secret := range []string{"pa55word", "user", "PATHTOKEN", "QUERYTOKEN"} {
			if strings.Contains(shown, secret) {
				t.Errorf("%q shows %s", shown, secret)
			}
		}
	}
	if !strings.HasPrefix(s.Name(), "webhook "+srv.URL+"/services/…") {
		t.Errorf("name %q should still say which host and service", s.Name())
	}
	if s.Name() == s2.Name() {
		t.Error("two webhooks got the same name")
	}
}
