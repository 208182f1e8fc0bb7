package index

import (
	"fmt"
	"time"

	"github.com/zhwatch/zhwatch"
)

// Interval is the width of a timeline bucket.
type Interval string

// Timeline intervals.
const (
	Day   Interval = "day"
	Week  Interval = "week" // weeks start on Monday
	Month Interval = "month"
)

// ParseInterval reads day, week or month ("" is week).
func ParseInterval(s string) (Interval, error) {
	switch Interval(s) {
	case "":
		return Week, nil
	case Day, Week, Month:
		return Interval(s), nil
	}
	return "", fmt.Errorf("%w: interval %q: want day, week or month", zhwatch.ErrInvalid, s)
}

// bucket names the interval t falls in, in China time: 2024-03-05 for a
// day, the Monday's date for a week, 2024-03 for a month.
func (iv Interval) bucket(t time.Time) string {
	t = t.In(zhwatch.ChinaTime)
	switch iv {
	case Day:
		return t.Format("2006-01-02")
	case Week:
		back := (int(t.Weekday()) + 6) % 7 // days since Monday
		return t.AddDate(0, 0, -back).Format("2006-01-02")
	}
	return t.Format("2006-01")
}

func (iv Interval) field() string {
	switch iv {
	case Day:
		return fieldDay
	case Week:
		return fieldWeek
	}
	return fieldMonth
}
