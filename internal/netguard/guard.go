// Package netguard keeps outbound HTTP requests inside a network policy:
// which hosts and ports a request may reach (its Scope, carried in the
// request's context), redirects checked hop by hop against that scope, and a
// dialer that refuses private, loopback, link-local, multicast and
// unspecified addresses at connect time, on the IP actually dialled, so a
// DNS answer cannot smuggle one in.
//
// It wraps any *http.Client or *http.Transport, so a fetcher other than
// zhwatch's own (colly's HTTP backend) can be put under the same policy.
package netguard

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// Errors of the policy; each is wrapped with the address or URL refused.
var (
	// ErrForbiddenAddress: the address is private, loopback, link-local,
	// multicast or unspecified, and the policy does not allow those.
	ErrForbiddenAddress = errors.New("address not allowed by the network policy")
	// ErrOutOfScope: the URL's host and port are not in the request's scope.
	ErrOutOfScope = errors.New("host not allowed for this request")
	// ErrNoScope: a request was sent without a scope; the policy fails closed.
	ErrNoScope = errors.New("request has no network scope")
	// ErrRedirectLoop and ErrTooManyRedirects end a redirect chain.
	ErrRedirectLoop     = errors.New("redirect loop")
	ErrTooManyRedirects = errors.New("too many redirects")
)

// Guard is the address half of the policy.
type Guard struct {
	// AllowPrivate lets requests reach private and loopback addresses
	// (crawl.allow_private_networks: tests, the demo, the rig).
	AllowPrivate bool
	// Lookup resolves a host name; net.DefaultResolver if nil. Tests use it
	// to make a name resolve to a private address.
	Lookup func(ctx context.Context, host string) ([]netip.Addr, error)
	// Exempt, if set, allows one address even though it is private. Tests
	// use it to play a "public" server on a loopback port.
	Exempt func(netip.AddrPort) bool
}

// Check returns ErrForbiddenAddress (wrapped) if ap may not be dialled.
func (g *Guard) Check(ap netip.AddrPort) error {
	if g.AllowPrivate || !Forbidden(ap.Addr()) || (g.Exempt != nil && g.Exempt(ap)) {
		return nil
	}
	return fmt.Errorf("%s: %w", ap, ErrForbiddenAddress)
}

// nonPublic are ranges net/netip has no predicate for: "this network",
// shared address space (CGNAT), IETF protocol assignments, benchmarking,
// reserved and broadcast.
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("240.0.0.0/4"),
}

// nat64 embeds an IPv4 address in its last 32 bits (RFC 6052).
var nat64 = netip.MustParsePrefix("64:ff9b::/96")

