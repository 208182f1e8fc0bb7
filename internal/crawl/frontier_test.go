package crawl

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/store"
	"github.com/zhwatch/zhwatch/internal/store/sqlite"
)

// flakyState fails frontier writes while fail > 0 (counting down), or
// always when fail < 0.
type flakyState struct {
	*sqlite.DB
	mu   sync.Mutex
	fail int
}

func (f *flakyState) UpdateFrontier(ctx context.Context, u store.FrontierUpdate) error {
	if len(u.Add)+len(u.Retry)+len(u.Done) == 0 {
		return nil
	}
	f.mu.Lock()
	failing := f.fail != 0
	if f.fail > 0 {
		f.fail--
	}
	f.mu.Unlock()
	if failing {
		return errors.New("disk I/O error")
	}
	return f.DB.UpdateFrontier(ctx, u)
}

// TestFrontierWriteFailuresNotDropped: a failed batch is written again with
// the next one; if the last write fails the crawl returns the error.
func TestFrontierWriteFailuresNotDropped(t *testing.T) {
	s := newSite(t)
	s.handle("/index.html", htmlPage(`<a href="/news/a">a</a><a href="/news/b">b</a>`, "utf-8"))
	s.handle("/news/", htmlPage("<p>正文</p>", "utf-8"))

	e := newEnv(t, testOptions())
	flaky := &flakyState{DB: e.db, fail: 2}
	e.c = New(testOptions(), e.sink, flaky)
	if _, err := e.crawl(s.source("/index.html")); err != nil {
		t.Fatalf("two failed writes then successes: %v", err)
	}
	if left := e.frontier("test"); len(left) != 0 {
		t.Errorf("frontier after a complete run = %v; the failed batches were not written again", left)
	}

	flaky.fail = -1
	s2 := newSite(t)
	s2.handle("/index.html", htmlPage(`<a href="/news/c">c</a>`, "utf-8"))
	s2.handle("/news/", htmlPage("<p>正文</p>", "utf-8"))
	_, err := e.crawl(s2.source("/index.html"))
	if err == nil || !strings.Contains(err.Error(), "write frontier") {
		t.Errorf("every write failing: err = %v, want the frontier error returned", err)
	}
}

// kindSink fails article pages by URL suffix, the way ingest does.
type kindSink struct{ Sink }

func (k kindSink) SavePage(ctx context.Context, p zhwatch.Page, isArticle bool) (bool, error) {
	switch {
	case strings.HasSuffix(p.URL, "/news/deep"):
		return false, fmt.Errorf("extract %s: %w: %w", p.URL, zhwatch.ErrExtract, zhwatch.ErrUnparsable)
	case strings.HasSuffix(p.URL, "/news/empty"):
		return false, fmt.Errorf("extract %s: %w: no body", p.URL, zhwatch.ErrExtract)
	case strings.HasSuffix(p.URL, "/news/disk"):
		return false, errors.New("database or disk is full")
	}
	return k.Sink.SavePage(ctx, p, isArticle)
}

// TestErrorKindsSayWhatFailed: parse, extraction and store failures are
// counted apart.
func TestErrorKindsSayWhatFailed(t *testing.T) {
	s := newSite(t)
	s.handle("/index.html", htmlPage(`<a href="/news/deep">1</a><a href="/news/empty">2</a><a href="/news/disk">3</a><a href="/news/ok">4</a>`, "utf-8"))
	s.handle("/news/", htmlPage("<p>正文</p>", "utf-8"))
	e := newEnv(t, testOptions())
	e.c = New(testOptions(), kindSink{e.sink}, e.db)
	snap, _ := e.crawl(s.source("/index.html"))
	for kind, want := range map[string]int64{"parse": 1, "extract": 1, "store": 1} {
		if snap.Failures[kind] != want {
			t.Errorf("failures %v; want %s %d", snap.Failures, kind, want)
		}
	}
	if snap.Created != 1 {
		t.Errorf("stats %s; want the good article stored", snap)
	}
}
