package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/zhwatch/zhwatch/internal/crawl"
)

// showProgress rewrites one status line on w every second while a crawl
// runs, if w is a terminal. The returned function stops it.
func showProgress(w io.Writer, stats *crawl.Stats) (stop func()) {
	f, ok := w.(*os.File)
	if !ok {
		return func() {}
	}
	if fi, err := f.Stat(); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return func() {}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			select {
			case <-done:
				fmt.Fprint(f, "\r\033[K")
				return
			case <-tick.C:
				fmt.Fprintf(f, "\r\033[K%s", stats.Snapshot())
			}
		}
	})
	return func() { close(done); wg.Wait() }
}
