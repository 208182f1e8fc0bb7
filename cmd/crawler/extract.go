package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/cli"
	"github.com/zhwatch/zhwatch/internal/dictset"
	"github.com/zhwatch/zhwatch/internal/extract"
	"github.com/zhwatch/zhwatch/internal/ingest"
)

func runExtract(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := cli.NewFlagSet("crawler", "extract", "extract [--url URL] [--content-type CT] [--dictionaries DIR] FILE", stderr)
	var dir string
	addDictionariesFlag(fs, &dir)
	pageURL := fs.String("url", "", "the URL the page was fetched from (for dates in the path and relative links)")
	ct := fs.String("content-type", "", "the Content-Type header it was served with, if known")
	if help, err := parse(fs, args); help || err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("%w: extract takes exactly one FILE", errUsage)
	}
	path := fs.Arg(0)
	body, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if *pageURL == "" {
		abs, _ := filepath.Abs(path)
		*pageURL = "file://" + filepath.ToSlash(abs)
	}
	page := zhwatch.Page{URL: *pageURL, FinalURL: *pageURL, Status: http.StatusOK, Body: body,
		Header: http.Header{}}
	if *ct != "" {
		page.Header.Set("Content-Type", *ct)
	}
	dicts, err := dictset.Open(dir)
	if err != nil {
		return err
	}
	catalog, err := dicts.Catalog()
	if err != nil {
		return err
	}
	a, err := ingest.NewPipeline(extract.New(), nil, catalog).Article(page)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	a.ID = zhwatch.ArticleID(a.URL)
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(a)
}
