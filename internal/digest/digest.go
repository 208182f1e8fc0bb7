package digest

import (
	"encoding/json"
	"fmt"
	"time"
)

// Digest is what one run of a watchlist found: the entries of articles first
// stored in (Since, Until], minus what earlier digests delivered.
type Digest struct {
	ID        string    `json:"-"` // watchlist-YYYYMMDDTHHMMSSZ-N; the idempotency key of every delivery
	Watchlist string    `json:"watchlist"`
	Query     string    `json:"-"`
	Since     time.Time `json:"since"` // zero for a watchlist's first digest
	Until     time.Time `json:"until"`
	Items     []Item    `json:"items"`
}

// Item is one digest entry: an article, or a reprint cluster named after
// its official or earliest copy.
type Item struct {
	ID          string   `json:"id"` // article id
	Title       string   `json:"title"`
	URL         string   `json:"url"`
	Source      string   `json:"source"`       // the configured source name
	PublishedAt string   `json:"published_at"` // as the article gives it; "" if unknown
	Snippet     string   `json:"snippet"`      // HTML: <mark> around matched words, the rest escaped
	Entities    []Entity `json:"entities"`
	Reprints    int      `json:"reprints"` // other stored copies of the story (cluster size − 1)

	SiteName string    `json:"-"` // display name of the site, if known
	StoredAt time.Time `json:"-"`
}

// Entity is a catalog entity an article mentions.
type Entity struct {
	ID   string `json:"id"`   // org:nvidia, list:entity-list, …
	Name string `json:"name"` // as the article writes it
	Type string `json:"type"`
}

// Empty reports whether the digest has no entries.
func (d *Digest) Empty() bool { return len(d.Items) == 0 }

// storedDigest is the form a digest is recorded in: every field, so a
// redelivery renders exactly what the first attempt did.
type storedDigest struct {
	ID        string       `json:"id"`
	Watchlist string       `json:"watchlist"`
	Query     string       `json:"query"`
	Since     time.Time    `json:"since"`
	Until     time.Time    `json:"until"`
	Items     []storedItem `json:"items"`
}

type storedItem struct {
	Item
	SiteName string    `json:"site_name,omitempty"`
	StoredAt time.Time `json:"stored_at"`
}

func encodeDigest(d *Digest) ([]byte, error) {
	s := storedDigest{ID: d.ID, Watchlist: d.Watchlist, Query: d.Query, Since: d.Since, Until: d.Until,
		Items: make([]storedItem, len(d.Items))}
	for i, it := range d.Items {
		s.Items[i] = storedItem{Item: it, SiteName: it.SiteName, StoredAt: it.StoredAt}
	}
	b, err := json.Marshal(s)
	if err != nil {
		return nil, fmt.Errorf("encode digest %s: %w", d.ID, err)
	}
	return b, nil
}

func decodeDigest(r Record) (*Digest, error) {
	var s storedDigest
	if err := json.Unmarshal(r.Doc, &s); err != nil {
		return nil, fmt.Errorf("decode digest %s: %w", r.ID, err)
	}
	d := &Digest{ID: r.ID, Watchlist: r.Watchlist, Query: s.Query, Since: r.Since, Until: r.Until,
		Items: make([]Item, len(s.Items))}
	for i, it := range s.Items {
		d.Items[i] = it.Item
		d.Items[i].SiteName, d.Items[i].StoredAt = it.SiteName, it.StoredAt
	}
	return d, nil
}
