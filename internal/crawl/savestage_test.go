package crawl

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/zhwatch/zhwatch"
)

// heldSink holds every article page until release is closed.
type heldSink struct {
	*storeSink
	release chan struct{}
}

func (s *heldSink) SavePage(ctx context.Context, p zhwatch.Page, isArticle bool) (bool, error) {
	if isArticle {
		<-s.release
	}
	return s.storeSink.SavePage(ctx, p, isArticle)
}

// A worker hands a page to the store stage and fetches on. With one worker
// and a store holding every article back, all pages are fetched while none
// is stored, and the articles stay in the frontier until they are.
func TestStoreStageFetchesWhileStoring(t *testing.T) {
	s := newSite(t)
	s.handle("/index.html", htmlPage(newsLinks(5), ""))
	s.handle("/news/", htmlPage("<p>正文</p>", "utf-8"))
	e := newEnv(t, testOptions())
	sink := &heldSink{storeSink: e.sink, release: make(chan struct{})}
	e.c = New(testOptions(), sink, e.db)
	src := s.source("/index.html")
	src.Parallelism = 1

	finished := make(chan error, 1)
	go func() {
		_, err := e.crawl(src)
		finished <- err
	}()
	waitFor(t, "every page fetched", func() bool { return s.total() == 6 })
	waitFor(t, "the articles queued in the store's frontier", func() bool {
		n := 0
		for _, it := range e.frontier("test") {
			if strings.Contains(it.URL, "/news/") {
				n++
			}
		}
		return n == 5
	})
	if n := e.articleCount(); n != 0 {
		t.Fatalf("%d articles stored before the store let any through", n)
	}
	close(sink.release)
	if err := <-finished; err != nil {
		t.Fatal(err)
	}
	if n := e.articleCount(); n != 5 {
		t.Errorf("%d articles stored, want 5", n)
	}
	if left := e.frontier("test"); len(left) != 0 {
		t.Errorf("frontier after the run: %v", left)
	}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}
