package crawl

import (
	"testing"
	"time"

	"github.com/zhwatch/zhwatch/internal/store"
)

func TestStarved(t *testing.T) {
	at := time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)
	quiet := func(i int) store.Run { // answered, nothing new
		return store.Run{ID: int64(10 - i), Source: "people", StartedAt: at.Add(-time.Duration(i) * time.Hour),
			FinishedAt: at.Add(-time.Duration(i)*time.Hour + time.Minute), Pages: 2, NotModified: 1}
	}
	runs := func(mod ...func([]store.Run)) []store.Run {
		rs := []store.Run{quiet(0), quiet(1), quiet(2), quiet(3)}
		for _, m := range mod {
			m(rs)
		}
		return rs
	}
	cases := []struct {
		name string
		runs []store.Run
		want bool
	}{
		{"three quiet runs", runs(), true},
		{"a new article in the last three", runs(func(rs []store.Run) { rs[2].ArticlesNew = 1 }), false},
		{"a new article before them", runs(func(rs []store.Run) { rs[3].ArticlesNew = 5 }), true},
		{"a failed run (seeds did not answer)", runs(func(rs []store.Run) { rs[1].Err = "seed x: Not Found" }), false},
		{"a run that fetched nothing", runs(func(rs []store.Run) { rs[0].Pages, rs[0].NotModified = 0, 0 }), false},
		{"an unfinished run is passed over", runs(func(rs []store.Run) { rs[0].FinishedAt = time.Time{} }), true},
		{"only two runs", runs()[:2], false},
	}
	for _, c := range cases {
		if got := HealthOf("people", c.runs).Starved; got != c.want {
			t.Errorf("%s: Starved = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestBudget(t *testing.T) {
	for _, c := range []struct {
		interval time.Duration
		want     int
	}{{0, 0}, {2 * time.Second, 1800}, {2 * time.Minute, 30}} {
		if got := (Budget{Interval: c.interval}).PerHour(); got != c.want {
			t.Errorf("Budget{%v}.PerHour() = %d, want %d", c.interval, got, c.want)
		}
	}
}
