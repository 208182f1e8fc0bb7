package crawl

import (
	"context"
	"sync"
	"testing"
	"time"
)

// Two crawler processes (two schedulers, two crawlers, two stores here)
// share one claim record, as they would on PostgreSQL: the run both start
// at once is made by one of them, and a run in another minute is claimed
// afresh.
func TestSchedulersClaimEachRunOnce(t *testing.T) {
	s := newSite(t)
	s.handle("/", htmlPage(`<a href="/news/a">a</a>`, "utf-8"))
	s.handle("/news/a", htmlPage(`<p>正文</p>`, "utf-8"))
	src := s.source("/")

	var mu sync.Mutex
	claims := map[string]string{}
	claimAs := func(who string) func(context.Context, string) (bool, error) {
		return func(_ context.Context, key string) (bool, error) {
			mu.Lock()
			defer mu.Unlock()
			if _, taken := claims[key]; taken {
				return false, nil
			}
			claims[key] = who
			return true, nil
		}
	}
	minute := time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)
	run := func(at time.Time) {
		var wg sync.WaitGroup
		for _, who := range []string{"a", "b"} {
			sched := NewScheduler(newEnv(t, testOptions()).c, nil)
			sched.Claim = claimAs(who)
			sched.Now = func() time.Time { return at }
			wg.Go(func() { sched.crawlOnce(context.Background(), src) })
		}
		wg.Wait()
	}
	run(minute.Add(200 * time.Millisecond))
	if n := s.count("/news/a"); n != 1 {
		t.Fatalf("article fetched %d times by two processes in one tick; want 1", n)
	}
	run(minute.Add(time.Hour + 900*time.Millisecond))
	if n := s.count("/news/a"); n != 2 || len(claims) != 2 {
		t.Errorf("after the next tick: fetched %d times, claims %v; want 2 and one claim per tick", n, claims)
	}
	if _, ok := claims["crawl test 2026-12-03T08:00:00Z"]; !ok {
		t.Errorf("claims %v; want the source and the minute of the tick", claims)
	}
}
