package main

import (
	"context"
	"fmt"
	"io"

	"github.com/zhwatch/zhwatch/internal/crawl"
)

func runDaemon(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, flags := newFlagSet("run", "run [--config FILE] [--now=false]", stderr)
	now := fs.Bool("now", true, "also crawl every source once at start, not only on its schedule")
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
	fmt.Fprintf(stdout, "crawler: %d source(s) scheduled; stop with Ctrl-C or SIGTERM\n", len(sources))
	sched := crawl.NewScheduler(s.crawler, s.log.With("component", "scheduler"))
	if err := sched.Run(ctx, sources, *now); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "crawler: stopped")
	return nil
}
