package api

import (
	"fmt"
	"net/http"
	"slices"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/index"
)

// entityCount is an entity with the number of articles that mention it.
type entityCount struct {
	Entity
	Articles int `json:"articles"`
}

// maxEntities bounds one listing.
const maxEntities = 5000

// GET /api/v1/entities?type=
func (s *server) entities(r *http.Request) (any, error) {
	typ := r.URL.Query().Get("type")
	if len(typ) > 64 {
		return nil, fmt.Errorf("%w: type is too long", zhwatch.ErrInvalid)
	}
	counts, err := s.Index.EntityCounts(r.Context(), typ, maxEntities)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]index.EntityCount, len(counts))
	for _, c := range counts {
		byID[c.ID] = c
	}
	out := []entityCount{}
	if s.Catalog != nil {
		for _, e := range s.Catalog.Entities(typ) {
			out = append(out, entityCount{Entity: e.complete(), Articles: byID[e.ID].Count})
		}
	} else {
		for _, c := range counts {
			out = append(out, entityCount{Entity: Entity{ID: c.ID, Type: c.Type, Name: c.ID}.complete(), Articles: c.Count})
		}
	}
	slices.SortStableFunc(out, func(a, b entityCount) int { return b.Articles - a.Articles })
	return map[string]any{"entities": out}, nil
}

// GET /api/v1/entities/{id}
func (s *server) entity(r *http.Request) (any, error) {
	return s.lookupEntity(r)
}

func (s *server) lookupEntity(r *http.Request) (entityCount, error) {
	id := r.PathValue("id")
	if !validID(id) {
		return entityCount{}, fmt.Errorf("%w: no entity %.40q", zhwatch.ErrNotFound, id)
	}
	var e Entity
	known := false
	if s.Catalog != nil {
		e, known = s.Catalog.Entity(id)
	}
	counts, err := s.Index.EntityCounts(r.Context(), e.Type, maxEntities)
	if err != nil {
		return entityCount{}, err
	}
	for _, c := range counts {
		if c.ID == id {
			if !known {
				e, known = Entity{ID: c.ID, Type: c.Type, Name: c.ID}, true
			}
			return entityCount{Entity: e.complete(), Articles: c.Count}, nil
		}
	}
	if !known {
		return entityCount{}, fmt.Errorf("%w: no entity %q", zhwatch.ErrNotFound, id)
	}
	return entityCount{Entity: e.complete()}, nil
}

// timelineResponse is the JSON of GET /api/v1/entities/{id}/timeline.
type timelineResponse struct {
	Entity   string        `json:"entity"`
	Interval string        `json:"interval"`
	Query    string        `json:"q"`
	Counts   []index.Count `json:"counts"` // value: the day, the week's Monday or the month; empty ones between the first and last as 0
}

// GET /api/v1/entities/{id}/timeline?interval=day|week|month&q=&format=json|csv
func (s *server) timeline(r *http.Request) (any, error) {
	p := r.URL.Query()
	iv, err := index.ParseInterval(p.Get("interval"))
	if err != nil {
		return nil, err
	}
	e, err := s.lookupEntity(r)
	if err != nil {
		return nil, err
	}
	counts, err := s.Index.Timeline(r.Context(), index.TimelineRequest{Query: p.Get("q"), Entity: e.ID, Interval: iv})
	if err != nil {
		return nil, err
	}
	return timelineResponse{Entity: e.ID, Interval: string(iv), Query: p.Get("q"), Counts: fillGaps(counts, iv)}, nil
}
