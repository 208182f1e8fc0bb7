package crawl

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/zhwatch/zhwatch/internal/netguard"
)

// BenchmarkFetch is the fetch path alone (client, colly, transport, budget)
// on a ~30 KB article page served from loopback, declared UTF-8 or GBK
// (colly re-encodes a GBK body to UTF-8 for its callbacks; the page keeps
// the raw bytes). The server's work is in the figures too.
func BenchmarkFetch(b *testing.B) {
	text := strings.Repeat("<p>美国商务部工业与安全局将多家中国实体列入出口管制实体清单。</p>\n", 300)
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(text)
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct{ charset, body string }{{"utf-8", text}, {"gbk", gbk}} {
		b.Run(tc.charset, func(b *testing.B) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html; charset="+tc.charset)
				w.Write([]byte(tc.body))
			}))
			defer srv.Close()
			c := New(testOptions(), nil, nil)
			lim := fetchLimits{timeout: 10 * time.Second, maxBody: 1 << 20,
				scope: netguard.Scope{Allowed: func(*url.URL) bool { return true }}}
			ctx := context.Background()
			col := c.newCollector(ctx, &lim.scope, lim.maxBody)
			b.SetBytes(int64(len(tc.body)))
			b.ReportAllocs()
			for b.Loop() {
				reserved, err := c.mem.reserve(ctx, advanceBytes)
				if err != nil {
					b.Fatal(err)
				}
				res := c.fetch(ctx, col, "bench", srv.URL+"/news/a.html", "", &lim, nil, reserved)
				if res.err != nil || len(res.page.Body) != len(tc.body) {
					b.Fatalf("%v, %d bytes", res.err, len(res.page.Body))
				}
				c.mem.release(res.held)
			}
		})
	}
}
