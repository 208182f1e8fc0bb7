package api

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/index"
	"github.com/zhwatch/zhwatch/internal/zh"
)

// GET /api/v1/search?q=&sort=&from=&to=&limit=&offset=
func (s *server) search(r *http.Request) (any, error) {
	p := r.URL.Query()
	req := index.Request{Query: p.Get("q"), Sort: p.Get("sort"), Facets: true}
	if req.Query == "" {
		return nil, fmt.Errorf("%w: q is required, e.g. q=出口管制", zhwatch.ErrInvalid)
	}
	if req.Sort != "" && req.Sort != "relevance" && req.Sort != "date" {
		return nil, fmt.Errorf("%w: sort %q: want relevance or date", zhwatch.ErrInvalid, req.Sort)
	}
	var err error
	if req.Limit, err = intParam(p, "limit", 10, 1, MaxLimit); err != nil {
		return nil, err
	}
	if req.Offset, err = intParam(p, "offset", 0, 0, index.MaxOffset); err != nil {
		return nil, err
	}
	if req.From, req.To, err = dateRange(p); err != nil {
		return nil, err
	}
	res, err := s.Index.Search(r.Context(), req)
	if err != nil {
		return nil, err
	}
	out := searchResponse{Results: res, Script: zh.DetectScript(req.Query), Entities: s.names(res)}
	out.Suggestions, out.DidYouMean = s.suggest(req.Query)
	return out, nil
}

// searchResponse is one page of hits with what the page needs to show them:
// the catalog entry of every entity id in the hits and the entity facet,
// the query's script (the page shows names in it by default) and hints for
// terms that name no field, entity or type.
type searchResponse struct {
	index.Results
	Script      string            `json:"script"` // hans, hant, mixed, or "" (no Han text)
	Entities    map[string]Entity `json:"entities"`
	Suggestions []suggestion      `json:"suggestions"`
	DidYouMean  string            `json:"did_you_mean"` // the query with every suggestion applied; "" when none
}

// names looks up each entity id in res in the catalog; ids the catalog does
// not hold (amounts, document numbers) are left out.
func (s *server) names(res index.Results) map[string]Entity {
	out := map[string]Entity{}
	if s.Catalog == nil {
		return out
	}
	add := func(id string) {
		if _, done := out[id]; done {
			return
		}
		if e, ok := s.Catalog.Entity(id); ok {
			out[id] = e.complete()
		}
	}
	for _, h := range res.Hits {
		for _, id := range h.Entities {
			add(id)
		}
	}
	if res.Facets != nil {
		for _, c := range res.Facets.Entity {
			add(c.Value)
		}
	}
	return out
}

// intParam reads an integer parameter in [lo, hi].
func intParam(p url.Values, name string, def, lo, hi int) (int, error) {
	v := p.Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, fmt.Errorf("%w: %s=%.20q: want a whole number from %d to %d", zhwatch.ErrInvalid, name, v, lo, hi)
	}
	return n, nil
}

// dateRange reads from= and to= (YYYY-MM-DD, both days included) as a
// half-open range of instants in China time.
func dateRange(p url.Values) (from, to time.Time, err error) {
	day := func(name string) (time.Time, error) {
		v := p.Get(name)
		if v == "" {
			return time.Time{}, nil
		}
		t, err := time.ParseInLocation("2006-01-02", v, zhwatch.ChinaTime)
		if err != nil {
			return time.Time{}, fmt.Errorf("%w: %s=%.20q: want a date as YYYY-MM-DD", zhwatch.ErrInvalid, name, v)
		}
		return t, nil
	}
	if from, err = day("from"); err != nil {
		return
	}
	if to, err = day("to"); err != nil {
		return
	}
	if !to.IsZero() {
		to = to.AddDate(0, 0, 1)
	}
	if !from.IsZero() && !to.IsZero() && !from.Before(to) {
		err = fmt.Errorf("%w: from is after to", zhwatch.ErrInvalid)
	}
	return
}
