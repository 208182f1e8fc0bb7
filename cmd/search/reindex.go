package main

import (
	"context"
	"fmt"
	"io"
)

func runReindex(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, flags := newFlagSet("reindex", "reindex [--data DIR]", stderr)
	if help, err := parse(fs, args); help || err != nil {
		return err
	}
	o, err := open(ctx, flags, true, func(done int) {
		fmt.Fprintf(stderr, "indexed %d articles\n", done)
	})
	if err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	defer o.Close()
	n, err := o.index.Count()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "reindexed %d articles\n", n)
	return nil
}
