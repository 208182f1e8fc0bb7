package crawl

import (
	"strings"

	"github.com/tidwall/gjson"
	"github.com/zhwatch/zhwatch/internal/config"
)

// JSONEntry is one entry of a list served as JSON.
type JSONEntry struct {
	Link, Title, Date string
}

// JSONEntries reads the entries of a JSON list with the paths of its seed.
// Entries without a link are skipped; a body that is not JSON yields none.
// For an array of bare link strings, the link path is "@this".
// Links are returned as written; the caller resolves them.
func JSONEntries(body []byte, seed config.JSONSeed) []JSONEntry {
	if !gjson.ValidBytes(body) {
		return nil
	}
	doc := gjson.ParseBytes(body)
	items := doc
	if seed.Items != "" {
		items = doc.Get(seed.Items)
	}
	var out []JSONEntry
	add := func(entry gjson.Result) {
		link := strings.TrimSpace(entry.Get(seed.Link).String())
		if link == "" {
			return
		}
		e := JSONEntry{Link: link}
		if seed.Title != "" {
			e.Title = strings.TrimSpace(entry.Get(seed.Title).String())
		}
		if seed.Date != "" {
			e.Date = strings.TrimSpace(entry.Get(seed.Date).String())
		}
		out = append(out, e)
	}
	if !items.IsArray() {
		if items.IsObject() { // a list of one
			add(items)
		}
		return out
	}
	items.ForEach(func(_, v gjson.Result) bool {
		add(v)
		return true
	})
	return out
}

// jsonSeed returns the JSON seed of the source fetched at u (canonical), if
// u is one.
func (r *run) jsonSeed(u string) (config.JSONSeed, bool) {
	for _, j := range r.src.JSONSeeds {
		if cu, err := Canonical(nil, j.URL); err == nil && cu.String() == u {
			return j, true
		}
	}
	return config.JSONSeed{}, false
}

// jsonLinks returns the links of a JSON list page, or nil when from is not
// one of the source's JSON seeds.
func (r *run) jsonLinks(from *item, body []byte) ([]string, bool) {
	seed, ok := r.jsonSeed(from.URL)
	if !ok {
		return nil, false
	}
	entries := JSONEntries(body, seed)
	links := make([]string, 0, len(entries))
	for _, e := range entries {
		links = append(links, e.Link)
	}
	if len(links) > r.c.opts.MaxLinksPerPage {
		links = links[:r.c.opts.MaxLinksPerPage]
	}
	return links, true
}
