package index

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/zhwatch/zhwatch"
)

// TimelineRequest asks how many articles matched per interval.
type TimelineRequest struct {
	Query    string // may be empty when Entity is set
	Entity   string // only articles tagged with this entity id
	Interval Interval
}

// Timeline counts matching articles per day, week or month, oldest first.
// Articles without a publication date are not counted.
func (ix *Index) Timeline(ctx context.Context, req TimelineRequest) ([]Count, error) {
	var parts []bq.Query
	if req.Query != "" {
		_, q, err := ix.compile(req.Query)
		if err != nil {
			return nil, err
		}
		parts = append(parts, q)
	}
	if req.Entity != "" {
		t := bleve.NewTermQuery(req.Entity)
		t.SetField(fieldEntity)
		parts = append(parts, t)
	}
	if len(parts) == 0 {
		return nil, fmt.Errorf("%w: a timeline needs a query or an entity", zhwatch.ErrInvalid)
	}
	if req.Interval == "" {
		req.Interval = Week
	}
	if _, err := ParseInterval(string(req.Interval)); err != nil {
		return nil, err
	}
	sr := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(parts...), 0, 0, false)
	sr.AddFacet("t", exactFacet(req.Interval.field()))
	res, err := ix.search(ctx, sr)
	if err != nil {
		return nil, searchError(ctx, req.Query, err)
	}
	return chronological(terms(res.Facets["t"])), nil
}

// EntityCount is how many articles mention one entity.
type EntityCount struct {
	ID    string `json:"id"`
	Type  string `json:"type"`
	Count int    `json:"count"`
}

// typedSep joins an entity's type and id in the typed_entity field.
const typedSep = "\x1f"

// EntityCounts returns how many articles mention each named entity (of
// type typ, or of any type when typ is ""; amounts are not counted), most
// mentioned first, at most limit.
func (ix *Index) EntityCounts(ctx context.Context, typ string, limit int) ([]EntityCount, error) {
	var q bq.Query = bleve.NewMatchAllQuery()
	if typ != "" {
		t := bleve.NewTermQuery(typ)
		t.SetField(fieldEntityType)
		q = t
	}
	sr := bleve.NewSearchRequestOptions(q, 0, 0, false)
	sr.AddFacet("e", exactFacet(fieldTypedID))
	res, err := ix.search(ctx, sr)
	if err != nil {
		return nil, searchError(ctx, "entity counts", err)
	}
	out := []EntityCount{}
	for _, c := range terms(res.Facets["e"]) {
		t, id, ok := strings.Cut(c.Value, typedSep)
		if !ok || (typ != "" && t != typ) {
			continue
		}
		if len(out) == limit {
			break
		}
		out = append(out, EntityCount{ID: id, Type: t, Count: c.Count})
	}
	return out, nil
}

// StoredSince returns the ids of at most limit articles that match q and
// were first stored after t, oldest first: what is new for a digest. An
// update or a re-index does not make an article new.
func (ix *Index) StoredSince(ctx context.Context, q string, t time.Time, limit int) ([]string, error) {
	_, bqq, err := ix.compile(q)
	if err != nil {
		return nil, err
	}
	exclusive := false
	r := bleve.NewDateRangeInclusiveQuery(t, time.Time{}, &exclusive, nil)
	r.SetField(fieldStored)
	sr := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(bqq, r), limit, 0, false)
	sr.SortBy([]string{fieldStored, "_id"})
	res, err := ix.search(ctx, sr)
	if err != nil {
		return nil, searchError(ctx, q, err)
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	return ids, nil
}

// eachPage is how many hits Each fetches at a time.
const eachPage = 500

// Each calls fn with every article that matches q, newest first (undated
// ones last), without snippets. It stops at fn's first error.
func (ix *Index) Each(ctx context.Context, q string, fn func(Hit) error) error {
	_, bqq, err := ix.compile(q)
	if err != nil {
		return err
	}
	var after []string
	for {
		sr := bleve.NewSearchRequestOptions(bqq, eachPage, 0, false)
		sr.Fields = []string{fieldTitle, fieldURL, fieldSource, fieldPubString, fieldEntity}
		sr.SortBy([]string{"-" + fieldPublished, "_id"})
		if after != nil {
			sr.SetSearchAfter(after)
		}
		res, err := ix.search(ctx, sr)
		if err != nil {
			return searchError(ctx, q, err)
		}
		for _, h := range res.Hits {
			if err := fn(plainHit(h)); err != nil {
				return err
			}
		}
		if len(res.Hits) < eachPage {
			return nil
		}
		after = res.Hits[len(res.Hits)-1].Sort
	}
}

func plainHit(h *search.DocumentMatch) Hit {
	return Hit{ID: h.ID, Score: h.Score,
		Title: field(h.Fields, fieldTitle), URL: field(h.Fields, fieldURL),
		Source: field(h.Fields, fieldSource), PublishedAt: field(h.Fields, fieldPubString),
		Entities: list(h.Fields, fieldEntity)}
}
