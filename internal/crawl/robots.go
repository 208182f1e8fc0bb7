package crawl

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/temoto/robotstxt"

	"github.com/zhwatch/zhwatch/internal/netguard"
)

// How long a host's robots.txt is trusted before it is fetched again; a
// server or network error is retried sooner.
const (
	robotsTTL      = 12 * time.Hour
	robotsErrorTTL = 5 * time.Minute
	// robotsRedirects is how many redirects a robots.txt fetch follows
	// (RFC 9309 §2.3.1.2: at least five), each checked against the scope.
	robotsRedirects = 5
	// robotsMaxBytes of a robots.txt are read (RFC 9309 §2.5: at least 500 KiB).
	robotsMaxBytes = 512 << 10
)

// robotsCache fetches and keeps each host's robots.txt.
type robotsCache struct {
	mu      sync.Mutex
	entries map[string]*robotsEntry // by scheme://host
}

type robotsEntry struct {
	once        sync.Once
	group       *robotstxt.Group
	unreachable bool // a server or network error: everything is disallowed for now
	expires     time.Time
}

// errRobotsUnreachable names why a seed was not fetched.
var errRobotsUnreachable = errors.New("robots.txt unreachable: nothing is fetched from the host until it can be read (RFC 9309)")

// robotsVerdict is what robots.txt says about one origin.
type robotsVerdict struct {
	group *robotstxt.Group
	// unreachable: robots.txt could not be read (5xx, network error), so
	// RFC 9309 §2.3.1.4 disallows everything until a later fetch succeeds.
	// The URL stays in the frontier rather than being dropped as blocked.
	unreachable bool
}

// robotsRules returns the robots.txt group that applies to zhwatch's user
// agent on origin (scheme://host), fetching it through the host's gate and
// within scope (redirects to hosts outside it are not followed).
func (c *Crawler) robotsRules(ctx context.Context, origin string, gate *hostGate, scope netguard.Scope) (robotsVerdict, error) {
	rc := c.robots
	rc.mu.Lock()
	e := rc.entries[origin]
	if e == nil || (!e.expires.IsZero() && c.now().After(e.expires)) {
		e = &robotsEntry{}
		rc.entries[origin] = e
	}
	rc.mu.Unlock()
	var err error
	e.once.Do(func() {
		if err = gate.acquire(ctx); err != nil {
			return
		}
		var res robotsFetch
		res, err = c.fetchRobots(ctx, origin, scope)
		gate.release()
		if err != nil {
			return
		}
		group := res.data.FindGroup(c.opts.UserAgent)
		// Other callers read expires under rc.mu to decide whether to
		// refetch, so it is written under it too.
		rc.mu.Lock()
		e.group, e.unreachable, e.expires = group, res.unreachable, c.now().Add(res.ttl)
		rc.mu.Unlock()
	})
	rc.mu.Lock()
	v := robotsVerdict{group: e.group, unreachable: e.unreachable}
	if v.group == nil && rc.entries[origin] == e { // cancelled while fetching: try again next time
		delete(rc.entries, origin)
	}
	rc.mu.Unlock()
	if v.group == nil {
		if err == nil {
			err = context.Canceled
		}
		return v, err
	}
	return v, nil
}

type robotsFetch struct {
	data        *robotstxt.RobotsData
	unreachable bool
	ttl         time.Duration
}

// fetchRobots reads origin's robots.txt and applies RFC 9309 §2.3.1: 2xx is
// parsed; 4xx, and a redirect chain leaving the scope or too long, mean
// "unavailable" (allow all); 5xx and network errors mean "unreachable"
// (disallow all, fetched again after robotsErrorTTL). err is set only when
// ctx was cancelled.
func (c *Crawler) fetchRobots(ctx context.Context, origin string, scope netguard.Scope) (robotsFetch, error) {
	allowAll, _ := robotstxt.FromStatusAndBytes(http.StatusNotFound, nil)
	disallowAll, _ := robotstxt.FromStatusAndBytes(http.StatusInternalServerError, nil)
	unavailable := robotsFetch{data: allowAll, ttl: robotsTTL}
	unreachable := robotsFetch{data: disallowAll, unreachable: true, ttl: robotsErrorTTL}

	scope.MaxRedirects = robotsRedirects
	// A collector of its own: robots.txt has its own redirect cap, timeout
	// and size, and its body is not held against the memory budget.
	lim := fetchLimits{timeout: c.opts.RobotsTimeout, maxBody: robotsMaxBytes, scope: scope}
	col := c.newCollector(ctx, &lim.scope, lim.maxBody)
	res := c.fetch(ctx, col, "", origin+"/robots.txt", "", &lim, nil, 0)
	err := res.err
	switch {
	case err != nil && ctx.Err() != nil:
		return robotsFetch{}, ctx.Err()
	case res.kind == "bad_url":
		return unavailable, nil
	case errors.Is(err, ErrOffsiteRedirect), errors.Is(err, ErrTooManyRedirects), errors.Is(err, ErrRedirectLoop):
		c.log.Warn("robots.txt redirects out of scope; treating it as unavailable (allow all)", "origin", origin, "err", err)
		return unavailable, nil
	case err != nil && res.page.Status == 0:
		c.log.Warn("robots.txt unreachable; disallowing all until it can be read", "origin", origin, "err", err)
		return unreachable, nil
	case err != nil:
		c.log.Warn("robots.txt cut short; disallowing all until it can be read", "origin", origin, "err", err)
		return unreachable, nil
	}
	if res.page.Status >= 500 {
		c.log.Warn("robots.txt server error; disallowing all until it can be read", "origin", origin, "status", res.page.Status)
		return unreachable, nil
	}
	body := res.page.Body
	data, err := robotstxt.FromStatusAndBytes(res.page.Status, body)
	if err != nil {
		c.log.Warn("robots.txt unreadable; treating it as unavailable (allow all)", "origin", origin, "err", err)
		return unavailable, nil
	}
	return robotsFetch{data: data, ttl: robotsTTL}, nil
}
