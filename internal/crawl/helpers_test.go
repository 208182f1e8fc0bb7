package crawl

import (
	"context"
	"fmt"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/config"
	"github.com/zhwatch/zhwatch/internal/netguard"
	"github.com/zhwatch/zhwatch/internal/store"
	"github.com/zhwatch/zhwatch/internal/store/sqlite"
)

// storeSink stores pages in a real SQLite store and, for article pages, an
// article whose body is the page's text between <p> and </p> (no extractor:
// crawl tests are about what gets fetched and kept).
type storeSink struct {
	db *sqlite.DB
	// published is the date given to every article; "" leaves it unknown.
	published string
}

var paragraph = regexp.MustCompile(`(?s)<p>(.*?)</p>`)

func (s *storeSink) SavePage(ctx context.Context, p zhwatch.Page, isArticle bool) (bool, error) {
	id, err := s.db.PutPage(ctx, p)
	if err != nil {
		return false, err
	}
	if !isArticle || p.Status < 200 || p.Status > 299 {
		return false, nil
	}
	if mt, _, _ := mime.ParseMediaType(p.ContentType()); mt != "text/html" && mt != "" {
		return false, zhwatch.ErrNotHTML
	}
	var body []string
	for _, m := range paragraph.FindAllSubmatch(p.Body, -1) {
		body = append(body, string(m[1]))
	}
	_, created, err := s.db.PutArticle(ctx, zhwatch.Article{PageID: id, Source: p.Source, URL: p.FinalURL,
		Body: strings.Join(body, "\n"), PublishedAt: s.published})
	return created, err
}

// env is one test's store, sink and crawler.
type env struct {
	t     *testing.T
	db    *sqlite.DB
	sink  *storeSink
	c     *Crawler
	stats *Stats
}

// testOptions are short timeouts and back-offs so hostile cases end fast.
func testOptions() Options {
	return Options{
		UserAgent:      agent,
		ConnectTimeout: time.Second,
		HeaderTimeout:  time.Second,
		RobotsTimeout:  time.Second,
		Retries:        2,
		RetryBase:      5 * time.Millisecond,
		RetryCeiling:   20 * time.Millisecond,
		MaxRetryAfter:  3 * time.Second,
		FrontierFlush:  5 * time.Millisecond,
		// httptest serves on loopback, which the policy refuses by default.
		Network: netguard.Guard{AllowPrivate: true},
	}
}

func newEnv(t *testing.T, opts Options) *env {
	t.Helper()
	db, err := sqlite.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	sink := &storeSink{db: db}
	return &env{t: t, db: db, sink: sink, c: New(opts, sink, db), stats: &Stats{}}
}

// crawl runs one pass of src and returns its stats.
func (e *env) crawl(src *config.Source) (Snapshot, error) {
	e.t.Helper()
	stats := &Stats{}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	err := e.c.Crawl(ctx, src, stats)
	return stats.Snapshot(), err
}

// pages returns the stored fetches of u, oldest first.
func (e *env) pages(u string) []zhwatch.Page {
	e.t.Helper()
	vs, err := e.db.PageVersions(context.Background(), u)
	if err != nil {
		e.t.Fatal(err)
	}
	var out []zhwatch.Page
	for _, v := range vs {
		p, err := e.db.Page(context.Background(), v.PageID)
		if err != nil {
			e.t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

// article returns the stored article at u, if any.
func (e *env) article(u string) (zhwatch.Article, bool) {
	a, err := e.db.Article(context.Background(), zhwatch.ArticleID(u))
	return a, err == nil
}

func (e *env) articleCount() int64 {
	_, n, err := e.db.Counts(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

func (e *env) frontier(source string) []store.FrontierItem {
	items, err := e.db.Frontier(context.Background(), source)
	if err != nil {
		e.t.Fatal(err)
	}
	return items
}

// site is a loopback server built from handlers by path, which counts
// requests per path (query included) and in flight.
type site struct {
	mu       sync.Mutex
	mux      *http.ServeMux
	counts   map[string]int
	starts   []time.Time
	agents   []string // User-Agent of each request, as starts
	inFlight int
	peak     int
	srv      interface{ Close() }
	URL      string
}

func (s *site) handle(pattern string, h http.HandlerFunc) { s.mux.HandleFunc(pattern, h) }

func (s *site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.counts[r.URL.RequestURI()]++
	s.starts = append(s.starts, time.Now())
	s.agents = append(s.agents, r.UserAgent())
	s.inFlight++
	s.peak = max(s.peak, s.inFlight)
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.inFlight--
		s.mu.Unlock()
	}()
	s.mux.ServeHTTP(w, r)
}

func (s *site) count(uri string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts[uri]
}

func (s *site) total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for uri, c := range s.counts {
		if uri != "/robots.txt" {
			n += c
		}
	}
	return n
}

// newsLinks is a list page linking /news/0.html … /news/{n-1}.html.
func newsLinks(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `<a href="/news/%d.html">%d</a>`, i, i)
	}
	return b.String()
}

// htmlPage serves body as text/html with the given charset ("" for none).
func htmlPage(body, charset string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ct := "text/html"
		if charset != "" {
			ct += "; charset=" + charset
		}
		w.Header().Set("Content-Type", ct)
		w.Write([]byte(body))
	}
}

// source returns a source for the site with one seed and articles under /news/.
func (s *site) source(seeds ...string) *config.Source {
	u, _ := url.Parse(s.URL)
	src := &config.Source{
		Name:         "test",
		AllowedHosts: []string{u.Host},
		Article:      regexp.MustCompile(`/news/[^/]+$`),
		Parallelism:  4,
		Timeout:      2 * time.Second,
		MaxBodyBytes: 1 << 20,
		MaxDepth:     2,

		MaxPagesPerRun: 50000,
		RecrawlEvery:   time.Hour,
	}
	for _, p := range seeds {
		src.Seeds = append(src.Seeds, s.URL+p)
	}
	return src
}

func newSite(t *testing.T) *site {
	t.Helper()
	s := &site{mux: http.NewServeMux(), counts: map[string]int{}}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	s.srv, s.URL = srv, srv.URL
	return s
}
