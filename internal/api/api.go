// Package api serves zhwatch's HTTP API: JSON search over the index. Every
// handler returns (value, error); one adapter writes the JSON and picks the
// status from the error kind.
package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/index"
)

// Searcher is what the API needs from the index.
type Searcher interface {
	Search(ctx context.Context, req index.Request) (index.Results, error)
}

// QueryTimeout cuts off a slow query.
const QueryTimeout = 5 * time.Second

// New returns the API handler.
func New(s Searcher, log *slog.Logger) http.Handler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /healthz", handle(log, func(*http.Request) (any, error) {
		return map[string]string{"status": "ok"}, nil
	}))
	mux.Handle("GET /api/v1/search", handle(log, func(r *http.Request) (any, error) {
		return search(r, s)
	}))
	mux.Handle("/", handle(log, func(r *http.Request) (any, error) {
		return nil, fmt.Errorf("%w: no route %s %s", zhwatch.ErrNotFound, r.Method, r.URL.Path)
	}))
	return http.MaxBytesHandler(mux, 1<<20)
}

// searchResponse is the JSON body of /api/v1/search.
type searchResponse struct {
	Total  uint64      `json:"total"`
	TookMS int64       `json:"took_ms"`
	Hits   []index.Hit `json:"hits"`
}

func search(r *http.Request, s Searcher) (any, error) {
	q := r.URL.Query()
	req := index.Request{Query: q.Get("q")}
	var err error
	if req.Limit, err = intParam(q.Get("limit"), 10); err != nil {
		return nil, fmt.Errorf("limit: %w", err)
	}
	if req.Offset, err = intParam(q.Get("offset"), 0); err != nil {
		return nil, fmt.Errorf("offset: %w", err)
	}
	switch q.Get("sort") {
	case "", "relevance":
	case "date":
		req.ByDate = true
	default:
		return nil, fmt.Errorf("%w: sort must be relevance or date", zhwatch.ErrInvalid)
	}
	ctx, cancel := context.WithTimeout(r.Context(), QueryTimeout)
	defer cancel()
	start := time.Now()
	res, err := s.Search(ctx, req)
	if err != nil {
		return nil, err
	}
	return searchResponse{Total: res.Total, TookMS: time.Since(start).Milliseconds(), Hits: res.Hits}, nil
}

func intParam(s string, def int) (int, error) {
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("%w: %q is not a number", zhwatch.ErrInvalid, s)
	}
	return n, nil
}

// handle adapts a handler function: JSON body, status from the error kind,
// internal errors logged once and hidden from the caller.
func handle(log *slog.Logger, fn func(*http.Request) (any, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v, err := fn(r)
		status := http.StatusOK
		if err != nil {
			status = statusOf(err)
			msg := err.Error()
			if status == http.StatusInternalServerError {
				log.Error("request failed", "path", r.URL.Path, "err", err)
				msg = "internal error"
			}
			v = map[string]string{"error": msg}
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status)
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			log.Warn("write response", "path", r.URL.Path, "err", err)
		}
	})
}

func statusOf(err error) int {
	switch {
	case errors.Is(err, zhwatch.ErrInvalid):
		return http.StatusBadRequest
	case errors.Is(err, zhwatch.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, zhwatch.ErrBusy), errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable
	default:
		return http.StatusInternalServerError
	}
}
