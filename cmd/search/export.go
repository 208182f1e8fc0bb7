package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/cli"
	"github.com/zhwatch/zhwatch/internal/export"
)

func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, flags := newFlagSet("export", "export [--format jsonl|csv] [--bom] QUERY...", stderr)
	format := fs.String("format", "jsonl", "jsonl (one JSON object a line) or csv (with a header row)")
	bom := fs.Bool("bom", false, "csv: start with a UTF-8 byte order mark, so that spreadsheets (Excel) read the Chinese text as UTF-8")
	if help, err := cli.ParseWords(fs, args); help || err != nil {
		return err
	}
	q := strings.TrimSpace(strings.Join(fs.Args(), " "))
	if q == "" {
		return fmt.Errorf("%w: empty query; try: search export --format csv 出口管制", errUsage)
	}
	if export.CheckFormat(*format) != nil {
		return fmt.Errorf("%w: --format %q: want jsonl or csv", errUsage, *format)
	}
	if *bom && *format != "csv" {
		return fmt.Errorf("%w: --bom is for --format csv only (a BOM is not valid at the start of a JSON line)", errUsage)
	}
	o, err := openCaughtUp(ctx, flags)
	if err != nil {
		return err
	}
	defer o.Close()

	out := bufio.NewWriter(stdout)
	if *bom {
		out.WriteString("\ufeff") //nolint:errcheck // a write error comes back from Flush
	}
	write, err := export.NewWriter(*format, out)
	if err != nil {
		return err
	}
	n, err := export.Each(ctx, o.index, o.store, q, write)
	if errors.Is(err, zhwatch.ErrInvalid) {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if err != nil {
		return err
	}
	if err := out.Flush(); err != nil {
		return fmt.Errorf("write export: %w", err)
	}
	fmt.Fprintf(stderr, "exported %d articles\n", n)
	return nil
}
