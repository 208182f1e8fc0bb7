package main

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"
)

// signalWriter reports its first write on written and, if hold is not
// nil, blocks every write until hold is closed: it pauses a command at the
// point where it prints.
type signalWriter struct {
	once    sync.Once
	written chan struct{}
	hold    chan struct{}
	mu      sync.Mutex
	buf     bytes.Buffer
}

func newSignalWriter(hold chan struct{}) *signalWriter {
	return &signalWriter{written: make(chan struct{}), hold: hold}
}

func (w *signalWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	w.buf.Write(p)
	w.mu.Unlock()
	w.once.Do(func() { close(w.written) })
	if w.hold != nil {
		<-w.hold
	}
	return len(p), nil
}

func (w *signalWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

func wait(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(time.Minute):
		t.Fatalf("%s: not within a minute", what)
	}
}

// `search reindex` while `search serve` runs, and `search serve` while
// `search reindex` runs, are each refused at once with a message saying
// why; neither is handed an index the other is replacing.
func TestReindexAndServeExcludeEachOther(t *testing.T) {
	data := storeDemo(t)
	args := func(cmd string, more ...string) []string {
		return append([]string{cmd, "--data", data}, more...)
	}
	// A command that is wrongly let in (a serve) ends with this context.
	brief := func() context.Context {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		t.Cleanup(cancel)
		return ctx
	}
	refused := func(what string, err error, stderr *bytes.Buffer) {
		t.Helper()
		if code := exitCode(err, stderr); code != 1 || !strings.Contains(stderr.String(), "in use by another process") {
			t.Errorf("%s: exit %d, stderr %q; want exit 1 saying the index is in use", what, code, stderr)
		}
	}

	// serve first, then reindex.
	ctx, stop := context.WithCancel(context.Background())
	served := newSignalWriter(nil)
	serveDone := make(chan error, 1)
	go func() { serveDone <- run(ctx, args("serve", "--addr", "127.0.0.1:0"), served, &bytes.Buffer{}) }()
	wait(t, served.written, "serve starting")
	var stderr bytes.Buffer
	refused("reindex while serve runs", run(brief(), args("reindex"), &bytes.Buffer{}, &stderr), &stderr)
	stop()
	if err := <-serveDone; err != nil {
		t.Fatalf("serve: %v", err)
	}

	// reindex first (paused at its first progress line), then serve.
	hold := make(chan struct{})
	progress := newSignalWriter(hold)
	reindexDone := make(chan error, 1)
	var out bytes.Buffer
	go func() { reindexDone <- run(context.Background(), args("reindex"), &out, progress) }()
	wait(t, progress.written, "reindex starting")
	stderr.Reset()
	refused("serve while reindex runs", run(brief(), args("serve", "--addr", "127.0.0.1:0"), &bytes.Buffer{}, &stderr), &stderr)
	stderr.Reset()
	refused("query while reindex runs", run(brief(), args("query", "出口管制"), &bytes.Buffer{}, &stderr), &stderr)
	close(hold)
	if err := <-reindexDone; err != nil || !strings.Contains(out.String(), "reindexed 9 articles") {
		t.Fatalf("reindex: %v, %q %q", err, out.String(), progress)
	}
}
