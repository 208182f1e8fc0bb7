// Package export is the one schema of an exported article and the one loop
// that writes every match of a query: `search export` and the API's
// /api/v1/export both use it, so they give the same rows.
package export

import (
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

// Row is one article as an export writes it.
type Row struct {
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

// Header is the CSV header row; CSV cells follow it in Row's field order.
var Header = []string{"id", "title", "url", "source", "published_at", "author", "origin", "doc_number", "issuer", "topics", "entities", "body"}

// Formats an export can be written in.
const (
	JSONL = "jsonl" // one JSON object a line
	CSV   = "csv"   // a header row, then one row an article; lists joined with ";"
)

// CSVRow is r's cells in Header's order, each safe to open in a
// spreadsheet (zhwatch.SpreadsheetSafe: no controls, no formula cells).
func (r Row) CSVRow() []string {
	row := []string{r.ID, r.Title, r.URL, r.Source, r.PublishedAt, r.Author, r.Origin, r.DocNumber, r.Issuer,
		strings.Join(r.Topics, ";"), strings.Join(r.Entities, ";"), r.Body}
	for i := range row {
		row[i] = zhwatch.SpreadsheetSafe(row[i])
	}
	return row
}

// RowOf is the export row of article a, tagged (as the index holds it)
// with entities.
func RowOf(a zhwatch.Article, entities []string) Row {
	r := Row{ID: a.ID, Title: a.Title, URL: a.URL, Source: a.Source, PublishedAt: a.PublishedAt,
		Author: a.Author, Origin: a.Origin, DocNumber: a.DocNumber, Issuer: a.Issuer,
		Topics: a.Topics, Entities: entities, Body: a.Body}
	if r.Topics == nil {
		r.Topics = []string{}
	}
	return r
}

// CheckFormat reports whether format is one an export can be written in.
func CheckFormat(format string) error {
	if format != JSONL && format != CSV {
		return fmt.Errorf("%w: format %q: want jsonl or csv", zhwatch.ErrInvalid, format)
	}
	return nil
}

// NewWriter returns a function that writes one row to w in format (jsonl or
// csv). The CSV header is written before the first row, so an export with
// no match is empty in both formats. Each row is flushed to w whole.
func NewWriter(format string, w io.Writer) (func(Row) error, error) {
	if err := CheckFormat(format); err != nil {
		return nil, err
	}
	if format == CSV {
		cw := csv.NewWriter(w)
		header := false
		return func(r Row) error {
			if !header {
				header = true
				if err := cw.Write(Header); err != nil {
					return err
				}
			}
			if err := cw.Write(r.CSVRow()); err != nil {
				return err
			}
			cw.Flush()
			return cw.Error()
		}, nil
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return func(r Row) error { return enc.Encode(r) }, nil
}

// Matches is what an export needs from the index.
type Matches interface {
	Each(ctx context.Context, q string, fn func(index.Hit) error) error
}

// Articles is what an export needs from the store.
type Articles interface {
	Article(ctx context.Context, id string) (zhwatch.Article, error)
}

// Each calls write with the row of every article that matches q, newest
// first, and returns how many it wrote. An article deleted from the store
// since it was indexed is skipped. A bad query is zhwatch.ErrInvalid.
func Each(ctx context.Context, ix Matches, store Articles, q string, write func(Row) error) (int, error) {
	n := 0
	err := ix.Each(ctx, q, func(h index.Hit) error {
		a, err := store.Article(ctx, h.ID)
		if errors.Is(err, zhwatch.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		n++
		return write(RowOf(a, h.Entities))
	})
	if err != nil && !errors.Is(err, zhwatch.ErrInvalid) {
		err = fmt.Errorf("export after %d articles: %w", n, err)
	}
	return n, err
}
