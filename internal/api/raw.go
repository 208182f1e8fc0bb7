package api

import (
	"errors"
	"fmt"
	"mime"
	"net/http"

	"github.com/zhwatch/zhwatch"
)

// GET /api/v1/articles/{id}/raw is the page the article was extracted from,
// byte for byte as fetched: zhwatch's own copy for when the original has
// changed or gone. It is served as plain text in its fetched charset, in a
// sandbox, never as live HTML from the origin: a stored page's scripts must
// not run under zhwatch's address.
func (s *server) raw() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := s.rawPage(r)
		if err != nil {
			s.handle(func(*server, *http.Request) (any, error) { return nil, err }).ServeHTTP(w, r)
			return
		}
		ct := "text/plain"
		if _, params, err := mime.ParseMediaType(p.ContentType()); err == nil && params["charset"] != "" {
			ct = mime.FormatMediaType("text/plain", map[string]string{"charset": params["charset"]})
		}
		h := w.Header()
		h.Set("Content-Type", ct)
		h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Content-Disposition", "inline")
		h.Set("X-Zhwatch-Fetched-URL", p.FinalURL)
		h.Set("X-Zhwatch-Fetched-At", p.FetchedAt.UTC().Format("2006-01-02T15:04:05Z"))
		w.Write(p.Body) //nolint:errcheck // the client went away
	})
}

func (s *server) rawPage(r *http.Request) (zhwatch.Page, error) {
	id := r.PathValue("id")
	if !validID(id) {
		return zhwatch.Page{}, fmt.Errorf("%w: no article %.40q", zhwatch.ErrNotFound, id)
	}
	a, err := s.Store.Article(r.Context(), id)
	if errors.Is(err, zhwatch.ErrNotFound) {
		return zhwatch.Page{}, fmt.Errorf("%w: no article %q", zhwatch.ErrNotFound, id)
	}
	if err != nil {
		return zhwatch.Page{}, fmt.Errorf("article %s: %w", id, err)
	}
	if a.PageID == 0 {
		return zhwatch.Page{}, fmt.Errorf("%w: article %s has no stored page", zhwatch.ErrNotFound, id)
	}
	p, err := s.Store.Page(r.Context(), a.PageID)
	if errors.Is(err, zhwatch.ErrNotFound) {
		return zhwatch.Page{}, fmt.Errorf("%w: the page of article %s is no longer stored", zhwatch.ErrNotFound, id)
	}
	if err != nil {
		return zhwatch.Page{}, fmt.Errorf("page %d of article %s: %w", a.PageID, id, err)
	}
	return p, nil
}
