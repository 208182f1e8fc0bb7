package crawl

import (
	"net/url"
	"time"
)

// Budget is how many requests an hour a source may make to its busiest
// host: one per Interval, the larger of its delay and the host's robots.txt
// Crawl-delay (the strictest source sharing the host sets it).
type Budget struct {
	Interval time.Duration // 0: no pause between requests
}

// PerHour is the number of requests an hour; 0 means no limit.
func (b Budget) PerHour() int {
	if b.Interval <= 0 {
		return 0
	}
	return int(time.Hour / b.Interval)
}

// delayNow is the pause the gate keeps between request starts.
func (g *hostGate) delayNow() time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.delay
}

// budget is the source's request budget as this run found it: the longest
// pause among its seeds' hosts, Crawl-delay included once robots.txt was
// read.
func (r *run) budget() Budget {
	b := Budget{Interval: r.src.Delay}
	for _, s := range r.src.AllSeeds() {
		u, err := url.Parse(s)
		if err != nil {
			continue
		}
		g := r.c.hosts.gate(u.Host, r.src.Parallelism, r.src.Delay)
		b.Interval = max(b.Interval, g.delayNow())
	}
	return b
}
