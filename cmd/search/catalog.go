package main

import (
	"slices"

	"github.com/zhwatch/zhwatch/internal/api"
	"github.com/zhwatch/zhwatch/internal/entity"
	"github.com/zhwatch/zhwatch/internal/index"
)

// catalog adapts the entity catalog to what the index (alias expansion) and
// the API (entity listings) need.
type catalog struct{ c *entity.Catalog }

var (
	_ index.Aliases = catalog{}
	_ api.Catalog   = catalog{}
)

// Resolve returns every name of the entities name stands for (輝達 →
// 英伟达, 英偉達, 輝達, NVIDIA), nil when it stands for none.
func (c catalog) Resolve(name string) []string {
	var names []string
	for _, id := range c.c.Resolve(name) {
		if e, ok := c.c.Entity(id); ok {
			for _, n := range e.Names() {
				if !slices.Contains(names, n) {
					names = append(names, n)
				}
			}
		}
	}
	return names
}

func (c catalog) Entities(typ string) []api.Entity {
	es := c.c.Entities(typ)
	out := make([]api.Entity, 0, len(es))
	for _, e := range es {
		out = append(out, apiEntity(e))
	}
	return out
}

func (c catalog) Entity(id string) (api.Entity, bool) {
	e, ok := c.c.Entity(id)
	if !ok {
		return api.Entity{}, false
	}
	return apiEntity(e), true
}

func apiEntity(e entity.Entity) api.Entity {
	names := e.Names()
	if names == nil {
		names = []string{}
	}
	name := e.ID
	if len(names) > 0 {
		name = names[0]
	}
	return api.Entity{ID: e.ID, Type: e.Type, Name: name, Names: names, Hans: e.Hans, Hant: e.Hant, En: e.En}
}
