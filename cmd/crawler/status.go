package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/zhwatch/zhwatch/internal/crawl"
)

// runStatus prints each source's health: last success, the last run's
// figures, errors by kind and the share of empty extractions.
func runStatus(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, flags := newFlagSet("status", "status [--config FILE] [--source NAME]", stderr)
	only := fs.String("source", "", "show only this source")
	if help, err := parse(fs, args); help || err != nil {
		return err
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
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SOURCE\tLAST SUCCESS\tLAST RUN\tTOOK\tPAGES\t304\tNEW\tUPDATED\tEMPTY\tERRORS\tFLAG")
	var alarms int
	for _, src := range sources {
		runs, err := s.store.Runs(ctx, src.Name, 10)
		if err != nil {
			return err
		}
		h := crawl.HealthOf(src.Name, runs)
		fmt.Fprintln(tw, statusRow(h))
		if h.EmptyAlarm {
			alarms++
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if err := printWaiting(ctx, stdout, s, sources); err != nil {
		return err
	}
	if alarms > 0 {
		fmt.Fprintf(stdout, "\n%d source(s) flagged EMPTY: extraction suddenly comes out empty; check the site's templates.\n", alarms)
	}
	return nil
}

func statusRow(h crawl.Health) string {
	r := h.LastRun
	if r.ID == 0 {
		return h.Source + "\tnever\t-\t-\t-\t-\t-\t-\t-\t-\t"
	}
	last := r.StartedAt.Local().Format("2006-01-02 15:04")
	took := "running"
	if !r.FinishedAt.IsZero() {
		took = r.FinishedAt.Sub(r.StartedAt).Round(100 * time.Millisecond).String()
	} else {
		last += " (unfinished)"
	}
	success := "never"
	if !h.LastSuccess.IsZero() {
		success = h.LastSuccess.Local().Format("2006-01-02 15:04")
	}
	errs := "0"
	if len(r.Errors) > 0 {
		errs = crawl.FormatKinds(r.Errors)
	}
	if r.Err != "" {
		errs += "; failed: " + r.Err
	}
	flag := ""
	if h.EmptyAlarm {
		flag = "EMPTY"
	}
	return fmt.Sprintf("%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%.1f%%\t%s\t%s", h.Source, success, last, took,
		r.Pages, r.NotModified, r.ArticlesNew, r.ArticlesUpdated, 100*h.EmptyShare, errs, flag)
}
