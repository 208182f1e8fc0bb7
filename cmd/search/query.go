package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"regexp"
	"strings"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/cli"
	"github.com/zhwatch/zhwatch/internal/index"
)

func runQuery(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, flags := newFlagSet("query", "query [--json] [--sort relevance|date] [--limit N] [--offset N] QUERY...", stderr)
	asJSON := fs.Bool("json", false, "print the API's search response (total, took_ms, hits, facets) as JSON")
	sortBy := fs.String("sort", "", "relevance or date (newest first); default: the query's sort:, else relevance")
	limit := fs.Int("limit", 10, fmt.Sprintf("hits to print (1..%d)", index.MaxLimit))
	offset := fs.Int("offset", 0, "hits to skip")
	if help, err := cli.ParseWords(fs, args); help || err != nil {
		return err
	}
	q := strings.TrimSpace(strings.Join(fs.Args(), " "))
	if q == "" {
		return fmt.Errorf("%w: empty query; try: search query 出口管制", errUsage)
	}
	if *sortBy != "" && *sortBy != "relevance" && *sortBy != "date" {
		return fmt.Errorf("%w: --sort %q: want relevance or date", errUsage, *sortBy)
	}
	o, err := openCaughtUp(ctx, flags)
	if err != nil {
		return err
	}
	defer o.Close()
	res, err := o.index.Search(ctx, index.Request{Query: q, Sort: *sortBy, Limit: *limit, Offset: *offset, Facets: *asJSON})
	if errors.Is(err, zhwatch.ErrInvalid) {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	printHits(stdout, q, res)
	return nil
}

var markTags = regexp.MustCompile(`</?mark>`)

// printHits writes hits for a reader: matches in the snippet are shown
// between 【 and 】.
func printHits(w io.Writer, q string, res index.Results) {
	fmt.Fprintf(w, "%d article(s) match %q\n", res.Total, q)
	for i, h := range res.Hits {
		snippet := markTags.ReplaceAllStringFunc(h.Snippet, func(tag string) string {
			if tag == "<mark>" {
				return "【"
			}
			return "】"
		})
		snippet = strings.Join(strings.Fields(html.UnescapeString(snippet)), " ")
		// Page text on a terminal: no control sequence gets through, even
		// from articles stored before extraction stripped them.
		clean := zhwatch.StripControls
		fmt.Fprintf(w, "\n%d. %s\n   %s · %s · score %.3f · %s\n   %s\n   %s\n",
			i+1, clean(h.Title), clean(h.Source), clean(orUnknown(h.PublishedAt)), h.Score,
			clean(entityList(h.Entities)), clean(h.URL), clean(snippet))
	}
}

// shownEntities is how many entity ids a hit line lists; --json has them all.
const shownEntities = 6

func entityList(ids []string) string {
	switch {
	case len(ids) == 0:
		return "no entities"
	case len(ids) > shownEntities:
		return fmt.Sprintf("%s +%d more", strings.Join(ids[:shownEntities], " "), len(ids)-shownEntities)
	default:
		return strings.Join(ids, " ")
	}
}

func orUnknown(s string) string {
	if s == "" {
		return "date unknown"
	}
	return s
}
