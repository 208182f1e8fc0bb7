package crawl

import (
	"context"
	"errors"
	"log/slog"
	"sync"

	"github.com/robfig/cron/v3"

	"github.com/zhwatch/zhwatch/internal/config"
)

// Scheduler fires each source's crawl on its cron schedule.
type Scheduler struct {
	crawler *Crawler
	log     *slog.Logger
}

// NewScheduler returns a scheduler for c.
func NewScheduler(c *Crawler, log *slog.Logger) *Scheduler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Scheduler{crawler: c, log: log}
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
