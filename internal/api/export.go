package api

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/export"
)

// ExportTimeout bounds one export: every match is written, which takes
// longer than one page of hits.
const ExportTimeout = 10 * time.Minute

// GET /api/v1/export?q=&format=jsonl|csv streams every article that matches
// q, the same rows as `search export`. Errors found before the first row (a
// bad query, a bad format) are JSON like every other error; an error after
// it can only cut the stream short, which the client sees as a body without
// its last line.
func (s *server) export() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Query()
		q, format := p.Get("q"), p.Get("format")
		if format == "" {
			format = export.JSONL
		}
		fail := func(err error) {
			s.handle(func(*server, *http.Request) (any, error) { return nil, err }).ServeHTTP(w, r)
		}
		if q == "" {
			fail(fmt.Errorf("%w: q is required, e.g. q=出口管制&format=csv", zhwatch.ErrInvalid))
			return
		}
		if err := export.CheckFormat(format); err != nil {
			fail(err)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), ExportTimeout)
		defer cancel()
		// The server's write timeout is for pages of hits; an export may
		// take longer.
		_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(ExportTimeout))
		out := &lazyHeader{w: w, format: format}
		write, err := export.NewWriter(format, out)
		if err == nil {
			_, err = export.Each(ctx, s.Index, s.Store, q, write)
		}
		switch {
		case err != nil && !out.started:
			fail(err)
		case err != nil:
			s.Log.Warn("export cut short", "q", q, "err", err)
		case !out.started:
			out.writeHeader() // no match: an empty body
		}
	})
}

// lazyHeader sends the export's headers with its first bytes, so an error
// found before any row can still be answered as JSON with its status.
type lazyHeader struct {
	w       http.ResponseWriter
	format  string
	started bool
}

func (l *lazyHeader) writeHeader() {
	l.started = true
	h := l.w.Header()
	if l.format == export.CSV {
		h.Set("Content-Type", "text/csv; charset=utf-8")
	} else {
		h.Set("Content-Type", "application/x-ndjson; charset=utf-8")
	}
	h.Set("Content-Disposition", `attachment; filename="zhwatch-export.`+l.format+`"`)
	h.Set("X-Content-Type-Options", "nosniff")
	l.w.WriteHeader(http.StatusOK)
}

func (l *lazyHeader) Write(p []byte) (int, error) {
	if !l.started {
		l.writeHeader()
	}
	return l.w.Write(p) // net/http sends it in chunks as its buffer fills
}
