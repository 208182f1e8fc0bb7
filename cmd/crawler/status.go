package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/zhwatch/zhwatch/internal/crawl"
)

// shortError is how many characters of a run's error the table shows;
// --verbose and --json show all of it.
const shortError = 80

// runStatus prints each source's health on one line: last success, the last
// run's figures, errors by kind and the share of empty extractions. It fails
// (exit 1) when a source's last run failed entirely.
func runStatus(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, flags := newFlagSet("status", "status [--config FILE] [--source NAME] [--verbose | --json]", stderr)
	only := fs.String("source", "", "show only this source")
	verbose := fs.Bool("verbose", false, "show each run error in full (one line per source all the same)")
	asJSON := fs.Bool("json", false, "print the sources' health as JSON, errors in full")
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
	var health []crawl.Health
	var budgets []crawl.Budget // from the config's delay: Crawl-delay is known to a crawl only
	waiting := map[string][]crawl.Waiting{}
	now := time.Now()
	for _, src := range sources {
		runs, err := s.store.Runs(ctx, src.Name, 10)
		if err != nil {
			return err
		}
		h := crawl.HealthOf(src.Name, runs)
		health = append(health, h)
		budgets = append(budgets, crawl.Budget{Interval: src.Delay})
		fails, err := s.store.Failures(ctx, src.Name)
		if err != nil {
			return err
		}
		if len(fails) > 0 {
			waiting[src.Name] = crawl.WaitingOf(fails, h.LastRun.Number, src.Cron, now)
		}
	}
	if *asJSON {
		err = printStatusJSON(stdout, health, budgets, waiting)
	} else {
		err = printStatusTable(stdout, health, budgets, waiting, *verbose)
	}
	if err != nil {
		return err
	}
	var failed []string
	for _, h := range health {
		if failedEntirely(h) {
			failed = append(failed, h.Source)
		}
	}
	if len(failed) > 0 {
		return fmt.Errorf("%d source(s) failed entirely in their last run: %s", len(failed), strings.Join(failed, ", "))
	}
	return nil
}

// failedEntirely reports whether the source's last finished run failed and
// fetched nothing (every seed unreachable, say).
func failedEntirely(h crawl.Health) bool {
	r := h.LastRun
	return r.ID != 0 && !r.FinishedAt.IsZero() && r.Err != "" && r.Pages == 0 && r.NotModified == 0
}

func printStatusTable(w io.Writer, health []crawl.Health, budgets []crawl.Budget, waiting map[string][]crawl.Waiting, verbose bool) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SOURCE\tLAST SUCCESS\tLAST RUN\tTOOK\tPAGES\t304\tNEW\tUPDATED\tEMPTY\tERRORS\tBUDGET\tFLAG")
	var alarms, starved []string
	for i, h := range health {
		fmt.Fprintln(tw, statusRow(h, budgets[i], verbose))
		if h.EmptyAlarm {
			alarms = append(alarms, h.Source)
		}
		if h.Starved {
			starved = append(starved, h.Source)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if err := printWaiting(w, health, waiting); err != nil {
		return err
	}
	if len(alarms) > 0 {
		fmt.Fprintf(w, "\n%d source(s) flagged EMPTY: extraction suddenly comes out empty; check the site's templates.\n", len(alarms))
	}
	if len(starved) > 0 {
		fmt.Fprintf(w, "\n%d source(s) flagged STARVED (%s): the last %d runs fetched pages but stored no new article.\n"+
			"Check them with crawler try --source NAME: stale seeds, an article_pattern that no longer matches, or a\n"+
			"robots.txt Crawl-delay leaving too few requests (BUDGET counts the delay only; /metrics has the Crawl-delay).\n",
			len(starved), strings.Join(starved, ", "), crawl.StarvedRuns)
	}
	return nil
}

// budgetCell shows a request budget: "1800/h (2s)", or "no limit".
func budgetCell(b crawl.Budget) string {
	if n := b.PerHour(); n > 0 {
		return fmt.Sprintf("%d/h (%v)", n, b.Interval)
	}
	return "no limit"
}

func statusRow(h crawl.Health, b crawl.Budget, verbose bool) string {
	r := h.LastRun
	if r.ID == 0 {
		return h.Source + "\tnever\t-\t-\t-\t-\t-\t-\t-\t-\t" + budgetCell(b) + "\t"
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
		errs += "; failed: " + oneLine(r.Err, verbose)
	}
	flag := ""
	switch {
	case h.EmptyAlarm:
		flag = "EMPTY"
	case failedEntirely(h):
		flag = "FAILED"
	case h.Starved:
		flag = "STARVED"
	}
	return fmt.Sprintf("%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%.1f%%\t%s\t%s\t%s", h.Source, success, last, took,
		r.Pages, r.NotModified, r.ArticlesNew, r.ArticlesUpdated, 100*h.EmptyShare, errs, budgetCell(b), flag)
}

// oneLine joins a (possibly multi-line: one line per failed seed) error
// into one line, cut to shortError characters unless full is set.
func oneLine(s string, full bool) string {
	s = strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " | ")), " ")
	if full || utf8.RuneCountInString(s) <= shortError {
		return s
	}
	return string([]rune(s)[:shortError-1]) + "…"
}

