package api

import (
	"path/filepath"
	"testing"

	"github.com/zhwatch/zhwatch/internal/entity"
)

// realCatalog adapts the bundled entity catalog as cmd/search does.
type realCatalog struct{ c *entity.Catalog }

func (r realCatalog) Entities(typ string) []Entity {
	var out []Entity
	for _, e := range r.c.Entities(typ) {
		out = append(out, Entity{ID: e.ID, Type: e.Type, Names: e.Names(), Hans: e.Hans, Hant: e.Hant, En: e.En})
	}
	return out
}

func (r realCatalog) Entity(id string) (Entity, bool) {
	e, ok := r.c.Entity(id)
	return Entity{ID: e.ID, Type: e.Type, Names: e.Names(), Hans: e.Hans, Hant: e.Hant, En: e.En}, ok
}

// BenchmarkSuggest is the cost "did you mean" adds to a search, with the
// bundled catalog: a query whose terms all exist, and one with a typo.
func BenchmarkSuggest(b *testing.B) {
	cat, err := entity.Load(filepath.Join("..", "..", "dictionaries"))
	if err != nil {
		b.Fatal(err)
	}
	s := &server{Config: Config{Catalog: realCatalog{cat}}}
	for _, q := range []string{"英伟达 entity:company:nvidia type:chip entity:list:*", "entity:company:nvida"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				s.suggest(q)
			}
		})
	}
}
