package netguard

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"testing"
)

func TestForbidden(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1": true, "10.1.2.3": true, "172.16.0.1": true, "192.168.1.1": true,
		"169.254.169.254": true, "0.0.0.0": true, "224.0.0.1": true, "100.64.0.1": true,
		"255.255.255.255": true, "::1": true, "::": true, "fe80::1": true, "fc00::1": true,
		"ff02::1": true, "::ffff:127.0.0.1": true, "::ffff:10.0.0.1": true, "64:ff9b::a9fe:a9fe": true,
		"8.8.8.8": false, "202.108.22.5": false, "2001:4860:4860::8888": false, "::ffff:8.8.8.8": false,
	} {
		if got := Forbidden(netip.MustParseAddr(addr)); got != want {
			t.Errorf("Forbidden(%s) = %v, want %v", addr, got, want)
		}
	}
}

func TestHostAllowed(t *testing.T) {
	hosts := []string{"www.gov.cn", "news.example:443", "127.0.0.1:8765", "[::1]:9000"}
	for raw, want := range map[string]bool{
		"http://www.gov.cn/a": true, "https://www.gov.cn/a": true, "http://WWW.GOV.CN./a": true,
		"http://www.gov.cn:8080/a": false, "https://www.gov.cn:443/": true,
		"https://news.example/": true, "https://news.example:443/": true, "http://news.example/": false,
		"http://127.0.0.1:8765/": true, "http://127.0.0.1:8766/": false, "http://127.0.0.1/": false,
		"http://[::1]:9000/": true, "http://evil.example/": false,
	} {
		u, _ := url.Parse(raw)
		if got := HostAllowed(hosts, u); got != want {
			t.Errorf("HostAllowed(%s) = %v, want %v", raw, got, want)
		}
	}
}

// TestClientFailsClosed: a request without a scope, or outside it, is not
// sent; a loopback server is not dialled unless AllowPrivate.
func TestClientFailsClosed(t *testing.T) {
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits++ }))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	scope := &Scope{Allowed: func(v *url.URL) bool { return HostAllowed([]string{u.Host}, v) }}
	get := func(g *Guard, s *Scope) error {
		ctx := context.Background()
		if s != nil {
			ctx = WithScope(ctx, s)
		}
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
		resp, err := g.Client(&http.Transport{}, &net.Dialer{}, 0).Do(req)
		if err == nil {
			resp.Body.Close()
		}
		return err
	}
	if err := get(&Guard{AllowPrivate: true}, nil); !errors.Is(err, ErrNoScope) {
		t.Errorf("no scope: err = %v, want ErrNoScope", err)
	}
	other := &Scope{Allowed: func(*url.URL) bool { return false }}
	if err := get(&Guard{AllowPrivate: true}, other); !errors.Is(err, ErrOutOfScope) {
		t.Errorf("out of scope: err = %v, want ErrOutOfScope", err)
	}
	if err := get(&Guard{}, scope); !errors.Is(err, ErrForbiddenAddress) {
		t.Errorf("loopback: err = %v, want ErrForbiddenAddress", err)
	}
	if hits != 0 {
		t.Fatalf("server hit %d times by refused requests", hits)
	}
	if err := get(&Guard{AllowPrivate: true}, scope); err != nil || hits != 1 {
		t.Errorf("allowed: err = %v, hits %d; want one request", err, hits)
	}
}

// TestDialerChecksEveryAddress: the connect-time check refuses a loopback
// address even when the caller dials it directly (no early lookup).
func TestDialerChecksEveryAddress(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	d := (&Guard{}).Dialer(net.Dialer{})
	if _, err := d.Dial("tcp", ln.Addr().String()); !errors.Is(err, ErrForbiddenAddress) {
		t.Errorf("dial loopback: err = %v, want ErrForbiddenAddress", err)
	}
}
