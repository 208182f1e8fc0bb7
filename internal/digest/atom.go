package digest

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/xml"
	"fmt"
	"html"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/config"
)

// Atom 1.0 (RFC 4287), written with encoding/xml.
type atomFeed struct {
	XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID        string      `xml:"id"`
	Title     string      `xml:"title"`
	Subtitle  string      `xml:"subtitle,omitempty"`
	Updated   string      `xml:"updated"`
	Links     []atomLink  `xml:"link"`
	Author    atomPerson  `xml:"author"`
	Generator string      `xml:"generator"`
	Entries   []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      string         `xml:"title"`
	Updated    string         `xml:"updated"`
	Published  string         `xml:"published,omitempty"`
	Links      []atomLink     `xml:"link"`
	Summary    atomText       `xml:"summary"`
	Categories []atomCategory `xml:"category"`
}

// FeedEntries is how many recent digests a feed covers.
const FeedEntries = 20

// Atom renders a watchlist's recent digests (newest first) as an Atom feed:
// one entry per digest item. Entry ids are derived from the watchlist and
// the article id, so they never change and a feed reader shows each item
// once. self is the feed's own URL; now dates a feed with no digests yet.
func Atom(w config.Watchlist, digests []*Digest, self string, now time.Time) ([]byte, error) {
	f := atomFeed{
		ID:        stableURN("feed", w.Name),
		Title:     "zhwatch: " + w.Name,
		Subtitle:  w.Query,
		Updated:   now.UTC().Format(time.RFC3339),
		Links:     []atomLink{{Rel: "self", Type: "application/atom+xml", Href: self}},
		Author:    atomPerson{Name: "zhwatch"},
		Generator: "zhwatch",
	}
	if len(digests) > 0 {
		f.Updated = digests[0].Until.UTC().Format(time.RFC3339)
	}
	for _, d := range digests {
		for _, it := range d.Items {
			e := atomEntry{
				ID:      stableURN(w.Name, it.ID),
				Title:   it.Title,
				Updated: d.Until.UTC().Format(time.RFC3339),
				Links:   []atomLink{{Rel: "alternate", Type: "text/html", Href: it.URL}},
				Summary: atomText{Type: "html", Body: atomSummary(it)},
			}
			if t, ok := (zhwatch.Article{PublishedAt: it.PublishedAt}).Published(); ok {
				e.Published = t.UTC().Format(time.RFC3339)
			}
			for _, en := range it.Entities {
				e.Categories = append(e.Categories, atomCategory{Term: en.ID, Label: en.Name})
			}
			f.Entries = append(f.Entries, e)
		}
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		return nil, fmt.Errorf("atom feed %s: %w", w.Name, err)
	}
	b.WriteByte('\n')
	// encoding/xml already replaces what XML cannot hold; bidi overrides
	// are valid XML but would reorder titles in a reader.
	return []byte(zhwatch.StripControls(b.String())), nil
}

// atomSummary is an entry's summary as HTML (escaped once more by XML).
func atomSummary(it Item) string {
	return "<p>" + html.EscapeString(byline(it)) + "</p><p>" + snippetHTML(parseSnippet(it.Snippet)) + "</p>"
}

// stableURN derives a name-based UUID (version 5 layout, SHA-1) from parts,
// so the same watchlist and article always give the same Atom id.
func stableURN(parts ...string) string {
	sum := sha1.Sum([]byte("zhwatch\x00" + strings.Join(parts, "\x00")))
	sum[6] = sum[6]&0x0f | 0x50
	sum[8] = sum[8]&0x3f | 0x80
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", sum[0:4], sum[4:6], sum[6:8], sum[8:10], sum[10:16])
}

// Feeds serves /feeds/{watchlist}.atom. Register it on a ServeMux as
//
//	mux.Handle("GET /feeds/{file}", digest.NewFeeds(db, cfg.Watchlists, time.Now, logger))
type Feeds struct {
	log        DigestLog
	watchlists map[string]config.Watchlist
	now        func() time.Time
	logger     *slog.Logger
}

// NewFeeds returns the feed handler for the given watchlists; logger (nil:
// none) hears about feeds that could not be read from the store.
func NewFeeds(log DigestLog, watchlists []config.Watchlist, now func() time.Time, logger *slog.Logger) *Feeds {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	f := &Feeds{log: log, watchlists: map[string]config.Watchlist{}, now: now, logger: logger}
	for _, w := range watchlists {
		f.watchlists[w.Name] = w
	}
	return f
}

func (f *Feeds) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	file := r.PathValue("file")
	if file == "" {
		file = r.URL.Path[strings.LastIndexByte(r.URL.Path, '/')+1:]
	}
	name, ok := strings.CutSuffix(file, ".atom")
	w, known := f.watchlists[name]
	if !ok || !known {
		http.Error(rw, "no such feed; feeds are /feeds/{watchlist}.atom", http.StatusNotFound)
		return
	}
	body, err := f.Feed(r.Context(), w, selfURL(r))
	if err != nil {
		f.logger.Error("feed", "watchlist", name, "err", err)
		http.Error(rw, "internal error", http.StatusInternalServerError)
		return
	}
	rw.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	rw.Header().Set("Cache-Control", "max-age=300")
	rw.Write(body) //nolint:errcheck // the client went away; nothing to do
}

// Feed renders the feed of one watchlist from its recorded digests.
func (f *Feeds) Feed(ctx context.Context, w config.Watchlist, self string) ([]byte, error) {
	recs, err := f.log.RecentDigests(ctx, w.Name, FeedEntries)
	if err != nil {
		return nil, err
	}
	var ds []*Digest
	for _, rec := range recs {
		d, err := decodeDigest(rec)
		if err != nil {
			return nil, err
		}
		ds = append(ds, d)
	}
	return Atom(w, ds, self, f.now())
}

func selfURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + r.URL.EscapedPath()
}
