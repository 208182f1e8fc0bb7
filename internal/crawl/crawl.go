// Package crawl fetches what the configured sources publish: it follows list
// pages, feeds and sitemaps to article URLs, canonicalises every URL, obeys
// robots.txt (Crawl-delay included) and per-host limits shared by all
// sources, retries what can be retried, keeps its frontier in the store so a
// killed crawl resumes where it stopped, re-fetches list pages and feeds
// with conditional GET, and hands every fetched page to a Sink. It finds
// links; it does not extract articles.
//
// Every request goes through a synchronous colly collector (collector.go)
// called by the crawler's own workers; colly sends and reads, while the
// frontier, robots.txt, host gates, retries and the memory budget stay
// here, and fetchTransport (transport.go) keeps the bytes as sent.
package crawl

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/config"
	"github.com/zhwatch/zhwatch/internal/netguard"
	"github.com/zhwatch/zhwatch/internal/store"
)

// Sink is what the crawler hands fetched pages to.
type Sink interface {
	// SavePage stores a fetched page and, for article pages, its article;
	// created reports a new article.
	SavePage(ctx context.Context, p zhwatch.Page, isArticle bool) (created bool, err error)
}

// State is the crawl state the crawler keeps in the store.
type State interface {
	UpdateFrontier(ctx context.Context, u store.FrontierUpdate) error
	Frontier(ctx context.Context, source string) ([]store.FrontierItem, error)
	LastFetch(ctx context.Context, url string) (store.LastFetch, error)
	Page(ctx context.Context, id int64) (zhwatch.Page, error)
	StartRun(ctx context.Context, r store.Run) (int64, error)
	FinishRun(ctx context.Context, r store.Run) (store.Run, error)
	Runs(ctx context.Context, source string, limit int) ([]store.Run, error)
	RecordFailure(ctx context.Context, f store.Failure) error
	ClearFailure(ctx context.Context, source, url string) error
	Failures(ctx context.Context, source string) ([]store.Failure, error)
}

// Options are the crawler-wide settings. Zero fields take the defaults
// below.
type Options struct {
	UserAgent string
	Logger    *slog.Logger
	Metrics   *Metrics         // nil: no metrics
	Now       func() time.Time // clock; time.Now if nil
	// Network is the address policy of every request: private and
	// loopback addresses are refused unless Network.AllowPrivate
	// (crawl.allow_private_networks).
	Network netguard.Guard

	ConnectTimeout time.Duration // TCP/TLS connect; default 10s
	HeaderTimeout  time.Duration // request sent → response headers; default 20s
	RobotsTimeout  time.Duration // whole robots.txt fetch; default 20s

	Retries       int           // further attempts after a retryable failure; default 3
	RetryBase     time.Duration // first back-off; default 2s, doubled per failure
	RetryCeiling  time.Duration // longest back-off; default 2m
	MaxRetryAfter time.Duration // a longer Retry-After leaves the URL to the next run; default 10m
	MaxRedirects  int           // default 10
	// MaxBackoffRuns caps the back-off across runs of a URL that keeps
	// failing: retried on the next run, then after 2, 4, … runs, at most
	// this many; default 64.
	MaxBackoffRuns int

	// MaxBytesInFlight caps the page bytes held at once across all hosts
	// and sources (bodies being read, stored and extracted); default 32 MiB.
	MaxBytesInFlight int64

	MaxLinksPerPage int // links taken from one page; default 2000
	MaxURLLength    int // longer URLs are dropped; default 2048

	// FrontierFlush is how often queued frontier changes are written; default 100ms.
	FrontierFlush time.Duration

	// Leases, when set, makes fetching host-leased (lease.go): several
	// processes sharing the store share the work host by host. nil: each
	// run fetches from its own queue, as one process alone does.
	Leases store.HostLeases
	// Holder names this process in leases; default host name:pid.
	Holder string
	// LeaseTTL is how long a host lease lasts unless renewed: how soon the
	// hosts of a killed worker are taken over; default 30s.
	LeaseTTL time.Duration
	// LeasedHosts is how many hosts this process fetches from at once
	// with leases; default 8.
	LeasedHosts int
}