// Forbidden reports whether addr is private, loopback, link-local,
// multicast, unspecified or otherwise not a public unicast address.
// IPv4-mapped and NAT64 IPv6 addresses are judged by their IPv4 part.
func Forbidden(addr netip.Addr) bool {
	addr = addr.Unmap()
	if nat64.Contains(addr) {
		b := addr.As16()
		addr = netip.AddrFrom4([4]byte(b[12:]))
	}
	if !addr.IsValid() || addr.IsLoopback() || addr.IsPrivate() || addr.IsUnspecified() ||
		addr.IsLinkLocalUnicast() || addr.IsLinkLocalMulticast() || addr.IsInterfaceLocalMulticast() ||
		addr.IsMulticast() {
		return true
	}
	for _, p := range nonPublic {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

// control is a net.Dialer Control function: it sees the address the socket
// is about to connect to, after every resolution.
func (g *Guard) control(_ context.Context, network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%s %s: %w", network, address, ErrForbiddenAddress)
	}
	return g.Check(ap)
}

// Dialer returns d (a copy) with the policy's connect-time check installed.
func (g *Guard) Dialer(d net.Dialer) *net.Dialer {
	d.Control = nil
	d.ControlContext = g.control
	return &d
}

// DialContext resolves the host with Lookup, refuses early when every
// address is forbidden (a clearer error than the connect-time one), and
// dials the addresses in turn with the checking dialer.
func (g *Guard) DialContext(d *net.Dialer) func(ctx context.Context, network, address string) (net.Conn, error) {
	d = g.Dialer(*d)
	return func(ctx context.Context, network, address string) (net.Conn, error) {
		host, port, err := net.SplitHostPort(address)
		if err != nil {
			return nil, err
		}
		addrs, err := g.lookup(ctx, host)
		if err != nil {
			return nil, err
		}
		var errs []error
		for _, a := range addrs {
			target := net.JoinHostPort(a.Unmap().String(), port)
			if ap, err := netip.ParseAddrPort(target); err == nil {
				if err := g.Check(ap); err != nil {
					errs = append(errs, err)
					continue
				}
			}
			conn, err := d.DialContext(ctx, network, target)
			if err == nil {
				return conn, nil
			}
			errs = append(errs, err)
			if ctx.Err() != nil {
				break
			}
		}
		return nil, &net.OpError{Op: "dial", Net: network, Err: fmt.Errorf("%s: %w", host, errors.Join(errs...))}
	}
}

func (g *Guard) lookup(ctx context.Context, host string) ([]netip.Addr, error) {
	if a, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil {
		return []netip.Addr{a}, nil
	}
	if g.Lookup != nil {
		return g.Lookup(ctx, host)
	}
	return net.DefaultResolver.LookupNetIP(ctx, "ip", host)
}

// Transport returns t (cloned) dialling through the policy. A proxy would
// resolve and connect on our behalf, out of the dialer's sight, so none is
// used.
func (g *Guard) Transport(t *http.Transport, d *net.Dialer) *http.Transport {
	t = t.Clone()
	t.Proxy = nil
	t.DialContext = g.DialContext(d)
	t.DialTLSContext = nil
	return t
}

// Scope is what one request, and every redirect it follows, may reach.
type Scope struct {
	// Allowed reports whether a URL's host and port may be requested.
	Allowed func(u *url.URL) bool
	// MaxRedirects caps a redirect chain; 0 follows none.
	MaxRedirects int
}

type scopeKey struct{}

// WithScope returns ctx carrying s for the requests made with it.
func WithScope(ctx context.Context, s *Scope) context.Context {
	return context.WithValue(ctx, scopeKey{}, s)
}

func scopeOf(ctx context.Context) *Scope {
	s, _ := ctx.Value(scopeKey{}).(*Scope)
	return s
}

// CheckRedirect is an http.Client CheckRedirect: each hop must stay in the
// request's scope, not revisit a URL, and not exceed the scope's cap. A
// request without a scope follows no redirect.
func CheckRedirect(req *http.Request, via []*http.Request) error {
	s := scopeOf(req.Context())
	if s == nil {
		return fmt.Errorf("redirect to %s: %w", req.URL.Redacted(), ErrNoScope)
	}
	target := req.URL.String()
	for _, prev := range via {
		if prev.URL.String() == target {
			return fmt.Errorf("%s: %w", req.URL.Redacted(), ErrRedirectLoop)
		}
	}
	if len(via) > s.MaxRedirects {
		return fmt.Errorf("%d redirects: %w", len(via), ErrTooManyRedirects)
	}
	return s.check(req.URL)
}

func (s *Scope) check(u *url.URL) error {
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("%s: scheme %q: %w", u.Redacted(), u.Scheme, ErrOutOfScope)
	}
	if s.Allowed == nil || !s.Allowed(u) {
		return fmt.Errorf("%s: %w", u.Redacted(), ErrOutOfScope)
	}
	return nil
}

// RoundTripper checks every request (redirect hops included) against its
// scope before handing it to next: no scope, or a host outside it, and the
// request is not sent.
func RoundTripper(next http.RoundTripper) http.RoundTripper {
	return roundTripper{next}
}

type roundTripper struct{ next http.RoundTripper }

func (rt roundTripper) RoundTrip(req *http.Request) (*http.Response, error) {
	s := scopeOf(req.Context())
	if s == nil {
		return nil, fmt.Errorf("%s: %w", req.URL.Redacted(), ErrNoScope)
	}
	if err := s.check(req.URL); err != nil {
		return nil, err
	}
	return rt.next.RoundTrip(req)
}

// Client returns an http.Client under the whole policy: scope checked per
// request and per redirect, addresses checked when dialling. t is the
// transport to start from (its dialer settings are replaced by d's).
func (g *Guard) Client(t *http.Transport, d *net.Dialer, timeout time.Duration) *http.Client {
	return &http.Client{
		Transport:     RoundTripper(g.Transport(t, d)),
		CheckRedirect: CheckRedirect,
		Timeout:       timeout,
	}
}

// HostAllowed reports whether u's host and port match one of hosts, each
// "host" (the scheme's default port) or "host:port", case-insensitively.
// "example.org:443" and "example.org" both match https://example.org/.
func HostAllowed(hosts []string, u *url.URL) bool {
	name := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	port := u.Port()
	if port == "" {
		port = defaultPort(u.Scheme)
	}
	for _, h := range hosts {
		hn, hp := h, ""
		if sh, sp, err := net.SplitHostPort(h); err == nil {
			hn, hp = sh, sp
		}
		hn = strings.ToLower(strings.Trim(strings.TrimSuffix(hn, "."), "[]"))
		if hp == "" {
			hp = defaultPort(u.Scheme)
		}
		if hn == name && hp == port {
			return true
		}
	}
	return false
}

func defaultPort(scheme string) string {
	if scheme == "https" {
		return "443"
	}
	return "80"
}
