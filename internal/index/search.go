package index

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/zhwatch/zhwatch"
)

// Request is one search.
type Request struct {
	Query  string // in the query language of internal/query
	Sort   string // "", "relevance" or "date"; "" leaves it to the query's sort: (relevance by default)
	From   time.Time
	To     time.Time // published in [From, To); zero times leave that end open
	Limit  int       // 1..MaxLimit; 0 means 10
	Offset int       // 0..MaxOffset
	Facets bool      // count entities, entity types, sources and months of all matches
	IDs    []string  // if set, only these articles (to get snippets for a known set)
}

// Limits on one page of hits.
const (
	MaxLimit  = 1000
	MaxOffset = 10000 // deeper pages: use Each (search export)
	facetSize = 20    // values shown of the entity, type and source facets
)

// Hit is one matching article.
type Hit struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	URL         string   `json:"url"`
	Source      string   `json:"source"`
	PublishedAt string   `json:"published_at"`
	Snippet     string   `json:"snippet"` // HTML: <mark> around matches, the rest escaped
	Entities    []string `json:"entities"`
	Score       float64  `json:"score"`
}

// Count is one facet value or one timeline bucket.
type Count struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// Facets count every match (not only the page) by entity, entity type,
// source and month of publication.
type Facets struct {
	Entity []Count `json:"entity"`
	Type   []Count `json:"type"`
	Source []Count `json:"source"`
	Date   []Count `json:"date"` // months, oldest first
}

// Results is one page of hits.
type Results struct {
	Total  uint64  `json:"total"`
	TookMS int64   `json:"took_ms"`
	Hits   []Hit   `json:"hits"`
	Facets *Facets `json:"facets,omitempty"`
}

// Search runs req against the index.
func (ix *Index) Search(ctx context.Context, req Request) (Results, error) {
	start := time.Now()
	if req.Limit == 0 {
		req.Limit = 10
	}
	if req.Limit < 1 || req.Limit > MaxLimit {
		return Results{}, fmt.Errorf("%w: limit %d: want 1..%d", zhwatch.ErrInvalid, req.Limit, MaxLimit)
	}
	if req.Offset < 0 || req.Offset > MaxOffset {
		return Results{}, fmt.Errorf("%w: offset %d: want 0..%d (use export for everything)", zhwatch.ErrInvalid, req.Offset, MaxOffset)
	}
	pq, q, err := ix.compile(req.Query)
	if err != nil {
		return Results{}, err
	}
	byDate := pq.ByDate
	switch req.Sort {
	case "":
	case "relevance":
		byDate = false
	case "date":
		byDate = true
	default:
		return Results{}, fmt.Errorf("%w: sort %q: want relevance or date", zhwatch.ErrInvalid, req.Sort)
	}
	q = withRange(q, req.From, req.To)
	if len(req.IDs) > 0 {
		q = bleve.NewConjunctionQuery(q, bleve.NewDocIDQuery(req.IDs))
	}

	sr := bleve.NewSearchRequestOptions(q, req.Limit, req.Offset, false)
	sr.Fields = []string{fieldTitle, fieldURL, fieldSource, fieldPubString, fieldEntity}
	if byDate {
		sr.SortBy([]string{"-" + fieldPublished, "-_score", "_id"})
	}
	if req.Facets {
		sr.AddFacet("entity", exactFacet(fieldTypedID))
		sr.AddFacet("type", exactFacet(fieldEntityType))
		sr.AddFacet("source", exactFacet(fieldSource))
		sr.AddFacet("date", exactFacet(fieldMonth))
	}
	res, err := ix.search(ctx, sr)
	if err != nil {
		return Results{}, searchError(ctx, req.Query, err)
	}
	locs, err := ix.locations(ctx, q, res.Hits)
	if err != nil {
		return Results{}, searchError(ctx, req.Query, err)
	}
	out := Results{Total: res.Total, Hits: make([]Hit, 0, len(res.Hits))}
	for _, h := range res.Hits {
		h.Locations = locs[h.ID]
		hit, err := ix.hit(ctx, h)
		if err != nil {
			return Results{}, err
		}
		out.Hits = append(out.Hits, hit)
	}
	if req.Facets {
		out.Facets = &Facets{
			Entity: top(untyped(terms(res.Facets["entity"])), facetSize),
			Type:   top(terms(res.Facets["type"]), facetSize),
			Source: top(terms(res.Facets["source"]), facetSize),
			Date:   chronological(terms(res.Facets["date"])),
		}
	}
	out.TookMS = time.Since(start).Milliseconds()
	return out, nil
}

