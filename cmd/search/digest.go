package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/digest"
)

func runDigest(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, flags := newFlagSet("digest",
		"digest --watchlist NAME [--config FILE] [--dry-run] [--since TIME] [--format markdown|html|json]", stderr)
	flags.config = "zhwatch.yaml" // the watchlists are in it
	fs.Lookup("config").DefValue = flags.config
	name := fs.String("watchlist", "", "watchlist name (required)")
	dry := fs.Bool("dry-run", false, "print the digest only: deliver nothing, mark nothing done")
	sinceText := fs.String("since", "", "start here instead of where the previous digest ended (RFC 3339, or YYYY-MM-DD in China time); delivered articles stay out")
	format := fs.String("format", "markdown", "markdown, html or json")
	if help, err := parse(fs, args); help || err != nil {
		return err
	}
	if *name == "" {
		return fmt.Errorf("%w: --watchlist is required", errUsage)
	}
	since, err := parseSince(*sinceText)
	if err != nil {
		return fmt.Errorf("%w: --since %q: want RFC 3339 or YYYY-MM-DD", errUsage, *sinceText)
	}
	render, ok := renderers[*format]
	if !ok {
		return fmt.Errorf("%w: --format %q: want markdown, html or json", errUsage, *format)
	}
	flags.secrets = !*dry // a dry run delivers nothing
	if err := flags.resolve(); err != nil {
		return err
	}
	cfg := flags.cfg
	if cfg == nil {
		return fmt.Errorf("%w: --config is required: the watchlists are in it", errUsage)
	}
	if _, ok := cfg.Watchlist(*name); !ok {
		return fmt.Errorf("%w: %s: no watchlist %q", errUsage, cfg.Path, *name)
	}
	o, err := openCaughtUp(ctx, flags)
	if err != nil {
		return err
	}
	defer o.Close()
	r, err := digest.New(ctx, o.store, digest.IndexFinder{Index: o.index}, cfg.Watchlists,
		digest.Options{Logger: slog.New(slog.NewTextHandler(stderr, nil))})
	if err != nil {
		return err
	}
	defer r.Close()
	res, runErr := r.Run(ctx, *name, digest.RunOptions{DryRun: *dry, Since: since})
	if res != nil && res.Digest != nil {
		out, err := render(res.Digest)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, out)
	}
	return runErr
}

// renderers by --format.
var renderers = map[string]func(*digest.Digest) (string, error){
	"markdown": func(d *digest.Digest) (string, error) { return digest.Markdown(d), nil },
	"html":     func(d *digest.Digest) (string, error) { return digest.HTML(d), nil },
	"json": func(d *digest.Digest) (string, error) {
		b, err := digest.JSON(d)
		return string(b), err
	},
}

func parseSince(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.ParseInLocation("2006-01-02", s, zhwatch.ChinaTime)
}
