package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/zhwatch/zhwatch/internal/config"
	"github.com/zhwatch/zhwatch/internal/crawl"
)

// printWaiting lists, per source, the URLs that failed and when each is
// fetched again (back-off across runs): the run number and, from the
// source's schedule, about when.
func printWaiting(ctx context.Context, w io.Writer, s *crawlSetup, sources []*config.Source) error {
	for _, src := range sources {
		fails, err := s.store.Failures(ctx, src.Name)
		if err != nil {
			return err
		}
		if len(fails) == 0 {
			continue
		}
		runs, err := s.store.Runs(ctx, src.Name, 1)
		if err != nil {
			return err
		}
		var last int64
		if len(runs) > 0 {
			last = runs[0].Number
		}
		list := crawl.WaitingOf(fails, last, src.Cron, time.Now())
		fmt.Fprintf(w, "\n%s: %d failed URL(s) waiting for a later run\n", src.Name, len(list))
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "URL\tLAST ERROR\tFAILED RUNS\tRETRY ON RUN\tABOUT")
		for _, f := range list {
			when := "the next run"
			if f.RunsLeft > 0 {
				when = fmt.Sprintf("after %d more run(s)", f.RunsLeft)
			}
			if !f.At.IsZero() {
				when += ", " + f.At.Local().Format("2006-01-02 15:04")
			}
			fmt.Fprintf(tw, "%s\t%s\t%d (last: run %d)\t%d\t%s\n", f.URL, f.Kind, f.Failures, f.LastRun, f.RetryRun, when)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}
