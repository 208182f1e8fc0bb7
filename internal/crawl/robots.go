package crawl

import (
	"context"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/temoto/robotstxt"
)

// How long a host's robots.txt is trusted before it is fetched again; a
// server error is retried sooner.
const (
	robotsTTL      = 12 * time.Hour
	robotsErrorTTL = 5 * time.Minute
)

// robotsCache fetches and keeps each host's robots.txt.
type robotsCache struct {
	mu      sync.Mutex
	entries map[string]*robotsEntry // by scheme://host
}

type robotsEntry struct {
	once    sync.Once
	group   *robotstxt.Group
	expires time.Time
}

// robotsRules returns the robots.txt group that applies to zhwatch's user
// agent on origin (scheme://host), fetching it through the host's gate.
// 4xx and unreachable robots.txt allow everything; 5xx disallows everything
// for a few minutes (RFC 9309 §2.3.1).
func (c *Crawler) robotsRules(ctx context.Context, origin string, gate *hostGate) (*robotstxt.Group, error) {
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
		data, ttl := c.fetchRobots(ctx, origin)
		gate.release()
		group := data.FindGroup(c.opts.UserAgent)
		// Other callers read expires under rc.mu to decide whether to
		// refetch, so it is written under it too.
		rc.mu.Lock()
		e.group, e.expires = group, c.now().Add(ttl)
		rc.mu.Unlock()
	})
	if e.group == nil { // cancelled while fetching: try again next time
		rc.mu.Lock()
		if rc.entries[origin] == e {
			delete(rc.entries, origin)
		}
		rc.mu.Unlock()
		if err == nil {
			err = context.Canceled
		}
		return nil, err
	}
	return e.group, nil
}

func (c *Crawler) fetchRobots(ctx context.Context, origin string) (*robotstxt.RobotsData, time.Duration) {
	allowAll, _ := robotstxt.FromStatusAndBytes(http.StatusNotFound, nil)
	ctx, cancel := context.WithTimeout(ctx, c.opts.RobotsTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, origin+"/robots.txt", nil)
	if err != nil {
		return allowAll, robotsTTL
	}
	req.Header.Set("User-Agent", c.opts.UserAgent)
	resp, err := c.client.Do(req)
	if err != nil {
		c.log.Warn("robots.txt unreachable; allowing all", "origin", origin, "err", err)
		return allowAll, robotsErrorTTL
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 512<<10))
	if err != nil {
		return allowAll, robotsErrorTTL
	}
	data, err := robotstxt.FromStatusAndBytes(resp.StatusCode, body)
	if err != nil {
		c.log.Warn("robots.txt unreadable; allowing all", "origin", origin, "err", err)
		return allowAll, robotsErrorTTL
	}
	if resp.StatusCode >= 500 {
		return data, robotsErrorTTL
	}
	return data, robotsTTL
}
