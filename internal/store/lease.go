package store

import (
	"context"
	"errors"
	"time"
)

// The shared frontier: when several crawler processes share one store,
// each host is leased to one worker at a time, so a host's politeness
// (delay, Crawl-delay, parallelism, Retry-After) holds across the fleet.
// Times are the database's clock, so workers on machines whose clocks
// disagree still agree on who holds what.

// ErrLeaseLost is returned when renewing or releasing a lease that expired
// and was granted to another worker since: the caller must stop fetching
// from that host.
var ErrLeaseLost = errors.New("host lease lost")

// Lease is one worker's hold on a host.
type Lease struct {
	Host    string
	Holder  string
	Token   int64     // changes on every grant: renew and release present it
	Expires time.Time // by the database's clock
}

// HostLeases is what a shared backend provides on top of CrawlState.
type HostLeases interface {
	// LeaseHost grants holder, for ttl, a host with a due frontier item that
	// no one else holds (or whose lease expired) and whose politeness wait
	// is over. With sources, only items of those sources count (a worker
	// crawling some sources leaves hosts holding only others' items alone).
	// ok is false when no host is ready.
	LeaseHost(ctx context.Context, holder string, ttl time.Duration, sources ...string) (l Lease, ok bool, err error)
	// HostFrontier returns up to limit due items queued for host, any
	// source, oldest first.
	HostFrontier(ctx context.Context, host string, limit int) ([]FrontierItem, error)
	// RenewLease extends a lease by ttl from now; ErrLeaseLost if it was
	// granted to another worker meanwhile.
	RenewLease(ctx context.Context, l Lease, ttl time.Duration) (Lease, error)
	// ReleaseHost gives the host back; it is not leased again until wait
	// has passed (the host's delay, Crawl-delay or Retry-After).
	ReleaseHost(ctx context.Context, l Lease, wait time.Duration) error
	// ClaimOnce records that key (e.g. a source's cron run at a given time,
	// or a watchlist's scheduled digest) was claimed by holder; it returns
	// true for the first caller across every process and false for all
	// others.
	ClaimOnce(ctx context.Context, key, holder string) (bool, error)
}
