package digest

import (
	"encoding/json"
	"time"
)

// JSON renders the digest as
//
//	{"watchlist","since","until","items":[{"id","title","url","source",
//	 "published_at","snippet","entities","reprints"}]}
//
// since is null for a watchlist's first digest; times are RFC 3339, UTC.
func JSON(d *Digest) ([]byte, error) {
	return json.MarshalIndent(d, "", "  ")
}

// MarshalJSON writes the digest's JSON form; items and entities are
// never null, and a snippet holds no markup but <mark>.
func (d *Digest) MarshalJSON() ([]byte, error) {
	type item Item
	out := struct {
		Watchlist string     `json:"watchlist"`
		Since     *time.Time `json:"since"`
		Until     time.Time  `json:"until"`
		Items     []item     `json:"items"`
	}{Watchlist: d.Watchlist, Until: d.Until.UTC(), Items: make([]item, len(d.Items))}
	if !d.Since.IsZero() {
		since := d.Since.UTC()
		out.Since = &since
	}
	for i, it := range d.Items {
		out.Items[i] = item(it)
		out.Items[i].Snippet = snippetHTML(parseSnippet(it.Snippet)) // only <mark>, whatever the Finder gave
		if out.Items[i].Entities == nil {
			out.Items[i].Entities = []Entity{}
		}
	}
	return json.Marshal(out)
}
