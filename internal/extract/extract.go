// Package extract turns a fetched page into an Article: it decodes the
// page's charset, finds the headline, the article text, the publication
// date, the credits (author, 来源, 责任编辑) and, on government pages, the
// policy metadata table (发文机关, 发文字号).
//
// Extraction is a pure function of the page: no network, no clock, no
// shared state, so an Extractor is safe for concurrent use.
package extract

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strings"

	"golang.org/x/net/html"

	"github.com/zhwatch/zhwatch"
)

// errInternal marks a bug caught while extracting: the page is reported as
// failed instead of crashing the caller. Tests and fuzzing treat it as a failure.
var errInternal = errors.New("internal error")

// Extractor extracts articles from pages. The zero value is not ready; use New.
type Extractor struct {
	maxBytes int // larger bodies are cut before parsing
	params   bodyParams
}

// New returns an Extractor with default options.
func New() *Extractor {
	return &Extractor{maxBytes: 16 << 20, params: defaultParams}
}

// Extract turns one fetched page into an Article. It fills URL, Source,
// PageID, Title, Body, PublishedAt, Author, Origin, Editor, DocNumber, Issuer,
// SiteName, Lang, Charset and InvalidBytes; the text layer fills the rest.
// A page that is not HTML returns an error wrapping zhwatch.ErrNotHTML.
func (e *Extractor) Extract(p zhwatch.Page) (a zhwatch.Article, err error) {
	u := p.FinalURL
	if u == "" {
		u = p.URL
	}
	defer func() {
		if r := recover(); r != nil {
			a, err = zhwatch.Article{}, fmt.Errorf("extract %s: %w: %v", u, errInternal, r)
		}
	}()
	ct := p.ContentType()
	if !looksHTML(p.Body, ct) {
		return zhwatch.Article{}, fmt.Errorf("extract %s (%s): %w", u, orNone(ct), zhwatch.ErrNotHTML)
	}
	body := p.Body
	if e.maxBytes > 0 && len(body) > e.maxBytes {
		body = body[:e.maxBytes]
	}
	text, cs, invalid := Decode(body, ct)
	root, err := html.Parse(strings.NewReader(text))
	if err != nil {
		return zhwatch.Article{}, fmt.Errorf("parse %s: %w: %w", u, zhwatch.ErrUnparsable, err)
	}
	d := analyse(root, u, p.FetchedAt, e.params)
	// Inert: page text is shown in terminals, mail and spreadsheets; no
	// control character or bidi override leaves the extractor.
	return zhwatch.Article{
		PageID:       p.ID,
		Source:       p.Source,
		URL:          u,
		Title:        d.title,
		Body:         d.body,
		PublishedAt:  d.date.String(),
		Author:       d.credits.Author,
		Origin:       d.credits.Origin,
		Editor:       d.credits.Editor,
		DocNumber:    d.gov.DocNumber,
		Issuer:       d.gov.Issuer,
		SiteName:     d.siteName,
		Lang:         d.lang,
		Charset:      cs,
		InvalidBytes: invalid,
	}.Inert(), nil
}

func orNone(ct string) string {
	if ct == "" {
		return "no content type"
	}
	return ct
}

// looksHTML decides from the content type, then the bytes, whether a page is
// HTML. A missing or generic content type is settled by sniffing.
func looksHTML(body []byte, ct string) bool {
	if len(bytes.TrimSpace(body)) == 0 {
		return false
	}
	if isBinary(body) {
		return false
	}
	if ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err == nil {
			switch {
			case mt == "text/html" || mt == "application/xhtml+xml":
				return true
			case mt == "application/octet-stream" || mt == "text/plain" || mt == "application/x-unknown":
				// servers mislabel pages; sniff below
			default:
				return false
			}
		}
	}
	if strings.HasPrefix(http.DetectContentType(body), "text/html") {
		return true
	}
	head := body
	if len(head) > 4096 {
		head = head[:4096]
	}
	lower := bytes.ToLower(head)
	for _, tag := range []string{"<html", "<body", "<head", "<meta", "<div", "<p>", "<p ", "<table", "<title"} {
		if bytes.Contains(lower, []byte(tag)) {
			return true
		}
	}
	return false
}

// isBinary reports magic numbers of common non-HTML files and NUL bytes.
func isBinary(b []byte) bool {
	for _, magic := range []string{"%PDF-", "\x89PNG", "GIF8", "\xff\xd8\xff", "PK\x03\x04", "\x1f\x8b", "Rar!", "\xd0\xcf\x11\xe0"} {
		if bytes.HasPrefix(b, []byte(magic)) {
			return true
		}
	}
	head := b
	if len(head) > 512 {
		head = head[:512]
	}
	// UTF-16 pages carry NULs; they start with a BOM.
	if bytes.HasPrefix(b, []byte{0xFF, 0xFE}) || bytes.HasPrefix(b, []byte{0xFE, 0xFF}) {
		return false
	}
	return bytes.IndexByte(head, 0) >= 0
}
