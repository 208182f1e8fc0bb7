// Package api serves zhwatch's HTTP API and web page: search with facets,
// articles with their entities and provenance, the entity catalog with
// mention counts and timelines, an OpenAPI document, health and metrics.
// Every JSON handler returns (value, error); one adapter writes the JSON and
// picks the status from the error kind.
package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/index"
)

// Index is what the API needs from the search index.
type Index interface {
	Search(ctx context.Context, req index.Request) (index.Results, error)
	Timeline(ctx context.Context, req index.TimelineRequest) ([]index.Count, error)
	EntityCounts(ctx context.Context, typ string, limit int) ([]index.EntityCount, error)
	Each(ctx context.Context, q string, fn func(index.Hit) error) error
}

// Store is what the API needs from the store: articles and the pages they
// were extracted from.
type Store interface {
	Article(ctx context.Context, id string) (zhwatch.Article, error)
	Page(ctx context.Context, id int64) (zhwatch.Page, error)
}

// Catalog is the entity catalog: every entity with its names. Optional: without
// one, the entities endpoints list the ids found in the index.
type Catalog interface {
	Entities(typ string) []Entity
	Entity(id string) (Entity, bool)
}

// Entity is one catalog entry as the API shows it.
type Entity struct {
	ID    string   `json:"id"`
	Type  string   `json:"type"`
	Name  string   `json:"name"`
	Names []string `json:"names"` // every name it goes by, in either script and English
	Hans  []string `json:"hans"`  // its simplified Chinese names (may be empty)
	Hant  []string `json:"hant"`  // its traditional Chinese names (may be empty)
	En    []string `json:"en"`    // its English and Latin names (may be empty)
}

// complete gives e empty lists for the names it lacks, so that the JSON
// has arrays, never null.
func (e Entity) complete() Entity {
	for _, l := range []*[]string{&e.Names, &e.Hans, &e.Hant, &e.En} {
		if *l == nil {
			*l = []string{}
		}
	}
	return e
}

// Config holds the API's collaborators. Index and Store are required.
type Config struct {
	Index   Index
	Store   Store
	Catalog Catalog              // may be nil
	Log     *slog.Logger         // nil discards
	Metrics *prometheus.Registry // nil: a private registry
	Timeout time.Duration        // per request; 0 means DefaultTimeout
}

// Limits on requests.
const (
	DefaultTimeout = 5 * time.Second
	MaxLimit       = 100     // hits per page through the API
	MaxBodyBytes   = 1 << 16 // requests are GETs; bodies are not read
)

type server struct {
	Config
	nextID atomic.Uint64

	namesOnce  sync.Once // the catalog's ids and types, for "did you mean"
	ids, types []string
}

// route is one endpoint. The OpenAPI test checks openapi.json against this
// table.
type route struct {
	method, path string
	json         func(*server, *http.Request) (any, error) // or
	plain        func(*server) http.Handler
}

var routes = []route{
	{method: "GET", path: "/healthz", json: (*server).health},
	{method: "GET", path: "/metrics", plain: (*server).metrics},
	{method: "GET", path: "/api/v1/openapi.json", plain: (*server).openapi},
	{method: "GET", path: "/api/v1/search", json: (*server).search},
	{method: "GET", path: "/api/v1/export", plain: (*server).export},
	{method: "GET", path: "/api/v1/timeline", plain: (*server).queryTimeline},
	{method: "GET", path: "/api/v1/articles/{id}", json: (*server).article},
	{method: "GET", path: "/api/v1/articles/{id}/raw", plain: (*server).raw},
	{method: "GET", path: "/api/v1/entities", json: (*server).entities},
	{method: "GET", path: "/api/v1/entities/{id}", json: (*server).entity},
	{method: "GET", path: "/api/v1/entities/{id}/timeline", plain: (*server).entityTimeline},
}

