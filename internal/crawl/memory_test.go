package crawl

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zhwatch/zhwatch"
)

// slowSink holds each page a while and records how many it held at once.
type slowSink struct {
	Sink
	mu         sync.Mutex
	now, peak  int
	peakBytes  int
	bytes      int
	holdPerHit time.Duration
}

func (s *slowSink) SavePage(ctx context.Context, p zhwatch.Page, isArticle bool) (bool, error) {
	s.mu.Lock()
	s.now++
	s.bytes += len(p.Body)
	s.peak, s.peakBytes = max(s.peak, s.now), max(s.peakBytes, s.bytes)
	s.mu.Unlock()
	time.Sleep(s.holdPerHit)
	defer func() {
		s.mu.Lock()
		s.now--
		s.bytes -= len(p.Body)
		s.mu.Unlock()
	}()
	return s.Sink.SavePage(ctx, p, isArticle)
}

// TestBytesInFlightCapped: however many workers, the page bodies held at
// once (read, being stored) stay within MaxBytesInFlight, for bodies of
// known length and for chunked ones (reserved at max_body_bytes).
func TestBytesInFlightCapped(t *testing.T) {
	for _, chunked := range []bool{false, true} {
		s := newSite(t)
		s.handle("/index.html", htmlPage(newsLinks(12), "utf-8"))
		page := "<p>" + strings.Repeat("出", 1<<20/3) + "</p>" // ~1 MiB
		s.handle("/news/", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			if chunked {
				w.(http.Flusher).Flush() // no Content-Length
			} else {
				w.Header().Set("Content-Length", fmt.Sprint(len(page)))
			}
			w.Write([]byte(page))
		})
		opts := testOptions()
		opts.MaxBytesInFlight = 4 << 20
		e := newEnv(t, opts)
		sink := &slowSink{Sink: e.sink, holdPerHit: 30 * time.Millisecond}
		e.c = New(opts, sink, e.db)
		src := s.source("/index.html")
		src.Parallelism = 12
		src.MaxBodyBytes = 3 << 19 // 1.5 MiB: a chunked body reserves that much
		snap, err := e.crawl(src)
		if err != nil || snap.Created != 12 {
			t.Fatalf("chunked %v: %s, %v; want 12 articles", chunked, snap, err)
		}
		if sink.peakBytes > 4<<20 {
			t.Errorf("chunked %v: %d bytes of bodies held at once, cap %d", chunked, sink.peakBytes, 4<<20)
		}
		wantPeak := (4 << 20) / len(page) // 3 pages of just over 1 MiB
		if sink.peak > wantPeak {
			t.Errorf("chunked %v: %d pages held at once, want at most %d", chunked, sink.peak, wantPeak)
		}
		if sink.peak < 2 {
			t.Errorf("chunked %v: pages were handled one at a time; the cap should allow %d", chunked, wantPeak)
		}
	}
}
