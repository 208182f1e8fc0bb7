package crawl

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/zhwatch/zhwatch/internal/netguard"
	"github.com/zhwatch/zhwatch/internal/store"
)

// all counts every request a site received, robots.txt included.
func (s *site) all() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.counts {
		n += c
	}
	return n
}

func addrPort(t *testing.T, rawURL string) netip.AddrPort {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	ap, err := netip.ParseAddrPort(u.Host)
	if err != nil {
		t.Fatal(err)
	}
	return ap
}

// publicNetwork is a policy that refuses loopback, except that the name
// "news.example" resolves to the public site's loopback port and that one
// address plays a public server; "intranet.example" resolves to 127.0.0.1.
func publicNetwork(t *testing.T, public *site) netguard.Guard {
	pub := addrPort(t, public.URL)
	return netguard.Guard{
		Lookup: func(_ context.Context, host string) ([]netip.Addr, error) {
			switch host {
			case "news.example", "intranet.example":
				return []netip.Addr{pub.Addr()}, nil
			}
			return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
		},
		Exempt: func(ap netip.AddrPort) bool { return ap == pub },
	}
}

// TestRobotsRedirectStaysInScope: an allowed host whose robots.txt
// redirects to another server (another loopback port here; 169.254.169.254
// or an intranet host in the field) does not make the crawler request it.
// The robots.txt counts as unavailable (RFC 9309: allow all).
func TestRobotsRedirectStaysInScope(t *testing.T) {
	other := newSite(t)
	other.handle("/", htmlPage("<p>internal</p>", "utf-8"))
	s := newSite(t)
	s.handle("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/robots.txt", http.StatusFound)
	})
	s.handle("/index.html", htmlPage(`<a href="/news/a">a</a>`, "utf-8"))
	s.handle("/news/a", htmlPage("<p>甲</p>", "utf-8"))
	e := newEnv(t, testOptions())
	if _, err := e.crawl(s.source("/index.html")); err != nil {
		t.Fatal(err)
	}
	if n := other.all(); n != 0 {
		t.Errorf("the redirect target received %d requests, want 0", n)
	}
	if s.count("/news/a") != 1 {
		t.Errorf("/news/a fetched %d times; an out-of-scope robots redirect means unavailable (allow all)", s.count("/news/a"))
	}
}

// TestRobotsServerErrorDisallows: robots.txt answering 5xx disallows the
// whole host (RFC 9309 §2.3.1.4); a 4xx allows it (§2.3.1.3).
func TestRobotsServerErrorDisallows(t *testing.T) {
	for _, tc := range []struct {
		status int
		want   int
	}{{http.StatusServiceUnavailable, 0}, {http.StatusInternalServerError, 0}, {http.StatusNotFound, 1}, {http.StatusForbidden, 1}} {
		s := newSite(t)
		s.handle("/robots.txt", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(tc.status) })
		s.handle("/index.html", htmlPage(`<a href="/news/a">a</a>`, "utf-8"))
		e := newEnv(t, testOptions())
		e.crawl(s.source("/index.html"))
		if got := s.count("/index.html"); got != tc.want {
			t.Errorf("robots.txt %d: seed fetched %d times, want %d", tc.status, got, tc.want)
		}
	}
}

// TestPageRedirectToLoopbackRefused: a page on a public host redirecting
// to 127.0.0.1 makes no request there, whether or not the source lists the
// target among its allowed hosts (then the dialer refuses it).
func TestPageRedirectToLoopbackRefused(t *testing.T) {
	for _, listTarget := range []bool{false, true} {
		secret := newSite(t)
		secret.handle("/", htmlPage("<p>secret</p>", "utf-8"))
		pub := newSite(t)
		port := addrPort(t, pub.URL).Port()
		pubURL := "http://news.example:" + strconv.Itoa(int(port))
		pub.handle("/index.html", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, secret.URL+"/news/secret", http.StatusFound)
		})
		opts := testOptions()
		opts.Network = publicNetwork(t, pub)
		e := newEnv(t, opts)
		src := pub.source()
		src.Seeds = []string{pubURL + "/index.html"}
		src.AllowedHosts = []string{strings.TrimPrefix(pubURL, "http://")}
		if listTarget {
			src.AllowedHosts = append(src.AllowedHosts, strings.TrimPrefix(secret.URL, "http://"))
		}
		snap, _ := e.crawl(src)
		if n := secret.all(); n != 0 {
			t.Errorf("target listed %v: 127.0.0.1 received %d requests, want 0", listTarget, n)
		}
		if pub.count("/index.html") != 1 {
			t.Errorf("target listed %v: the public page was fetched %d times, want 1", listTarget, pub.count("/index.html"))
		}
		want := "offsite_redirect"
		if listTarget {
			want = "forbidden_address"
		}
		if snap.Failures[want] != 1 {
			t.Errorf("target listed %v: stats %s; want %s 1", listTarget, snap, want)
		}
	}
}

// TestNameResolvingToPrivateRefused: a host name whose DNS answer is a
// loopback/private address is never connected to.
func TestNameResolvingToPrivateRefused(t *testing.T) {
	pub := newSite(t) // its address is the only one exempt
	secret := newSite(t)
	secret.handle("/", htmlPage("<p>secret</p>", "utf-8"))
	opts := testOptions()
	g := publicNetwork(t, pub)
	sp := addrPort(t, secret.URL)
	g.Lookup = func(_ context.Context, host string) ([]netip.Addr, error) {
		return []netip.Addr{sp.Addr()}, nil // intranet.example → 127.0.0.1
	}
	opts.Network = g
	e := newEnv(t, opts)
	host := "intranet.example:" + strconv.Itoa(int(sp.Port()))
	src := secret.source()
	src.Seeds, src.AllowedHosts = []string{"http://" + host + "/index.html"}, []string{host}
	for _, ignoreRobots := range []bool{false, true} {
		src.IgnoreRobots = ignoreRobots
		snap, err := e.crawl(src)
		if err == nil {
			t.Errorf("ignore robots %v: no error for a seed that resolves to loopback", ignoreRobots)
		}
		if n := secret.all(); n != 0 {
			t.Fatalf("ignore robots %v: the private address received %d requests, want 0", ignoreRobots, n)
		}
		if ignoreRobots && snap.Failures["forbidden_address"] != 1 {
			t.Errorf("stats %s; want forbidden_address 1", snap)
		}
	}
}

// TestOldFrontierRecheckedAgainstAllowedHosts: URLs queued by an earlier
// run on a host the source no longer allows are dropped, not fetched.
func TestOldFrontierRecheckedAgainstAllowedHosts(t *testing.T) {
	old := newSite(t)
	old.handle("/", htmlPage("<p>old</p>", "utf-8"))
	s := newSite(t)
	s.handle("/index.html", htmlPage("<p>list</p>", "utf-8"))
	e := newEnv(t, testOptions())
	stale := store.FrontierItem{Source: "test", URL: old.URL + "/news/left", Kind: kindArticle}
	if err := e.db.UpdateFrontier(context.Background(), store.FrontierUpdate{Add: []store.FrontierItem{stale}}); err != nil {
		t.Fatal(err)
	}
	snap, err := e.crawl(s.source("/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if snap.Errors() != 0 {
		t.Errorf("stats %s; want the stale URL dropped before any attempt, not failed", snap)
	}
	if n := old.all(); n != 0 {
		t.Errorf("the no longer allowed host received %d requests, want 0", n)
	}
	for _, it := range e.frontier("test") {
		if it.URL == stale.URL {
			t.Errorf("%s still in the frontier", it.URL)
		}
	}
}
