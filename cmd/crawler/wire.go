package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/zhwatch/zhwatch/internal/config"
	"github.com/zhwatch/zhwatch/internal/crawl"
	"github.com/zhwatch/zhwatch/internal/dictset"
	"github.com/zhwatch/zhwatch/internal/extract"
	"github.com/zhwatch/zhwatch/internal/ingest"
	"github.com/zhwatch/zhwatch/internal/netguard"
	"github.com/zhwatch/zhwatch/internal/store/backend"
)

// crawlSetup is everything a crawl needs, built from the config.
type crawlSetup struct {
	cfg     *config.Config
	store   backend.Store
	saver   *ingest.Saver
	crawler *crawl.Crawler
	log     *slog.Logger
	// shared: several crawler processes may use the store at once (it is
	// PostgreSQL, or crawl.shared_frontier is set), so ticks are claimed
	// and hosts leased.
	shared bool

	registry *prometheus.Registry // the crawler's metrics, served by `run --metrics`
	metrics  *crawl.Metrics
}

func setUp(ctx context.Context, flags *commonFlags, stderr io.Writer) (*crawlSetup, error) {
	log, err := newLogger(flags.logLevel, stderr)
	if err != nil {
		return nil, err
	}
	cfg, err := loadConfig(flags)
	if err != nil {
		return nil, err
	}
	dicts, err := dictset.Open(cfg.Dictionaries)
	if err != nil {
		return nil, err
	}
	catalog, err := dicts.Catalog() // loaded once per process
	if err != nil {
		return nil, err
	}
	st, err := backend.Open(ctx, cfg.Store, cfg.DataDir)
	if err != nil {
		return nil, err
	}
	saver := ingest.NewSaver(st, ingest.NewPipeline(extract.New(), cfg.Topics, catalog))
	reg := prometheus.NewRegistry()
	metrics, err := crawl.NewMetrics(reg)
	if err != nil {
		st.Close()
		return nil, err
	}
	opts := crawlOptions(cfg, log)
	opts.Metrics = metrics
	shared := backend.IsPostgres(cfg.Store) || cfg.Crawl.SharedFrontier
	if shared {
		opts.Leases = st
		opts.LeaseTTL, opts.LeasedHosts = cfg.Crawl.LeaseTTL, cfg.Crawl.LeasedHosts
	}
	c := crawl.New(opts, saver, st)
	return &crawlSetup{cfg: cfg, store: st, saver: saver, crawler: c, log: log,
		shared: shared, registry: reg, metrics: metrics}, nil
}

// crawlOptions are the crawler's options from the config, the same for
// every command that fetches (once, run, try): its user agent, network
// policy and memory budget.
func crawlOptions(cfg *config.Config, log *slog.Logger) crawl.Options {
	return crawl.Options{
		UserAgent:        cfg.UserAgent,
		Logger:           log.With("component", "crawl"),
		Network:          netguard.Guard{AllowPrivate: cfg.Crawl.AllowPrivateNetworks},
		MaxBytesInFlight: cfg.Crawl.MaxBytesInFlight,
	}
}

// sources returns the enabled sources, or just the one named.
func (s *crawlSetup) sources(name string) ([]*config.Source, error) {
	var out []*config.Source
	for i := range s.cfg.Sources {
		src := &s.cfg.Sources[i]
		if name != "" && src.Name != name {
			continue
		}
		if src.Disabled && name == "" {
			continue
		}
		out = append(out, src)
	}
	if name != "" && len(out) == 0 {
		return nil, fmt.Errorf("%w: %s has no source named %q", errUsage, s.cfg.Path, name)
	}
	return out, nil
}