// sourceStatus is one source in `crawler status --json`.
type sourceStatus struct {
	Source          string           `json:"source"`
	LastSuccess     *time.Time       `json:"last_success"`
	LastRunStarted  *time.Time       `json:"last_run_started"`
	LastRunFinished *time.Time       `json:"last_run_finished"`
	Pages           int64            `json:"pages"`
	NotModified     int64            `json:"not_modified"`
	ArticlesNew     int64            `json:"articles_new"`
	ArticlesUpdated int64            `json:"articles_updated"`
	EmptyShare      float64          `json:"empty_share"`
	Errors          map[string]int64 `json:"errors"`
	Error           string           `json:"error"`
	EmptyAlarm      bool             `json:"empty_alarm"`
	Failed          bool             `json:"failed"`  // the last run failed and fetched nothing
	Starved         bool             `json:"starved"` // the last runs answered and stored no new article
	// From the config's delay; a robots.txt Crawl-delay can lower it (see /metrics).
	RequestInterval float64      `json:"request_interval_seconds"`
	RequestBudget   int          `json:"request_budget_per_hour"` // 0: no limit
	Waiting         []waitingURL `json:"waiting"`                 // failed URLs backed off until a later run
}

// waitingURL is one failed URL waiting for a later run in `crawler status --json`.
type waitingURL struct {
	URL      string     `json:"url"`
	Kind     string     `json:"kind"`      // what failed last: timeout, http_4xx, …
	Failures int        `json:"failures"`  // consecutive runs in which it failed
	LastRun  int64      `json:"last_run"`  // the source's run number of the last failure
	RetryRun int64      `json:"retry_run"` // the run that fetches it again
	RunsLeft int64      `json:"runs_left"` // runs before that one; 0: the next run
	RetryAt  *time.Time `json:"retry_at"`  // when that run is scheduled; null without a schedule
	FailedAt *time.Time `json:"failed_at"`
}

func printStatusJSON(w io.Writer, health []crawl.Health, budgets []crawl.Budget, waiting map[string][]crawl.Waiting) error {
	out := make([]sourceStatus, 0, len(health))
	for i, h := range health {
		r := h.LastRun
		st := sourceStatus{Source: h.Source, LastSuccess: timeOrNil(h.LastSuccess),
			Pages: r.Pages, NotModified: r.NotModified, ArticlesNew: r.ArticlesNew, ArticlesUpdated: r.ArticlesUpdated,
			EmptyShare: h.EmptyShare, Errors: r.Errors, Error: r.Err, EmptyAlarm: h.EmptyAlarm, Failed: failedEntirely(h),
			Starved: h.Starved, RequestInterval: budgets[i].Interval.Seconds(), RequestBudget: budgets[i].PerHour()}
		if r.ID != 0 {
			st.LastRunStarted, st.LastRunFinished = timeOrNil(r.StartedAt), timeOrNil(r.FinishedAt)
		}
		if st.Errors == nil {
			st.Errors = map[string]int64{}
		}
		st.Waiting = make([]waitingURL, 0, len(waiting[h.Source]))
		for _, f := range waiting[h.Source] {
			st.Waiting = append(st.Waiting, waitingURL{URL: f.URL, Kind: f.Kind, Failures: f.Failures,
				LastRun: f.LastRun, RetryRun: f.RetryRun, RunsLeft: f.RunsLeft,
				RetryAt: timeOrNil(f.At), FailedAt: timeOrNil(f.FailedAt)})
		}
		out = append(out, st)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func timeOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// printWaiting lists, per source, the URLs that failed and when each is
// fetched again (back-off across runs).
func printWaiting(w io.Writer, health []crawl.Health, waiting map[string][]crawl.Waiting) error {
	for _, h := range health {
		list := waiting[h.Source]
		if len(list) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n%s: %d failed URL(s) waiting for a later run\n", h.Source, len(list))
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
