package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/zhwatch/zhwatch/internal/config"
	"github.com/zhwatch/zhwatch/internal/crawl"
	"github.com/zhwatch/zhwatch/internal/extract"
)

// runTry is `crawler try`: the operator's check of one source, against the
// site as it is. It fetches politely and stores nothing.
func runTry(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, flags := newFlagSet("try", "try --source NAME [--limit N] [--config FILE]", stderr)
	name := fs.String("source", "", "the source to try (required)")
	limit := fs.Int("limit", 3, "fetch and extract at most this many of the articles found")
	if help, err := parse(fs, args); help || err != nil {
		return err
	}
	if *name == "" {
		return fmt.Errorf("%w: try needs --source NAME", errUsage)
	}
	if *limit < 0 {
		return fmt.Errorf("%w: --limit %d: must not be negative", errUsage, *limit)
	}
	log, err := newLogger(flags.logLevel, stderr)
	if err != nil {
		return err
	}
	cfg, err := loadConfig(flags)
	if err != nil {
		return err
	}
	src, ok := cfg.Source(*name)
	if !ok {
		return fmt.Errorf("%w: %s has no source named %q", errUsage, cfg.Path, *name)
	}
	c := crawl.New(crawlOptions(cfg, log), nil, nil)
	rep, err := c.Try(ctx, src, *limit, extract.New())
	printTry(stdout, src, rep)
	return err
}

func printTry(w io.Writer, src *config.Source, rep *crawl.TryReport) {
	fmt.Fprintf(w, "source %s: %d seed(s), max_depth %d\n", src.Name, len(src.AllSeeds()), src.MaxDepth)
	counts := map[string]int{}
	for _, s := range rep.Seeds {
		switch {
		case s.Err != "" && s.Status != 0:
			fmt.Fprintf(w, "\nseed %s: HTTP %d %s\n", s.URL, s.Status, s.Err)
		case s.Err != "":
			fmt.Fprintf(w, "\nseed %s: %s\n", s.URL, s.Err)
		default:
			fmt.Fprintf(w, "\nseed %s: HTTP %d, %d link(s)", s.URL, s.Status, len(s.Links))
			if s.Repeated > 0 {
				fmt.Fprintf(w, " (and %d already listed)", s.Repeated)
			}
			fmt.Fprintln(w)
		}
		for _, l := range s.Links {
			counts[l.Verdict]++
			fmt.Fprintf(w, "  %-9s %s", l.Verdict, l.URL)
			if l.Title != "" || l.Date != "" {
				fmt.Fprintf(w, "  %s %s", l.Date, l.Title)
			}
			fmt.Fprintln(w)
		}
	}
	fmt.Fprintf(w, "\nlinks: %d article, %d list, %d off-host, %d robots, %d too-deep\n",
		counts[crawl.VerdictArticle], counts[crawl.VerdictList], counts[crawl.VerdictOffHost],
		counts[crawl.VerdictRobots], counts[crawl.VerdictDepth])
	if counts[crawl.VerdictArticle] == 0 {
		fmt.Fprintln(w, "no article link found: check the seeds and article_pattern")
	}

	fmt.Fprintf(w, "\narticles fetched: %d\n", len(rep.Articles))
	for _, a := range rep.Articles {
		if a.Err != "" {
			fmt.Fprintf(w, "  %s\n    error: %s\n", a.URL, a.Err)
			continue
		}
		date := a.Date
		if date == "" {
			date = "(no date)"
		}
		fmt.Fprintf(w, "  %s\n    title: %s\n    date: %s  source: %s  body: %d chars\n", a.URL, a.Title, date, rep.Source, a.BodyChars)
	}

	fmt.Fprintln(w, "\nthrottle:")
	for _, h := range rep.Hosts {
		fmt.Fprintf(w, "  %s: delay %v, Crawl-delay %s, parallelism %d", h.Host, h.Delay, orNone(h.CrawlDelay), h.Parallelism)
		if n := h.PerHour(); n > 0 {
			fmt.Fprintf(w, " → one request every %v, at most %d an hour", h.Effective(), n)
		} else {
			fmt.Fprint(w, " → no pause between requests")
		}
		if h.RetryAfter > 0 {
			fmt.Fprintf(w, "; asked to wait %v (Retry-After)", h.RetryAfter)
		}
		fmt.Fprintln(w)
	}
}

func orNone(d time.Duration) string {
	if d == 0 {
		return "none"
	}
	return d.String()
}
