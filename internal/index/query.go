package index

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/zhwatch/zhwatch"
)

// Request is one search.
type Request struct {
	Query  string
	ByDate bool // newest first instead of by relevance
	Limit  int
	Offset int
}

// MaxLimit caps the page size a caller may ask for.
const MaxLimit = 1000

// Hit is one matching article.
type Hit struct {
	ID          string  `json:"id"`
	Title       string  `json:"title"`
	URL         string  `json:"url"`
	Source      string  `json:"source"`
	PublishedAt string  `json:"published_at"`
	Snippet     string  `json:"snippet"` // HTML: <mark> around matches, the rest escaped
	Score       float64 `json:"score"`
}

// Results is one page of hits.
type Results struct {
	Total uint64 `json:"total"`
	Hits  []Hit  `json:"hits"`
}

// Search runs req against the index.
func (ix *Index) Search(ctx context.Context, req Request) (Results, error) {
	q, err := ParseQuery(req.Query)
	if err != nil {
		return Results{}, err
	}
	if req.Limit <= 0 {
		req.Limit = 10
	}
	if req.Limit > MaxLimit || req.Offset < 0 {
		return Results{}, fmt.Errorf("%w: limit must be 1..%d and offset ≥ 0", zhwatch.ErrInvalid, MaxLimit)
	}
	sr := bleve.NewSearchRequestOptions(q, req.Limit, req.Offset, false)
	sr.Fields = []string{"title", "url", "source", "published_at"}
	sr.Highlight = bleve.NewHighlightWithStyle("html")
	sr.Highlight.AddField("body")
	sr.Highlight.AddField("title")
	if req.ByDate {
		sr.SortBy([]string{"-published", "-_score"})
	}
	res, err := ix.bi.SearchInContext(ctx, sr)
	if err != nil {
		return Results{}, fmt.Errorf("search %q: %w", req.Query, err)
	}
	out := Results{Total: res.Total, Hits: make([]Hit, 0, len(res.Hits))}
	for _, h := range res.Hits {
		hit := Hit{ID: h.ID, Score: h.Score,
			Title: field(h.Fields, "title"), URL: field(h.Fields, "url"),
			Source: field(h.Fields, "source"), PublishedAt: field(h.Fields, "published_at")}
		if frags := h.Fragments["body"]; len(frags) > 0 {
			hit.Snippet = frags[0]
		} else if frags := h.Fragments["title"]; len(frags) > 0 {
			hit.Snippet = frags[0]
		}
		out.Hits = append(out.Hits, hit)
	}
	return out, nil
}

func field(fields map[string]any, name string) string {
	s, _ := fields[name].(string)
	return s
}

// ParseQuery turns a user query into a bleve query. v1 grammar: words and
// "quoted phrases" are all required; a leading - excludes a word. Every word
// is looked for in title and body, in either script.
func ParseQuery(s string) (query.Query, error) {
	terms, err := splitTerms(s)
	if err != nil {
		return nil, err
	}
	var must, mustNot []query.Query
	for _, t := range terms {
		q := termQuery(t.text)
		if t.negated {
			mustNot = append(mustNot, q)
		} else {
			must = append(must, q)
		}
	}
	if len(must) == 0 {
		return nil, fmt.Errorf("%w: query %q has nothing to look for", zhwatch.ErrInvalid, s)
	}
	b := bleve.NewBooleanQuery()
	b.AddMust(must...)
	b.AddMustNot(mustNot...)
	return b, nil
}

func termQuery(text string) query.Query {
	var qs []query.Query
	for _, f := range []string{"title", "body"} {
		m := bleve.NewMatchQuery(text)
		m.SetField(f)
		m.Analyzer = AnalyzerName
		m.SetOperator(query.MatchQueryOperatorAnd)
		qs = append(qs, m)
	}
	return bleve.NewDisjunctionQuery(qs...)
}

type term struct {
	text    string
	negated bool
}

func splitTerms(s string) ([]term, error) {
	var (
		out []term
		rs  = []rune(s)
	)
	for i := 0; i < len(rs); {
		if unicode.IsSpace(rs[i]) {
			i++
			continue
		}
		negated := false
		if rs[i] == '-' && i+1 < len(rs) && !unicode.IsSpace(rs[i+1]) {
			negated = true
			i++
		}
		start := i
		var text string
		if rs[i] == '"' {
			end := i + 1
			for end < len(rs) && rs[end] != '"' {
				end++
			}
			if end == len(rs) {
				return nil, fmt.Errorf("%w: unbalanced quote at character %d of %q", zhwatch.ErrInvalid, start+1, s)
			}
			text = string(rs[i+1 : end])
			i = end + 1
		} else {
			for i < len(rs) && !unicode.IsSpace(rs[i]) {
				i++
			}
			text = string(rs[start:i])
		}
		if strings.TrimSpace(text) != "" {
			out = append(out, term{text: text, negated: negated})
		}
	}
	return out, nil
}
