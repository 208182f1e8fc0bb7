package digest_test

import (
	"context"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/config"
	"github.com/zhwatch/zhwatch/internal/digest"
	"github.com/zhwatch/zhwatch/internal/query"
	"github.com/zhwatch/zhwatch/internal/store/sqlite"
)

// clock is a settable clock shared by the store and the runner.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2025, 8, 28, 0, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func openDB(t *testing.T, dir string, clk *clock) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if clk != nil {
		db.Now = clk.Now
	}
	return db
}

// put stores an article with the given title and body, tagged with tags
// (entity ids), at the store clock's time.
func put(t *testing.T, db *sqlite.DB, url, title, body string, tags ...string) zhwatch.Article {
	t.Helper()
	a := zhwatch.Article{Source: "demo-news", URL: url, Title: title, Body: body,
		PublishedAt: "2025-08-27", Normalized: strings.ToLower(title + "\n" + body), Topics: []string{"export-controls"}}
	for _, id := range tags {
		a.Tags = append(a.Tags, zhwatch.Tag{ID: id, Type: strings.SplitN(id, ":", 2)[0], Text: id[strings.Index(id, ":")+1:]})
	}
	pageID, err := db.PutPage(context.Background(), zhwatch.Page{Source: a.Source, URL: url, FinalURL: url, Status: 200,
		FetchedAt: db.Now(), Body: []byte("<html></html>")})
	if err != nil {
		t.Fatal(err)
	}
	a.PageID = pageID
	stored, _, err := db.PutArticle(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	return stored
}

// storeFinder stands in for the search index: it evaluates a parsed query
// against the stored articles (words in the normalised text, entity and
// source filters, dates) and marks the first matched word in the body.
type storeFinder struct {
	db interface {
		ArticlesSince(ctx context.Context, seq int64, limit int) ([]zhwatch.Article, error)
	}
	calls int
	hide  map[string]bool // article ids the "index" has not caught up with
}

func (f *storeFinder) Find(ctx context.Context, q string, storedAfter time.Time, limit int) ([]digest.Match, error) {
	f.calls++
	pq, err := query.Parse(q)
	if err != nil {
		return nil, err
	}
	all, err := f.db.ArticlesSince(ctx, 0, 100000)
	if err != nil {
		return nil, err
	}
	sort.SliceStable(all, func(i, j int) bool {
		if !all[i].StoredAt.Equal(all[j].StoredAt) {
			return all[i].StoredAt.Before(all[j].StoredAt)
		}
		return all[i].ID < all[j].ID
	})
	var out []digest.Match
	for _, a := range all {
		if !a.StoredAt.After(storedAfter) || f.hide[a.ID] || !matches(pq.Root, a) {
			continue
		}
		out = append(out, digest.Match{ID: a.ID, Snippet: snippet(pq.Root, a)})
		if len(out) == limit {
			break
		}
	}
	return out, nil
}

func matches(n query.Node, a zhwatch.Article) bool {
	switch n := n.(type) {
	case query.And:
		for _, c := range n.Nodes {
			if !matches(c, a) {
				return false
			}
		}
		return true
	case query.Or:
		for _, c := range n.Nodes {
			if matches(c, a) {
				return true
			}
		}
		return false
	case query.Not:
		return !matches(n.Node, a)
	case query.Text:
		if n.Title {
			return strings.Contains(strings.ToLower(a.Title), strings.ToLower(n.Text))
		}
		return strings.Contains(a.Normalized, strings.ToLower(n.Text))
	case query.Keyword:
		var values []string
		switch n.Field {
		case query.FieldSource:
			values = []string{a.Source}
		case query.FieldEntity:
			for _, t := range a.Tags {
				values = append(values, t.ID)
			}
		case query.FieldType:
			for _, t := range a.Tags {
				values = append(values, t.Type)
			}
		}
		for _, v := range values {
			if v == n.Value || n.Prefix && strings.HasPrefix(v, n.Value) {
				return true
			}
		}
		return false
	case query.Date:
		p, ok := a.Published()
		return ok && (n.After && !p.Before(n.Time) || !n.After && p.Before(n.Time))
	}
	return false
}

// snippet marks the first word of the query found in the body, the way
// the index does: escaped text, <mark> around the match.
func snippet(n query.Node, a zhwatch.Article) string {
	var words []string
	query.Walk(n, func(n query.Node) {
		if t, ok := n.(query.Text); ok {
			words = append(words, t.Text)
		}
	})
	body := []rune(a.Body)
	for _, w := range words {
		i := strings.Index(a.Body, w)
		if i < 0 {
			continue
		}
		start := len([]rune(a.Body[:i]))
		from, to := max(0, start-20), min(len(body), start+len([]rune(w))+20)
		return html.EscapeString(string(body[from:start])) + "<mark>" + html.EscapeString(w) + "</mark>" +
			html.EscapeString(string(body[start+len([]rune(w)):to]))
	}
	return html.EscapeString(string(body[:min(len(body), 40)]))
}

// memSender records what it was sent; fail makes the next sends fail.
type memSender struct {
	name string
	mu   sync.Mutex
	sent []string // digest ids, one per attempt that succeeded
	msgs []*digest.Message
	fail int // this many next attempts fail
	err  error
	hits int // attempts
}

func (s *memSender) Name() string { return s.name }
func (s *memSender) Close() error { return nil }
func (s *memSender) Send(ctx context.Context, m *digest.Message) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hits++
	if s.fail > 0 {
		s.fail--
		if s.err != nil {
			return s.err
		}
		return fmt.Errorf("mail server said 451 try later")
	}
	s.sent = append(s.sent, m.ID)
	s.msgs = append(s.msgs, m)
	return nil
}

// watchlist is the demo's export-controls watchlist with the given
// deliveries.
func watchlist(deliveries ...config.Delivery) config.Watchlist {
	return config.Watchlist{Name: "export-controls", Query: "出口管制 OR entity:list:*", MaxItems: 50,
		OfficialHosts: []string{"gov.cn"}, Deliveries: deliveries}
}

// openWith returns an Open that hands out the given senders in order of
// the deliveries.
func openWith(senders ...digest.Sender) func(context.Context, config.Delivery, digest.Env) (digest.Sender, error) {
	i := 0
	return func(context.Context, config.Delivery, digest.Env) (digest.Sender, error) {
		s := senders[i]
		i++
		return s, nil
	}
}

// ids lists the item ids of a digest.
func ids(d *digest.Digest) []string {
	var out []string
	for _, it := range d.Items {
		out = append(out, it.ID)
	}
	return out
}

// digestFiles lists the digest files written into dir.
func digestFiles(t *testing.T, dir string) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	for i, n := range names {
		names[i] = filepath.Base(n)
	}
	return names
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var _ digest.Store = (*sqlite.DB)(nil) // the store satisfies what digests need
