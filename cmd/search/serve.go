package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/zhwatch/zhwatch/internal/api"
	"github.com/zhwatch/zhwatch/internal/config"
	"github.com/zhwatch/zhwatch/internal/digest"
	"github.com/zhwatch/zhwatch/internal/index"
)

// syncEvery is how often serve looks for new articles in the store when the
// store does not wake it (PostgreSQL does, at once).
const syncEvery = 2 * time.Second

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, flags := newFlagSet("serve", "serve [--addr HOST:PORT] [--data DIR] [--config FILE]", stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "listen address")
	fs.Lookup("config").Usage += "; its watchlists are sent as digests on their schedules and served as /feeds/{watchlist}.atom"
	if help, err := parse(fs, args); help || err != nil {
		return err
	}
	flags.secrets = true
	if err := flags.resolve(); err != nil {
		return err
	}
	cfg := flags.cfg
	log := slog.New(slog.NewTextHandler(stderr, nil))
	o, err := open(ctx, flags, false, nil)
	if err != nil {
		return err
	}
	defer o.Close()
	// The follower and the digest schedules use the store and the index:
	// they stop, and are waited for, before those are closed above.
	ctx, stop := context.WithCancel(ctx)
	var workers sync.WaitGroup
	defer workers.Wait()
	defer stop()

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	handler := newHandler(o, log.With("component", "api"))
	if cfg != nil {
		if handler, err = withDigests(ctx, &workers, o, cfg, handler, log); err != nil {
			return err
		}
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 5 * time.Second, WriteTimeout: 30 * time.Second}
	fmt.Fprintf(stdout, "search: serving http://%s/ (API: /api/v1/search?q=出口管制)\n", ln.Addr())

	workers.Go(func() { keepInStep(ctx, o, log.With("component", "sync"), syncEvery) })
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// withDigests starts the watchlists' schedules in workers and adds their
// Atom feeds in front of handler. The schedules stop with ctx. Each digest
// first brings the index up to the store.
func withDigests(ctx context.Context, workers *sync.WaitGroup, o *opened, cfg *config.Config, handler http.Handler, log *slog.Logger) (http.Handler, error) {
	digests, err := digest.New(ctx, o.store, digestFinder(o), cfg.Watchlists,
		digest.Options{Logger: log.With("component", "digest")})
	if err != nil {
		return nil, err
	}
	workers.Go(func() {
		defer digests.Close()
		if err := digests.Serve(ctx); err != nil {
			log.Error("digest schedules stopped", "err", err)
		}
	})
	mux := http.NewServeMux()
	mux.Handle("GET /feeds/{file}", digest.NewFeeds(o.store, cfg.Watchlists, time.Now, log.With("component", "feeds")))
	mux.Handle("/", handler)
	return mux, nil
}

// digestFinder finds a watchlist's matches in the index after bringing it
// up to the store.
func digestFinder(o *opened) digest.IndexFinder {
	return digest.IndexFinder{Index: o.index, CatchUp: func(ctx context.Context) error {
		_, err := index.Sync(ctx, o.index, o.store, nil)
		return err
	}}
}

// newHandler wires the API and the web page to the store, the index and
// the catalog.
func newHandler(o *opened, log *slog.Logger) http.Handler {
	cfg := api.Config{Index: o.index, Store: o.store, Log: log, Metrics: prometheus.NewRegistry()}
	if o.catalog != nil {
		cfg.Catalog = o.catalog
	}
	return api.New(cfg)
}

// changeNotifier is a store that signals article commits (PostgreSQL's
// LISTEN/NOTIFY); with SQLite serve polls.
type changeNotifier interface {
	Changes(ctx context.Context) <-chan struct{}
}

// keepInStep indexes what the crawler stores, so new articles become
// searchable without a restart: woken by the store when it can signal
// changes, and every `every` in any case.
func keepInStep(ctx context.Context, o *opened, log *slog.Logger, every time.Duration) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	var wake <-chan struct{} // nil: never ready
	if n, ok := o.store.(changeNotifier); ok {
		wake = n.Changes(ctx)
	}
	for {
		n, err := index.Sync(ctx, o.index, o.store, nil)
		switch {
		case err != nil && ctx.Err() == nil:
			log.Warn("index sync", "err", err)
		case n > 0:
			log.Info("indexed new articles", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case _, ok := <-wake:
			if !ok {
				wake = nil // the listener stopped; keep polling
			}
		}
	}
}
