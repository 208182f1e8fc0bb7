package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/index"
)

// exported is one article as export writes it.
type exported struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	URL         string   `json:"url"`
	Source      string   `json:"source"`
	PublishedAt string   `json:"published_at"`
	Author      string   `json:"author"`
	Origin      string   `json:"origin"`
	DocNumber   string   `json:"doc_number"`
	Issuer      string   `json:"issuer"`
	Topics      []string `json:"topics"`
	Entities    []string `json:"entities"`
	Body        string   `json:"body"`
}

var csvHeader = []string{"id", "title", "url", "source", "published_at", "author", "origin", "doc_number", "issuer", "topics", "entities", "body"}

func (e exported) csvRow() []string {
	row := []string{e.ID, e.Title, e.URL, e.Source, e.PublishedAt, e.Author, e.Origin, e.DocNumber, e.Issuer,
		strings.Join(e.Topics, ";"), strings.Join(e.Entities, ";"), e.Body}
	for i := range row {
		row[i] = zhwatch.SpreadsheetSafe(row[i])
	}
	return row
}

func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, flags := newFlagSet("export", "export [--format jsonl|csv] QUERY...", stderr)
	format := fs.String("format", "jsonl", "jsonl (one JSON object a line) or csv (with a header row)")
	if help, err := parse(fs, args); help || err != nil {
		return err
	}
	q := strings.TrimSpace(strings.Join(fs.Args(), " "))
	if q == "" {
		return fmt.Errorf("%w: empty query; try: search export --format csv 出口管制", errUsage)
	}
	if *format != "jsonl" && *format != "csv" {
		return fmt.Errorf("%w: --format %q: want jsonl or csv", errUsage, *format)
	}
	o, err := openCaughtUp(ctx, flags)
	if err != nil {
		return err
	}
	defer o.Close()

	out := bufio.NewWriter(stdout)
	write := writerFor(*format, out)
	n := 0
	err = o.index.Each(ctx, q, func(h index.Hit) error {
		a, err := o.store.Article(ctx, h.ID)
		if errors.Is(err, zhwatch.ErrNotFound) {
			return nil // deleted from the store since it was indexed
		}
		if err != nil {
			return err
		}
		n++
		return write(exportedOf(a, h.Entities))
	})
	if errors.Is(err, zhwatch.ErrInvalid) {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if err != nil {
		return fmt.Errorf("export after %d articles: %w", n, err)
	}
	if err := out.Flush(); err != nil {
		return fmt.Errorf("write export: %w", err)
	}
	fmt.Fprintf(stderr, "exported %d articles\n", n)
	return nil
}

func exportedOf(a zhwatch.Article, entities []string) exported {
	e := exported{ID: a.ID, Title: a.Title, URL: a.URL, Source: a.Source, PublishedAt: a.PublishedAt,
		Author: a.Author, Origin: a.Origin, DocNumber: a.DocNumber, Issuer: a.Issuer,
		Topics: a.Topics, Entities: entities, Body: a.Body}
	if e.Topics == nil {
		e.Topics = []string{}
	}
	return e
}

// writerFor returns a function that writes one article in format.
func writerFor(format string, w *bufio.Writer) func(exported) error {
	if format == "csv" {
		cw := csv.NewWriter(w)
		header := false
		return func(e exported) error {
			if !header {
				header = true
				if err := cw.Write(csvHeader); err != nil {
					return err
				}
			}
			if err := cw.Write(e.csvRow()); err != nil {
				return err
			}
			cw.Flush()
			return cw.Error()
		}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return func(e exported) error { return enc.Encode(e) }
}
