package crawl

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/zhwatch/zhwatch/internal/config"
)

// Scheduler fires each source's crawl on its cron schedule.
type Scheduler struct {
	crawler *Crawler
	log     *slog.Logger
	// Claim, when set, is asked before each run whether this process runs
	// it: on a store several crawler processes share (PostgreSQL's
	// ClaimOnce), a cron tick fires once across them. key names the source
	// and the minute of the tick, which every process's cron agrees on.
	Claim func(ctx context.Context, key string) (bool, error)
	// Now is the clock the claim's minute is read from; tests replace it.
	Now func() time.Time
	// Help, with Claim, makes a process that lost a tick's claim help the
	// winner's run (Crawler.Help: host leases share its hosts) instead of
	// sitting it out.
	Help bool
}

// NewScheduler returns a scheduler for c.
func NewScheduler(c *Crawler, log *slog.Logger) *Scheduler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Scheduler{crawler: c, log: log, Now: time.Now}
}

// claimed reports whether this process runs src's crawl that is due now.
// A 5-field cron fires at the start of a minute by each machine's clock, so
// the minute names the tick on every machine (clocks a few seconds apart
// still agree). A claim that fails is not run: the next tick covers it.
func (s *Scheduler) claimed(ctx context.Context, src *config.Source) bool {
	if s.Claim == nil {
		return true
	}
	key := "crawl " + src.Name + " " + s.Now().UTC().Truncate(time.Minute).Format(time.RFC3339)
	won, err := s.Claim(ctx, key)
	switch {
	case err != nil:
		s.log.Error("crawl not started: claim failed", "source", src.Name, "err", err)
	case !won:
		s.log.Info("crawl run by another process", "source", src.Name, "claim", key)
	}
	return won && err == nil
}

// Run schedules every source and blocks until ctx is cancelled, then waits
// for running crawls to stop. With now, each source is also crawled at once.
// A crawl still running when its next tick comes is not started twice.
func (s *Scheduler) Run(ctx context.Context, sources []*config.Source, now bool) error {
	c := cron.New(cron.WithChain(cron.SkipIfStillRunning(cron.DiscardLogger)))
	var wg sync.WaitGroup
	for _, src := range sources {
		job := func() { s.crawlOnce(ctx, src) }
		c.Schedule(src.Cron, cron.FuncJob(job))
		if now {
			wg.Go(job)
		}
	}
	c.Start()
	<-ctx.Done()
	<-c.Stop().Done()
	wg.Wait()
	return nil
}

func (s *Scheduler) crawlOnce(ctx context.Context, src *config.Source) {
	if !s.claimed(ctx, src) {
		if s.Help && s.Claim != nil {
			s.help(ctx, src)
		}
		return
	}
	stats := &Stats{}
	s.log.Info("crawl started", "source", src.Name)
	err := s.crawler.Crawl(ctx, src, stats)
	snap := stats.Snapshot()
	args := []any{"source", src.Name, "pages", snap.Pages, "articles_new", snap.Created,
		"articles_updated", snap.Updated, "skipped", snap.Skipped, "errors", snap.Errors()}
	switch {
	case errors.Is(err, ErrAlreadyRunning):
		s.log.Info("crawl skipped: previous one still running", "source", src.Name)
	case errors.Is(err, context.Canceled):
		s.log.Info("crawl stopped", args...)
	case err != nil:
		s.log.Warn("crawl finished with errors", append(args, "err", err)...)
	default:
		s.log.Info("crawl finished", args...)
	}
}

// help takes part in the run of src that another process claimed.
func (s *Scheduler) help(ctx context.Context, src *config.Source) {
	stats := &Stats{}
	err := s.crawler.Help(ctx, src, stats)
	snap := stats.Snapshot()
	args := []any{"source", src.Name, "pages", snap.Pages, "articles_new", snap.Created, "errors", snap.Errors()}
	switch {
	case errors.Is(err, ErrAlreadyRunning), errors.Is(err, context.Canceled):
	case err != nil:
		s.log.Warn("helping another process's crawl failed", append(args, "err", err)...)
	default:
		s.log.Info("helped another process's crawl", args...)
	}
}
