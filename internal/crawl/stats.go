package crawl

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Stats counts what a crawl did. It is safe for concurrent use; the command
// running a crawl reads it to show progress.
type Stats struct {
	mu       sync.Mutex
	pages    int64
	created  int64
	updated  int64
	skipped  int64
	blocked  int64
	failures map[string]int64
}

// Snapshot is a copy of the counters at one moment.
type Snapshot struct {
	Pages    int64            `json:"pages"`    // pages fetched and stored
	Created  int64            `json:"created"`  // new articles
	Updated  int64            `json:"updated"`  // articles stored before, updated
	Skipped  int64            `json:"skipped"`  // article URLs already stored, not fetched
	Blocked  int64            `json:"blocked"`  // URLs robots.txt disallows
	Failures map[string]int64 `json:"failures"` // errors by kind
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
	line := fmt.Sprintf("pages %d, articles %d new %d updated, skipped %d, robots-blocked %d, errors %d",
		s.Pages, s.Created, s.Updated, s.Skipped, s.Blocked, s.Errors())
	if len(s.Failures) == 0 {
		return line
	}
	kinds := make([]string, 0, len(s.Failures))
	for k, v := range s.Failures {
		kinds = append(kinds, fmt.Sprintf("%s %d", k, v))
	}
	sort.Strings(kinds)
	return line + " (" + strings.Join(kinds, ", ") + ")"
}

// Snapshot copies the counters.
func (s *Stats) Snapshot() Snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := make(map[string]int64, len(s.failures))
	for k, v := range s.failures {
		f[k] = v
	}
	return Snapshot{Pages: s.pages, Created: s.created, Updated: s.updated,
		Skipped: s.skipped, Blocked: s.blocked, Failures: f}
}

func (s *Stats) add(field *int64) {
	s.mu.Lock()
	*field++
	s.mu.Unlock()
}

func (s *Stats) fail(kind string) {
	s.mu.Lock()
	if s.failures == nil {
		s.failures = map[string]int64{}
	}
	s.failures[kind]++
	s.mu.Unlock()
}
