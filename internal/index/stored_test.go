package index

import (
	"context"
	"slices"
	"testing"
	"time"
)

func TestStoredSinceOldestFirst(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2025, 3, d, 8, 0, 0, 0, time.UTC) }
	src := manyArticles(5)
	for i := range src {
		src[i].StoredAt = day(10 - i) // a004 stored first, a000 last
	}
	src[2].Body = "光刻机的新闻。" // no 芯片
	ix := openWith(t, src, nil)
	for _, c := range []struct {
		after time.Time
		limit int
		want  []string
	}{
		{day(6), 10, []string{"a003", "a001", "a000"}}, // a004 at day 6 is not after it
		{day(6), 2, []string{"a003", "a001"}},
		{day(10), 10, nil},
		{time.Time{}, 10, []string{"a004", "a003", "a001", "a000"}},
	} {
		got, err := ix.StoredSince(context.Background(), "英伟达", c.after, c.limit)
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("StoredSince(%s, %d) = %v, %v; want %v", c.after.Format(time.DateOnly), c.limit, got, err, c.want)
		}
	}
}
