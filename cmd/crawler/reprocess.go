package main

import (
	"context"
	"fmt"
	"io"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/config"
	"github.com/zhwatch/zhwatch/internal/ingest"
)

func runReprocess(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, flags := newFlagSet("reprocess", "reprocess [--config FILE]", stderr)
	if help, err := parse(fs, args); help || err != nil {
		return err
	}
	s, err := setUp(ctx, flags, stderr)
	if err != nil {
		return err
	}
	defer s.store.Close()
	res, err := s.saver.Reprocess(ctx, s.store, articlePageOf(s.cfg), func(r ingest.ReprocessResult) {
		fmt.Fprintf(stderr, "reprocessed %d article pages (%d failed)\n", r.Pages, r.Failed)
	})
	if err != nil {
		return fmt.Errorf("reprocess: %w", err)
	}
	fmt.Fprintf(stdout, "reprocessed %d article pages: %d articles recovered, %d failed extraction; run `search reindex` or let `search serve` catch up\n",
		res.Pages, res.Created, res.Failed)
	return nil
}

// articlePageOf says whether a stored page is an article page of a
// configured source: the same rule the crawler applied when it fetched it.
func articlePageOf(cfg *config.Config) func(zhwatch.Page) bool {
	return func(p zhwatch.Page) bool {
		src, ok := cfg.Source(p.Source)
		return ok && src.Article.MatchString(p.FinalURL)
	}
}
