package api

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/index"
)

// Interval "auto" picks day, week or month from the span between the first
// and the last match: days up to two months, weeks up to a year, months
// beyond, so that a timeline has a few dozen bars at most for most ranges.
const (
	autoInterval = "auto"
	maxDaySpan   = 62 * 24 * time.Hour
	maxWeekSpan  = 366 * 24 * time.Hour
)

// queryTimeline is the JSON of GET /api/v1/timeline.
type queryTimeline struct {
	Query    string        `json:"q"`
	Interval string        `json:"interval"`
	Counts   []index.Count `json:"counts"` // every interval from the first match to the last, empty ones as 0
}

// GET /api/v1/timeline?q=&interval=auto|day|week|month&format=json|csv
// counts the matches of q per interval, oldest first, with every interval
// between the first and the last match present (0 when empty), so that a
// chart drawn from it keeps time to scale.
func (s *server) queryTimeline() http.Handler {
	return s.countsAsJSONOrCSV(func(r *http.Request) (string, []index.Count, any, error) {
		tl, err := s.timelineOf(r)
		return tl.Interval, tl.Counts, tl, err
	})
}

// entityTimeline is GET /api/v1/entities/{id}/timeline, as JSON or CSV.
func (s *server) entityTimeline() http.Handler {
	return s.countsAsJSONOrCSV(func(r *http.Request) (string, []index.Count, any, error) {
		v, err := s.timeline(r)
		tl, _ := v.(timelineResponse)
		return tl.Interval, tl.Counts, v, err
	})
}

// countsAsJSONOrCSV answers with get's value as JSON, or with format=csv
// its counts as CSV: a header row (the interval, articles), then one row an
// interval.
func (s *server) countsAsJSONOrCSV(get func(*http.Request) (interval string, counts []index.Count, v any, err error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		format := r.URL.Query().Get("format")
		interval, counts, v, err := get(r)
		if err == nil && format != "" && format != "json" && format != "csv" {
			err = fmt.Errorf("%w: format %q: want json or csv", zhwatch.ErrInvalid, format)
		}
		if err != nil || format != "csv" {
			s.handle(func(*server, *http.Request) (any, error) { return v, err }).ServeHTTP(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="zhwatch-timeline-`+interval+`.csv"`)
		w.Header().Set("X-Content-Type-Options", "nosniff")
		cw := csv.NewWriter(w)
		cw.Write([]string{interval, "articles"}) //nolint:errcheck // reported by Error below
		for _, c := range counts {
			cw.Write([]string{c.Value, strconv.Itoa(c.Count)}) //nolint:errcheck
		}
		if cw.Flush(); cw.Error() != nil {
			s.Log.Warn("write timeline csv", "err", cw.Error())
		}
	})
}

func (s *server) timelineOf(r *http.Request) (queryTimeline, error) {
	p := r.URL.Query()
	q, iv := p.Get("q"), p.Get("interval")
	if q == "" {
		return queryTimeline{}, fmt.Errorf("%w: q is required, e.g. q=entity:list:*", zhwatch.ErrInvalid)
	}
	if iv == "" {
		iv = autoInterval
	}
	if iv != autoInterval {
		if _, err := index.ParseInterval(iv); err != nil {
			return queryTimeline{}, fmt.Errorf("%w: interval %q: want auto, day, week or month", zhwatch.ErrInvalid, iv)
		}
	}
	// Days, rolled up here: exact, since each article has one day.
	days, err := s.Index.Timeline(r.Context(), index.TimelineRequest{Query: q, Interval: index.Day})
	if err != nil {
		return queryTimeline{}, err
	}
	counts, chosen := rollUp(days, iv)
	return queryTimeline{Query: q, Interval: chosen, Counts: counts}, nil
}

// rollUp turns day counts (oldest first) into counts per interval iv (day,
// week, month, or auto: chosen from the span), from the first day's
// interval to the last's with none missing. It returns the interval used.
func rollUp(days []index.Count, iv string) ([]index.Count, string) {
	var first, last time.Time
	for _, d := range days {
		t, err := time.ParseInLocation("2006-01-02", d.Value, zhwatch.ChinaTime)
		if err != nil {
			continue
		}
		if first.IsZero() || t.Before(first) {
			first = t
		}
		if t.After(last) {
			last = t
		}
	}
	if iv == autoInterval {
		switch span := last.Sub(first); {
		case span <= maxDaySpan:
			iv = string(index.Day)
		case span <= maxWeekSpan:
			iv = string(index.Week)
		default:
			iv = string(index.Month)
		}
	}
	out := []index.Count{}
	if first.IsZero() {
		return out, iv
	}
	at := map[string]int{}
	for t := start(first, iv); !t.After(last); t = next(t, iv) {
		at[bucket(t, iv)] = len(out)
		out = append(out, index.Count{Value: bucket(t, iv), Count: 0})
	}
	for _, d := range days {
		t, err := time.ParseInLocation("2006-01-02", d.Value, zhwatch.ChinaTime)
		if err != nil {
			continue
		}
		out[at[bucket(start(t, iv), iv)]].Count += d.Count
	}
	return out, iv
}

// fillGaps adds the missing intervals (as 0) between the first and the last
// of counts, named as the index names them.
func fillGaps(counts []index.Count, iv index.Interval) []index.Count {
	days := make([]index.Count, 0, len(counts))
	for _, c := range counts {
		v := c.Value
		if iv == index.Month {
			v += "-01"
		}
		days = append(days, index.Count{Value: v, Count: c.Count})
	}
	out, _ := rollUp(days, string(iv))
	return out
}

// start is the first day of the interval t falls in (weeks start on Monday).
func start(t time.Time, iv string) time.Time {
	switch index.Interval(iv) {
	case index.Week:
		return t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7))
	case index.Month:
		return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, t.Location())
	}
	return t
}

func next(t time.Time, iv string) time.Time {
	switch index.Interval(iv) {
	case index.Week:
		return t.AddDate(0, 0, 7)
	case index.Month:
		return t.AddDate(0, 1, 0)
	}
	return t.AddDate(0, 0, 1)
}

// bucket names an interval as the index does: 2024-03-05 for a day or a
// week (its Monday), 2024-03 for a month.
func bucket(t time.Time, iv string) string {
	if index.Interval(iv) == index.Month {
		return t.Format("2006-01")
	}
	return t.Format("2006-01-02")
}
