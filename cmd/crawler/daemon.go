package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/zhwatch/zhwatch/internal/crawl"
)

func runDaemon(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, flags := newFlagSet("run", "run [--config FILE] [--now=false] [--metrics ADDR]", stderr)
	now := fs.Bool("now", true, "also crawl every source once at start, not only on its schedule")
	metricsAddr := fs.String("metrics", "", "serve Prometheus metrics at http://ADDR/metrics (e.g. 127.0.0.1:9464)")
	if help, err := parse(fs, args); help || err != nil {
		return err
	}
	s, err := setUp(ctx, flags, stderr)
	if err != nil {
		return err
	}
	defer s.store.Close()
	sources, err := s.sources("")
	if err != nil {
		return err
	}
	for _, src := range sources {
		runs, err := s.store.Runs(ctx, src.Name, 10)
		if err != nil {
			return err
		}
		s.metrics.ShowHealth(crawl.HealthOf(src.Name, runs))
	}
	if *metricsAddr != "" {
		stop, err := serveMetrics(*metricsAddr, s)
		if err != nil {
			return err
		}
		defer stop()
		fmt.Fprintf(stdout, "crawler: metrics at http://%s/metrics\n", *metricsAddr)
	}
	fmt.Fprintf(stdout, "crawler: %d source(s) scheduled; stop with Ctrl-C or SIGTERM\n", len(sources))
	sched := crawl.NewScheduler(s.crawler, s.log.With("component", "scheduler"))
	// On a store shared by several crawler processes each tick runs once.
	if s.shared {
		host, _ := os.Hostname()
		holder := fmt.Sprintf("%s:%d", host, os.Getpid())
		sched.Claim = func(ctx context.Context, key string) (bool, error) { return s.store.ClaimOnce(ctx, key, holder) }
		sched.Help = true // a tick another process claimed is shared host by host
	}
	if err := sched.Run(ctx, sources, *now); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "crawler: stopped")
	return nil
}

// serveMetrics serves the crawler's registry at addr until stop is called.
func serveMetrics(addr string, s *crawlSetup) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("%w: --metrics %s: %v", errUsage, addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(s.registry, promhttp.HandlerOpts{}))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("metrics server", "err", err)
		}
	}()
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(ctx) //nolint:errcheck // shutting down at exit
	}, nil
}