func (o Options) withDefaults() Options {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	defInt := func(d *int, v int) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&o.ConnectTimeout, 10*time.Second)
	def(&o.HeaderTimeout, 20*time.Second)
	def(&o.RobotsTimeout, 20*time.Second)
	if o.Retries == 0 {
		o.Retries = 3
	}
	o.Retries = max(o.Retries, 0)
	def(&o.RetryBase, 2*time.Second)
	def(&o.RetryCeiling, 2*time.Minute)
	def(&o.MaxRetryAfter, 10*time.Minute)
	defInt(&o.MaxRedirects, 10)
	defInt(&o.MaxBackoffRuns, 64)
	if o.MaxBytesInFlight <= 0 {
		o.MaxBytesInFlight = DefaultMaxBytesInFlight
	}
	defInt(&o.MaxLinksPerPage, 2000)
	defInt(&o.MaxURLLength, 2048)
	def(&o.FrontierFlush, 100*time.Millisecond)
	def(&o.LeaseTTL, defaultLeaseTTL)
	defInt(&o.LeasedHosts, defaultLeasedHosts)
	if o.Holder == "" {
		o.Holder = defaultHolder()
	}
	if o.UserAgent == "" {
		o.UserAgent = config.DefaultUserAgent
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}

// DefaultMaxBytesInFlight is the default of Options.MaxBytesInFlight.
const DefaultMaxBytesInFlight = 32 << 20

// Crawler crawls sources into a Sink. Its host gates and robots.txt cache
// are shared by every source it crawls.
type Crawler struct {
	opts  Options
	sink  Sink
	state State
	log   *slog.Logger
	// transport is under every collector the crawler makes (fetchTransport).
	transport *fetchTransport
	hosts     *hosts
	robots    *robotsCache
	mem       *memBudget

	mu      sync.Mutex
	running map[string]bool // sources being crawled now
	fleet   *fleet          // lease workers, made on first use
}

// ErrAlreadyRunning means a crawl of the same source is still going.
var ErrAlreadyRunning = errors.New("a crawl of this source is already running")

// New returns a Crawler writing pages to sink and its state to state.
func New(opts Options, sink Sink, state State) *Crawler {
	opts = opts.withDefaults()
	return &Crawler{
		opts:      opts,
		sink:      sink,
		state:     state,
		log:       opts.Logger,
		transport: newTransport(opts),
		hosts:     newHosts(opts.Now),
		robots:    &robotsCache{entries: map[string]*robotsEntry{}},
		mem:       newMemBudget(opts.MaxBytesInFlight),
		running:   map[string]bool{},
	}
}

func (c *Crawler) now() time.Time { return c.opts.Now() }

// Crawl runs one pass over src: the URLs left in its frontier by an earlier
// pass first, then its seeds and every link they lead to. It adds to stats
// as it goes and records the run in the store. It returns an error if a seed
// could not be fetched (the rest of the pass still runs) or ctx was
// cancelled.
func (c *Crawler) Crawl(ctx context.Context, src *config.Source, stats *Stats) error {
	if !c.claim(src.Name) {
		return fmt.Errorf("source %s: %w", src.Name, ErrAlreadyRunning)
	}
	defer c.release(src.Name)

	r, err := c.newRun(ctx, src, stats, false)
	if err != nil {
		return fmt.Errorf("source %s: %w", src.Name, err)
	}
	if c.opts.Leases != nil {
		err = r.crawlLeased()
	} else {
		err = r.crawl()
	}
	if ferr := r.finish(err); ferr != nil {
		err = errors.Join(err, ferr)
	}
	if err != nil {
		return fmt.Errorf("source %s: %w", src.Name, err)
	}
	return nil
}

// Help takes part in a run of src that another process sharing the store
// started (its cron tick was claimed there): with host leases, it fetches
// src's due items alongside that process until the frontier holds nothing
// more it can do. It records no run and queues no seeds. Without host
// leases there is nothing to share and it returns at once.
func (c *Crawler) Help(ctx context.Context, src *config.Source, stats *Stats) error {
	if c.opts.Leases == nil {
		return nil
	}
	if !c.claim(src.Name) {
		return fmt.Errorf("source %s: %w", src.Name, ErrAlreadyRunning)
	}
	defer c.release(src.Name)
	r, err := c.newRun(ctx, src, stats, true)
	if err == nil {
		err = r.crawlLeased()
	}
	if err != nil {
		return fmt.Errorf("source %s: help: %w", src.Name, err)
	}
	return nil
}

func (c *Crawler) leaseFleet() *fleet {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fleet == nil {
		c.fleet = newFleet(c)
	}
	return c.fleet
}

func (c *Crawler) claim(name string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.running[name] {
		return false
	}
	c.running[name] = true
	return true
}

func (c *Crawler) release(name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.running, name)
}

// busy lists the sources being crawled now.
func (c *Crawler) busy() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]string, 0, len(c.running))
	for name := range c.running {
		out = append(out, name)
	}
	return out
}
