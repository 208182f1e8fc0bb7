package main

import (
	"context"
	"fmt"
	"io"

	"github.com/zhwatch/zhwatch/internal/index"
)

func runReindex(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, flags := newFlagSet("reindex", "reindex [--data DIR]", stderr)
	if help, err := parse(fs, args); help || err != nil {
		return err
	}
	o, err := open(ctx, flags, true)
	if err != nil {
		return err
	}
	defer o.Close()
	n, err := index.Sync(ctx, o.index, o.store, func(done int) {
		fmt.Fprintf(stderr, "indexed %d articles\n", done)
	})
	if err != nil {
		return fmt.Errorf("reindex after %d articles: %w", n, err)
	}
	fmt.Fprintf(stdout, "reindexed %d articles\n", n)
	return nil
}
