package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"sync"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/zhwatch/zhwatch/internal/config"
	"github.com/zhwatch/zhwatch/internal/crawl"
)

func runOnce(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, flags := newFlagSet("once", "once [--config FILE] [--source NAME]", stderr)
	only := fs.String("source", "", "crawl only this source")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile (pprof) of the crawl to this file")
	metricsFile := fs.String("metrics-file", "", "write the crawl's Prometheus metrics (text format) to this file at the end")
	if help, err := parse(fs, args); help || err != nil {
		return err
	}
	if *cpuProfile != "" {
		stopProfile, err := startCPUProfile(*cpuProfile)
		if err != nil {
			return err
		}
		defer stopProfile()
	}
	s, err := setUp(ctx, flags, stderr)
	if err != nil {
		return err
	}
	defer s.store.Close()
	sources, err := s.sources(*only)
	if err != nil {
		return err
	}

	stats := &crawl.Stats{}
	stopProgress := showProgress(stderr, stats)
	err = crawlAll(ctx, s.crawler, sources, stats)
	stopProgress()

	snap := stats.Snapshot()
	s.log.Info("crawl finished", "sources", len(sources), "pages", snap.Pages,
		"articles_new", snap.Created, "articles_updated", snap.Updated, "errors", snap.Errors())
	pages, articles, cerr := s.store.Counts(ctx)
	if cerr != nil {
		return errors.Join(err, cerr)
	}
	fmt.Fprintf(stdout, "crawled %d source(s): %s\nstore %s: %d pages, %d articles\n",
		len(sources), snap, s.store.Path(), pages, articles)
	if *metricsFile != "" {
		if merr := prometheus.WriteToTextfile(*metricsFile, s.registry); merr != nil {
			return errors.Join(err, fmt.Errorf("write metrics: %w", merr))
		}
	}
	return err
}

// crawlAll crawls the sources side by side and joins their errors.
func crawlAll(ctx context.Context, c *crawl.Crawler, sources []*config.Source, stats *crawl.Stats) error {
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
	)
	for _, src := range sources {
		wg.Go(func() {
			if err := c.Crawl(ctx, src, stats); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// startCPUProfile profiles the process into path until the returned
// function is called.
func startCPUProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("cpu profile %s: %w", path, err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}
