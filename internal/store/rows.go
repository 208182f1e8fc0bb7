package store

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/zhwatch/zhwatch"
)

// The forms both backends store values in. They are one definition, not one
// per backend, because `crawler migrate-store` copies rows from SQLite to
// PostgreSQL as they are: a time or document written by one must read back
// in the other.

// digestTime is how digest times are stored: UTC, fixed width, so text
// order is time order.
const digestTime = "2006-01-02T15:04:05.000000000Z07:00"

// FormatDigestTime is t as a digest row stores it; "" for the zero time.
func FormatDigestTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(digestTime)
}

// ParseDigestTime reads a time written by FormatDigestTime.
func ParseDigestTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(digestTime, s)
}

// UnixMilli is t in milliseconds as frontier and crawl rows store it; 0
// for the zero time.
func UnixMilli(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// DecodeArticle reads an article row's JSON document.
func DecodeArticle(doc string) (zhwatch.Article, error) {
	var a zhwatch.Article
	if err := json.Unmarshal([]byte(doc), &a); err != nil {
		return a, fmt.Errorf("decode stored article: %w", err)
	}
	return a, nil
}
