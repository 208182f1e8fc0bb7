package api

import (
	"fmt"
	"slices"
	"strings"

	"github.com/zhwatch/zhwatch/internal/query"
)

// suggestion is a "did you mean" for one term of a query: a field name, an
// entity id or an entity type that does not exist, and the nearest one that
// does.
type suggestion struct {
	Term       string `json:"term"`       // as written in the query
	Suggestion string `json:"suggestion"` // the term to write instead
	Reason     string `json:"reason"`
}

// suggest looks at each term of q for a field, entity id or type that does
// not exist. Without a catalog only field names are checked. It returns the
// suggestions and q with each of them applied ("" when there is none).
func (s *server) suggest(q string) ([]suggestion, string) {
	pq, err := query.Parse(q)
	if err != nil {
		return nil, ""
	}
	var out []suggestion
	query.Walk(pq.Root, func(n query.Node) {
		var sg *suggestion
		switch n := n.(type) {
		case query.Text:
			sg = fieldHint(n)
		case query.Keyword:
			sg = s.keywordHint(n)
		}
		if sg != nil && !slices.Contains(out, *sg) {
			out = append(out, *sg)
		}
	})
	if len(out) == 0 {
		return []suggestion{}, ""
	}
	fixed := q
	for _, sg := range out {
		fixed = replaceFold(fixed, sg.Term, sg.Suggestion)
	}
	if fixed == q {
		fixed = ""
	}
	return out, fixed
}

// fieldHint: a word such as titel:华为 is looked for as text, which is
// rarely what was meant.
func fieldHint(t query.Text) *suggestion {
	name, value, ok := strings.Cut(t.Text, ":")
	if !ok || t.Phrase || name == "" || value == "" || strings.HasPrefix(value, "//") {
		return nil // http://…, 10:30
	}
	best, ok := nearest(strings.ToLower(name), query.FieldNames())
	if !ok {
		return nil
	}
	return &suggestion{Term: t.Text, Suggestion: best + ":" + value,
		Reason: fmt.Sprintf("%q is not a field (fields: %s); it was looked for as a word", name, strings.Join(query.FieldNames(), ", "))}
}

// keywordHint checks an entity id or type against the catalog.
func (s *server) keywordHint(k query.Keyword) *suggestion {
	if s.Catalog == nil || k.Field == query.FieldSource {
		return nil
	}
	v := strings.ToLower(k.Value)
	if s.known(k.Field, v, k.Prefix) {
		return nil
	}
	ids, types := s.catalogNames()
	if k.Field == query.FieldType {
		if best, ok := nearest(v, types); ok {
			return &suggestion{Term: k.String(), Suggestion: "type:" + best,
				Reason: fmt.Sprintf("no entity type %q (types: %s)", k.Value, strings.Join(types, ", "))}
		}
		return nil
	}
	if k.Prefix {
		typ, _, _ := strings.Cut(v, ":")
		if best, ok := nearest(typ, types); ok {
			return &suggestion{Term: k.String(), Suggestion: "entity:" + best + ":*",
				Reason: fmt.Sprintf("no entity id starts with %q", k.Value)}
		}
		return nil
	}
	// entity:nvidia (no type) or entity:company:nvida (a typo).
	for _, id := range ids {
		if _, name, _ := strings.Cut(id, ":"); name == v {
			return &suggestion{Term: k.String(), Suggestion: "entity:" + id, Reason: fmt.Sprintf("entity ids are TYPE:NAME; %q is %s", k.Value, id)}
		}
	}
	if best, ok := nearest(v, ids); ok {
		return &suggestion{Term: k.String(), Suggestion: "entity:" + best, Reason: fmt.Sprintf("no entity %q in the catalog", k.Value)}
	}
	return nil
}

// known reports whether a type, an entity id or an id prefix exists.
func (s *server) known(field, v string, prefix bool) bool {
	ids, types := s.catalogNames()
	switch {
	case field == query.FieldType:
		return prefix || slices.Contains(types, v)
	case prefix:
		return slices.ContainsFunc(ids, func(id string) bool { return strings.HasPrefix(id, v) })
	}
	_, ok := s.Catalog.Entity(v)
	return ok
}

// catalogNames lists the catalog's ids and types once: the catalog does not
// change while the server runs.
func (s *server) catalogNames() (ids, types []string) {
	s.namesOnce.Do(func() {
		for _, e := range s.Catalog.Entities("") {
			s.ids = append(s.ids, e.ID)
			if !slices.Contains(s.types, e.Type) {
				s.types = append(s.types, e.Type)
			}
		}
	})
	return s.ids, s.types
}

// nearest is the candidate closest to s by edit distance, if one is close
// enough to be a typo: at most 1 edit for short words, 2 from 5 characters,
// a third of the length from 9.
func nearest(s string, candidates []string) (string, bool) {
	limit := 1
	switch n := len([]rune(s)); {
	case n >= 9:
		limit = n / 3
	case n >= 5:
		limit = 2
	}
	best, bestD := "", limit+1
	for _, c := range candidates {
		if d := editDistance(s, c); d < bestD || (d == bestD && c < best) {
			best, bestD = c, d
		}
	}
	return best, best != "" && bestD <= limit
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// replaceFold replaces the first occurrence of old in s, ignoring ASCII
// case (entity:company:NVIDA is written as the user typed it).
func replaceFold(s, old, new string) string {
	i := strings.Index(strings.ToLower(s), strings.ToLower(old))
	if i < 0 || len(strings.ToLower(s)) != len(s) {
		return s
	}
	return s[:i] + new + s[i+len(old):]
}
