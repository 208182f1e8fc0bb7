package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/store"
)

// BenchPutPageArticle measures what a crawl costs the store per article
// page: one page and its article per call, a distinct body of about 10 KB
// (the rig's average), an article of about 4 KB and a fingerprint of 21
// random band keys, as a crawl writes them. "serial" is one writer;
// "16-writers" is a crawl's 16 workers storing at once, where a store may
// share commits between them.
func BenchPutPageArticle(b *testing.B, s store.Store) {
	for _, writers := range []int{1, 16} {
		name := "serial"
		if writers > 1 {
			name = fmt.Sprintf("%d-writers", writers)
		}
		b.Run(name, func(b *testing.B) { benchPut(b, s, writers) })
	}
}

func benchPut(b *testing.B, s store.Store, writers int) {
	ctx := context.Background()
	var next atomic.Int64
	next.Store(rand.Int64N(1 << 40)) // sub-benchmarks and -count runs share the store: new URLs each time
	filler := strings.Repeat("出口管制与人工智能政策。", 120)
	b.ReportAllocs()
	b.ResetTimer()
	var wg sync.WaitGroup
	var (
		failOnce sync.Once
		failed   error
	)
	per := b.N / writers
	for w := range writers {
		n := per
		if w == 0 {
			n += b.N % writers
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 1))
			for range n {
				i := next.Add(1)
				u := fmt.Sprintf("http://h%d.test/a/%d", i%20, i)
				body := []byte(fmt.Sprintf("<html><body><p>%d</p>%s%s</body></html>", i, filler, filler))
				bands := make([]int64, 21)
				for j := range bands {
					bands[j] = rng.Int64()
				}
				_, _, err := s.PutPageArticle(ctx, zhwatch.Page{Source: "bench", URL: u, FinalURL: u, Status: 200, Body: body},
					zhwatch.Article{Source: "bench", URL: u, Title: fmt.Sprintf("标题 %d", i), Body: filler,
						Fingerprint: zhwatch.Fingerprint{Signature: body[:128], Bands: bands}})
				if err != nil {
					failOnce.Do(func() { failed = err })
					return
				}
			}
		}()
	}
	wg.Wait()
	b.StopTimer()
	if failed != nil {
		b.Fatal(failed)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}
