package crawl

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/zhwatch/zhwatch/internal/store"
)

// Stats counts what a crawl did. It is safe for concurrent use; the command
// running a crawl reads it to show progress.
type Stats struct {
	mu   sync.Mutex
	snap Snapshot
}

// Snapshot is a copy of the counters at one moment.
type Snapshot struct {
	Pages       int64            `json:"pages"`        // pages fetched and stored, any status
	Created     int64            `json:"created"`      // new articles
	Updated     int64            `json:"updated"`      // articles stored before, updated
	Skipped     int64            `json:"skipped"`      // article URLs already stored, not fetched
	Blocked     int64            `json:"blocked"`      // URLs robots.txt disallows
	NotModified int64            `json:"not_modified"` // 304 answers to conditional GETs
	Unchanged   int64            `json:"unchanged"`    // re-checked articles with the same bytes
	Retries     int64            `json:"retries"`      // fetches scheduled again after a failure
	BackedOff   int64            `json:"backed_off"`   // URLs not fetched: they failed in an earlier run and wait for a later one
	Failures    map[string]int64 `json:"failures"`     // errors by kind
}

// Errors is the total of all failures.
func (s Snapshot) Errors() int64 {
	var n int64
	for _, v := range s.Failures {
		n += v
	}
	return n
}

// String is the one-line progress report.
func (s Snapshot) String() string {
	line := fmt.Sprintf("pages %d (%d not modified), articles %d new %d updated, skipped %d, robots-blocked %d, retries %d, errors %d",
		s.Pages, s.NotModified, s.Created, s.Updated, s.Skipped, s.Blocked, s.Retries, s.Errors())
	if s.BackedOff > 0 {
		line += fmt.Sprintf(", backed off %d", s.BackedOff)
	}
	if len(s.Failures) == 0 {
		return line
	}
	return line + " (" + FormatKinds(s.Failures) + ")"
}

// FormatKinds prints counts by kind as "a 1, b 2", sorted by kind.
func FormatKinds(m map[string]int64) string {
	kinds := make([]string, 0, len(m))
	for k, v := range m {
		kinds = append(kinds, fmt.Sprintf("%s %d", k, v))
	}
	sort.Strings(kinds)
	return strings.Join(kinds, ", ")
}

// Snapshot copies the counters.
func (s *Stats) Snapshot() Snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.snap
	out.Failures = make(map[string]int64, len(s.snap.Failures))
	for k, v := range s.snap.Failures {
		out.Failures[k] = v
	}
	return out
}

func (s *Stats) update(f func(*Snapshot)) {
	s.mu.Lock()
	f(&s.snap)
	s.mu.Unlock()
}

// counter feeds one run's events to its own Stats, the caller's Stats and
// the metrics.
type counter struct {
	source  string
	local   *Stats
	shared  *Stats
	metrics *Metrics
}

func newCounter(source string, shared *Stats, m *Metrics) *counter {
	if shared == nil {
		shared = &Stats{}
	}
	return &counter{source: source, local: &Stats{}, shared: shared, metrics: m}
}

func (c *counter) both(f func(*Snapshot)) {
	c.local.update(f)
	c.shared.update(f)
}

func (c *counter) page() { c.both(func(s *Snapshot) { s.Pages++ }) }
func (c *counter) skipped() {
	c.both(func(s *Snapshot) { s.Skipped++ })
	c.metrics.event(c.source, "skipped")
}
func (c *counter) blocked() {
	c.both(func(s *Snapshot) { s.Blocked++ })
	c.metrics.event(c.source, "robots_blocked")
}
func (c *counter) unchanged() {
	c.both(func(s *Snapshot) { s.Unchanged++ })
	c.metrics.event(c.source, "unchanged")
}
func (c *counter) backedOff() {
	c.both(func(s *Snapshot) { s.BackedOff++ })
	c.metrics.event(c.source, "backed_off")
}
func (c *counter) notModified() { c.both(func(s *Snapshot) { s.NotModified++ }) }
func (c *counter) created() {
	c.both(func(s *Snapshot) { s.Created++ })
	c.metrics.article(c.source, "new")
}
func (c *counter) updated() {
	c.both(func(s *Snapshot) { s.Updated++ })
	c.metrics.article(c.source, "updated")
}

func (c *counter) retry(kind string) {
	c.both(func(s *Snapshot) { s.Retries++ })
	c.metrics.retry(c.source, kind)
}

func (c *counter) fail(kind string) {
	c.both(func(s *Snapshot) {
		if s.Failures == nil {
			s.Failures = map[string]int64{}
		}
		s.Failures[kind]++
	})
	c.metrics.error(c.source, kind)
}

// dropped counts links not followed for a reason worth watching.
func (c *counter) dropped(reason string) { c.metrics.event(c.source, reason) }

func (c *counter) fetched(status int, took time.Duration) {
	c.metrics.fetched(c.source, status, took)
}

func (c *counter) frontier(n int) { c.metrics.frontier(c.source, n) }

func (c *counter) finished(r store.Run, h Health) { c.metrics.finished(r, h) }
