package crawl

import (
	"fmt"
	"net"
	"net/url"
	"sort"
	"strings"

	"github.com/zhwatch/zhwatch"
)

// trackingParams are query parameters that name where a reader came from,
// not what they read; they are dropped so one article has one URL.
var trackingParams = map[string]bool{
	"spm": true, "from": true, "fbclid": true, "gclid": true, "yclid": true, "msclkid": true,
	"mc_cid": true, "mc_eid": true, "_hsenc": true, "_hsmi": true, "igshid": true,
	"scm": true, "share_token": true, "wfr": true, "isappinstalled": true, "sharer_shareid": true,
}

// Canonical resolves ref against base (which may be nil when ref is
// absolute) and returns the one URL zhwatch uses for it: http(s) only, host
// lower-cased, default port and fragment dropped, dot segments resolved,
// tracking parameters (utm_*, spm, from, …) removed and the rest sorted.
func Canonical(base *url.URL, ref string) (*url.URL, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return nil, fmt.Errorf("empty URL: %w", zhwatch.ErrInvalid)
	}
	r, err := url.Parse(ref)
	if err != nil {
		return nil, fmt.Errorf("parse URL %.80q: %w", ref, zhwatch.ErrInvalid)
	}
	u := r
	if base != nil {
		u = base.ResolveReference(r)
	} else {
		u = (&url.URL{}).ResolveReference(r) // resolves dot segments
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("URL %.80q: scheme %q: %w", ref, u.Scheme, zhwatch.ErrInvalid)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("URL %.80q: no host: %w", ref, zhwatch.ErrInvalid)
	}
	u.Host = canonicalHost(u.Scheme, u.Host)
	u.Fragment, u.RawFragment = "", ""
	u.User = nil
	if u.Path == "" {
		u.Path, u.RawPath = "/", ""
	}
	u.RawQuery = canonicalQuery(u.RawQuery)
	u.ForceQuery = false
	return u, nil
}

func canonicalHost(scheme, host string) string {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	h, port, err := net.SplitHostPort(host)
	if err != nil {
		return host // no port
	}
	if (scheme == "http" && port == "80") || (scheme == "https" && port == "443") || port == "" {
		if strings.Contains(h, ":") {
			return "[" + h + "]"
		}
		return h
	}
	return host
}

// canonicalQuery drops tracking parameters and sorts the rest by name,
// keeping the order of repeated names.
func canonicalQuery(raw string) string {
	if raw == "" {
		return ""
	}
	type pair struct{ key, kv string }
	var kept []pair
	for _, kv := range strings.Split(raw, "&") {
		if kv == "" {
			continue
		}
		key, _, _ := strings.Cut(kv, "=")
		name, err := url.QueryUnescape(key)
		if err != nil {
			name = key
		}
		name = strings.ToLower(name)
		if trackingParams[name] || strings.HasPrefix(name, "utm_") {
			continue
		}
		kept = append(kept, pair{key, kv})
	}
	sort.SliceStable(kept, func(i, j int) bool { return kept[i].key < kept[j].key })
	parts := make([]string, len(kept))
	for i, p := range kept {
		parts[i] = p.kv
	}
	return strings.Join(parts, "&")
}
