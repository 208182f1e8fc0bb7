package api

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/zh"
)

// articleResponse is the JSON of GET /api/v1/articles/{id}. Entity offsets
// are rune offsets into Original (title + "\n" + body); Normalized is the
// same text simplified, half-width and lower-cased.
type articleResponse struct {
	ID          string            `json:"id"`
	Source      string            `json:"source"`
	URL         string            `json:"url"`
	Title       string            `json:"title"`
	Body        string            `json:"body"`
	Original    string            `json:"original"`
	Normalized  string            `json:"normalized"`
	PublishedAt string            `json:"published_at"`
	Author      string            `json:"author"`
	Origin      string            `json:"origin"`
	DocNumber   string            `json:"doc_number"`
	Issuer      string            `json:"issuer"`
	SiteName    string            `json:"site_name"`
	Script      string            `json:"script"`
	Topics      []string          `json:"topics"`
	Entities    []zhwatch.Tag     `json:"entities"`
	EntityNames map[string]Entity `json:"entity_names"` // the catalog entry of each tagged id it holds
	Provenance  provenance        `json:"provenance"`
}

// provenance is where and when the article's page was fetched.
type provenance struct {
	PageID       int64     `json:"page_id"`
	URL          string    `json:"url"`
	FinalURL     string    `json:"final_url"`
	Status       int       `json:"status"`
	FetchedAt    time.Time `json:"fetched_at"`
	ContentType  string    `json:"content_type"`
	SHA256       string    `json:"sha256"`      // of the raw bytes as fetched
	StoredCopy   string    `json:"stored_copy"` // path of zhwatch's copy of those bytes (as text); "" when not stored
	Bytes        int       `json:"bytes"`
	Charset      string    `json:"charset"`
	InvalidBytes int       `json:"invalid_bytes"`
	StoredAt     time.Time `json:"stored_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// GET /api/v1/articles/{id}
func (s *server) article(r *http.Request) (any, error) {
	id := r.PathValue("id")
	if !validID(id) {
		return nil, fmt.Errorf("%w: no article %.40q", zhwatch.ErrNotFound, id)
	}
	a, err := s.Store.Article(r.Context(), id)
	if errors.Is(err, zhwatch.ErrNotFound) {
		return nil, fmt.Errorf("%w: no article %q", zhwatch.ErrNotFound, id)
	}
	if err != nil {
		return nil, fmt.Errorf("article %s: %w", id, err)
	}
	original := a.Title + "\n" + a.Body
	out := articleResponse{ID: a.ID, Source: a.Source, URL: a.URL, Title: a.Title, Body: a.Body,
		Original: original, Normalized: a.Normalized, PublishedAt: a.PublishedAt, Author: a.Author,
		Origin: a.Origin, DocNumber: a.DocNumber, Issuer: a.Issuer, SiteName: a.SiteName,
		Script: string(a.Script), Topics: a.Topics, Entities: a.Tags,
		Provenance: provenance{PageID: a.PageID, URL: a.URL, Charset: a.Charset,
			InvalidBytes: a.InvalidBytes, StoredAt: a.StoredAt, UpdatedAt: a.UpdatedAt}}
	if out.Normalized == "" {
		out.Normalized = zh.Normalize(original)
	}
	if out.Topics == nil {
		out.Topics = []string{}
	}
	if out.Entities == nil {
		out.Entities = []zhwatch.Tag{}
	}
	out.EntityNames = map[string]Entity{}
	for _, t := range out.Entities {
		if _, done := out.EntityNames[t.ID]; done || s.Catalog == nil {
			continue
		}
		if e, ok := s.Catalog.Entity(t.ID); ok {
			out.EntityNames[t.ID] = e.complete()
		}
	}
	if a.PageID != 0 {
		p, err := s.Store.Page(r.Context(), a.PageID)
		if err != nil && !errors.Is(err, zhwatch.ErrNotFound) {
			return nil, fmt.Errorf("page %d of article %s: %w", a.PageID, id, err)
		}
		if err == nil {
			sum := sha256.Sum256(p.Body)
			out.Provenance.URL, out.Provenance.FinalURL = p.URL, p.FinalURL
			out.Provenance.Status, out.Provenance.FetchedAt = p.Status, p.FetchedAt
			out.Provenance.ContentType = p.ContentType()
			out.Provenance.SHA256 = hex.EncodeToString(sum[:])
			out.Provenance.Bytes = len(p.Body)
			out.Provenance.StoredCopy = "/api/v1/articles/" + a.ID + "/raw"
		}
	}
	return out, nil
}

// validID reports whether id could be an article or entity id: short,
// printable ASCII without slashes. Anything else is not found without asking
// the store.
func validID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; c <= ' ' || c >= 0x7f || c == '/' || c == '\\' {
			return false
		}
	}
	return true
}
