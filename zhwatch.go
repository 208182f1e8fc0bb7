// Package zhwatch holds the vocabulary shared by every part of zhwatch: the
// fetched Page, the extracted Article, entity Tags and the error kinds. It
// imports nothing of ours and none of colly, bleve, gojieba or SQL, so that
// the store, the extractor and the index can all speak about the same things
// without depending on one another.
package zhwatch

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"time"
)

// Page is one HTTP fetch, kept forever as provenance.
type Page struct {
	ID        int64       `json:"id,omitempty"`
	Source    string      `json:"source"`
	URL       string      `json:"url"`       // the URL that was requested
	FinalURL  string      `json:"final_url"` // after redirects
	Status    int         `json:"status"`
	Header    http.Header `json:"header,omitempty"`
	FetchedAt time.Time   `json:"fetched_at"`
	Body      []byte      `json:"-"`
}

// ContentType returns the page's Content-Type header, or "".
func (p Page) ContentType() string { return p.Header.Get("Content-Type") }

// Script says which Chinese script a text is written in.
type Script string

const (
	ScriptSimplified  Script = "hans"
	ScriptTraditional Script = "hant"
	ScriptMixed       Script = "mixed"
	ScriptNone        Script = "" // no Han characters to judge by
)

// Article is what extraction and the text layer make of a Page. The store
// keeps one Article per URL; re-extraction updates it in place.
type Article struct {
	ID     string `json:"id"`
	PageID int64  `json:"page_id,omitempty"`
	Source string `json:"source"`
	URL    string `json:"url"`

	Title       string `json:"title"`
	Body        string `json:"body"`         // original script, paragraphs separated by "\n"
	PublishedAt string `json:"published_at"` // "2006-01-02" or RFC 3339 with offset; "" if unknown
	Author      string `json:"author"`
	Origin      string `json:"origin"` // 来源
	Editor      string `json:"editor"` // 责任编辑
	DocNumber   string `json:"doc_number"`
	Issuer      string `json:"issuer"`
	SiteName    string `json:"site_name"`

	Lang         string `json:"lang"`
	Script       Script `json:"script"`
	Charset      string `json:"charset"`
	InvalidBytes int    `json:"invalid_bytes,omitempty"` // bytes replaced while decoding

	// Normalized is Title + "\n" + Body in the simplified, half-width,
	// lower-cased form used for matching.
	Normalized string   `json:"normalized,omitempty"`
	Topics     []string `json:"topics"` // empty means off-topic
	Tags       []Tag    `json:"tags,omitempty"`

	// ClusterID groups reprints of one story: the id of the first stored
	// article of the cluster (its own id when it has no earlier reprint).
	ClusterID string `json:"cluster_id,omitempty"`
	// Fingerprint is what reprint detection compares; set by ingest, kept
	// by the store beside the article, not in its JSON.
	Fingerprint Fingerprint `json:"-"`

	StoredAt  time.Time `json:"stored_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Seq       int64     `json:"seq,omitempty"` // store sequence; grows with every insert or update
}

// OffTopic reports whether the article matched none of the configured topics.
func (a Article) OffTopic() bool { return len(a.Topics) == 0 }

// Published parses PublishedAt. ok is false when it is empty or malformed.
func (a Article) Published() (t time.Time, ok bool) {
	if a.PublishedAt == "" {
		return time.Time{}, false
	}
	if t, err := time.Parse(time.RFC3339, a.PublishedAt); err == nil {
		return t, true
	}
	if t, err := time.ParseInLocation("2006-01-02", a.PublishedAt, ChinaTime); err == nil {
		return t, true
	}
	return time.Time{}, false
}

// ChinaTime is UTC+8, the zone the sites zhwatch watches publish in. A fixed
// zone is used instead of loading tzdata, which a minimal machine may lack.
var ChinaTime = time.FixedZone("CST", 8*3600)

// Fingerprint is an article's MinHash signature and the band keys used to
// find candidate reprints without comparing every pair.
type Fingerprint struct {
	Signature []byte
	Bands     []int64
}

// ReprintCandidate is a stored article sharing a band with a fingerprint.
type ReprintCandidate struct {
	ArticleID string
	ClusterID string
	Signature []byte
}

// Tag is an entity mention: a catalog id and where it sits in the original text.
type Tag struct {
	ID    string `json:"id"`
	Type  string `json:"type"`
	Text  string `json:"text"`
	Start int    `json:"start"` // rune offset into the original text
	End   int    `json:"end"`
}

// ArticleID derives an article's stable id from its URL, so the same article
// crawled twice, or re-extracted, keeps one id.
func ArticleID(url string) string {
	sum := sha256.Sum256([]byte(url))
	return hex.EncodeToString(sum[:8])
}