// locations finds where q matched in each of hits. Asking for locations in
// the main search would decode them for every match (five times the cost of
// a one-word search); asking again for the page's ids only decodes them for
// the page.
func (ix *Index) locations(ctx context.Context, q bq.Query, hits search.DocumentMatchCollection) (map[string]search.FieldTermLocationMap, error) {
	if len(hits) == 0 {
		return nil, nil
	}
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	sr := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(q, bleve.NewDocIDQuery(ids)), len(ids), 0, false)
	sr.IncludeLocations = true
	res, err := ix.search(ctx, sr)
	if err != nil {
		return nil, err
	}
	out := make(map[string]search.FieldTermLocationMap, len(res.Hits))
	for _, h := range res.Hits {
		out[h.ID] = h.Locations
	}
	return out, nil
}

// searchError keeps a cut-off search recognisable as one.
func searchError(ctx context.Context, q string, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("search %q: %w", q, ctx.Err())
	}
	return fmt.Errorf("search %q: %w", q, err)
}

// withRange adds a publication-date range to q.
func withRange(q bq.Query, from, to time.Time) bq.Query {
	if from.IsZero() && to.IsZero() {
		return q
	}
	yes, no := true, false
	r := bleve.NewDateRangeInclusiveQuery(from, to, &yes, &no)
	r.SetField(fieldPublished)
	return bleve.NewConjunctionQuery(q, r)
}

func (ix *Index) hit(ctx context.Context, h *search.DocumentMatch) (Hit, error) {
	hit := plainHit(h)
	body, err := ix.body(ctx, h)
	if err != nil {
		return Hit{}, err
	}
	switch {
	case len(h.Locations[fieldBody]) > 0:
		hit.Snippet = snippet(body, spans(h.Locations[fieldBody]))
	case len(h.Locations[fieldTitle]) > 0:
		hit.Snippet = snippet(hit.Title, spans(h.Locations[fieldTitle]))
	default:
		hit.Snippet = snippet(body, nil)
	}
	return hit, nil
}

// body is the article's original body: from the index when it keeps bodies,
// else from the store.
func (ix *Index) body(ctx context.Context, h *search.DocumentMatch) (string, error) {
	if s, ok := h.Fields[fieldBody].(string); ok {
		return s, nil
	}
	if ix.texts == nil {
		return "", nil
	}
	a, err := ix.texts.Article(ctx, h.ID)
	if err != nil {
		return "", fmt.Errorf("text of article %s: %w", h.ID, err)
	}
	return a.Body, nil
}

func field(fields map[string]any, name string) string {
	s, _ := fields[name].(string)
	return s
}

// list reads a stored field that holds one value or several.
func list(fields map[string]any, name string) []string {
	switch v := fields[name].(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return []string{}
}

func terms(f *search.FacetResult) []Count {
	out := []Count{}
	if f == nil || f.Terms == nil {
		return out
	}
	for _, t := range f.Terms.Terms() {
		out = append(out, Count{Value: t.Term, Count: t.Count})
	}
	return out
}

// untyped drops the type from typed_entity values (type + typedSep + id):
// an id has one type, so the counts are the ids' counts.
func untyped(cs []Count) []Count {
	for i := range cs {
		_, cs[i].Value, _ = strings.Cut(cs[i].Value, typedSep)
	}
	return cs
}

// top is the first n of cs.
func top(cs []Count, n int) []Count { return cs[:min(n, len(cs))] }

func chronological(cs []Count) []Count {
	slices.SortFunc(cs, func(a, b Count) int {
		switch {
		case a.Value < b.Value:
			return -1
		case a.Value > b.Value:
			return 1
		}
		return 0
	})
	return cs
}
