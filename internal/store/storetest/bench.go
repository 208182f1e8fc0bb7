package storetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/store"
)

// BenchPutPageArticle measures what a crawl costs the store per article
// page: one page and its article in one transaction, 20 KB of body, a
// fingerprint of 16 bands.
func BenchPutPageArticle(b *testing.B, s store.Store) {
	ctx := context.Background()
	body := make([]byte, 20<<10)
	for i := range body {
		body[i] = byte('a' + i%26)
	}
	bands := make([]int64, 16)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		u := fmt.Sprintf("http://h%d.test/a/%d", i%20, i)
		for j := range bands {
			bands[j] = int64(i*31 + j)
		}
		_, _, err := s.PutPageArticle(ctx, zhwatch.Page{Source: "bench", URL: u, FinalURL: u, Status: 200, Body: body},
			zhwatch.Article{Source: "bench", URL: u, Title: "标题", Body: "正文",
				Fingerprint: zhwatch.Fingerprint{Signature: body[:128], Bands: bands}})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}