// New returns the handler of the API and the web page.
func New(cfg Config) http.Handler {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Metrics == nil {
		cfg.Metrics = prometheus.NewRegistry()
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	s := &server{Config: cfg}
	m := newMetrics(cfg.Metrics)
	mux := http.NewServeMux()
	for _, rt := range routes {
		var h http.Handler
		if rt.json != nil {
			h = s.handle(rt.json)
		} else {
			h = rt.plain(s)
		}
		mux.Handle(rt.method+" "+rt.path, m.instrument(rt.path, h))
	}
	for _, p := range pagePaths {
		mux.Handle("GET "+p, m.instrument(p, webPage()))
	}
	mux.Handle("GET /static/", m.instrument("/static/", webAssets()))
	mux.Handle("/", m.instrument("other", s.otherMethodOrPath()))
	return http.MaxBytesHandler(mux, MaxBodyBytes)
}

// errMethodNotAllowed is a request for a known path with a method it does
// not answer (405).
var errMethodNotAllowed = errors.New("method not allowed")

// otherMethodOrPath answers what no route took: 405 with an Allow header
// for a known path asked with another method (POST /api/v1/search), 404 for
// anything else. ServeMux would send the 405 itself, but the catch-all "/"
// route matches every method first.
func (s *server) otherMethodOrPath() http.Handler {
	known := http.NewServeMux()
	methods := []string{http.MethodGet} // the web page's routes
	for _, p := range pagePaths {
		known.Handle("GET "+p, http.NotFoundHandler())
	}
	known.Handle("GET /static/", http.NotFoundHandler())
	for _, rt := range routes {
		known.Handle(rt.method+" "+rt.path, http.NotFoundHandler())
		if !slices.Contains(methods, rt.method) {
			methods = append(methods, rt.method)
		}
	}
	notFound := s.handle(func(_ *server, r *http.Request) (any, error) {
		return nil, fmt.Errorf("%w: no route %s %s", zhwatch.ErrNotFound, r.Method, r.URL.Path)
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var allow []string
		for _, m := range methods {
			probe := r.Clone(r.Context())
			probe.Method = m
			if _, pattern := known.Handler(probe); pattern != "" {
				allow = append(allow, m)
				if m == http.MethodGet {
					allow = append(allow, http.MethodHead)
				}
			}
		}
		if len(allow) == 0 {
			notFound.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Allow", strings.Join(allow, ", "))
		s.handle(func(_ *server, r *http.Request) (any, error) {
			return nil, fmt.Errorf("%w: %s %s: this route answers %s", errMethodNotAllowed, r.Method, r.URL.Path, strings.Join(allow, ", "))
		}).ServeHTTP(w, r)
	})
}

func (s *server) health(*http.Request) (any, error) {
	return map[string]string{"status": "ok"}, nil
}

func (s *server) metrics() http.Handler {
	return promhttp.HandlerFor(s.Metrics, promhttp.HandlerOpts{})
}

// errorBody is the JSON of every error response.
type errorBody struct {
	Error     string `json:"error"`
	RequestID string `json:"request_id"`
}

// handle adapts a handler function: a deadline on the request's context,
// JSON body, status from the error kind, internal errors logged once and
// hidden from the caller.
func (s *server) handle(fn func(*server, *http.Request) (any, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), s.Timeout)
		defer cancel()
		v, err := fn(s, r.WithContext(ctx))
		status := http.StatusOK
		if err != nil {
			status = statusOf(err)
			id := strconv.FormatUint(s.nextID.Add(1), 10)
			msg := err.Error()
			switch status {
			case http.StatusInternalServerError:
				s.Log.Error("request failed", "request_id", id, "path", r.URL.Path, "err", err)
				msg = "internal error"
			case http.StatusServiceUnavailable:
				s.Log.Warn("request cut off", "request_id", id, "path", r.URL.Path, "err", err)
				msg = "the request took too long or the server is busy; try a narrower query"
			}
			v = errorBody{Error: msg, RequestID: id}
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.WriteHeader(status)
		// HTML-escaped JSON (\u003c for <): an echoed <script> stays inert
		// even for a client that renders the body.
		if err := json.NewEncoder(w).Encode(v); err != nil {
			s.Log.Warn("write response", "path", r.URL.Path, "err", err)
		}
	})
}

func statusOf(err error) int {
	switch {
	case errors.Is(err, zhwatch.ErrInvalid):
		return http.StatusBadRequest
	case errors.Is(err, zhwatch.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, errMethodNotAllowed):
		return http.StatusMethodNotAllowed
	case errors.Is(err, zhwatch.ErrBusy), errors.Is(err, context.DeadlineExceeded),
		errors.Is(err, index.ErrIndexLocked):
		return http.StatusServiceUnavailable
	default:
		return http.StatusInternalServerError
	}
}
