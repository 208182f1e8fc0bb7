package crawl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// fetchIDHeader carries a request's id from Crawler.fetch, through colly,
// to fetchTransport: colly gives the transport nothing else of ours (its
// Request.Ctx stays with the callbacks; its requests carry the collector's
// context). The transport removes it before the request is sent, and the
// http.Client copies it onto every redirect hop.
const fetchIDHeader = "X-Zhwatch-Fetch"

// errNoFetch means a request reached the crawler's transport without going
// through Crawler.fetch: it would have no deadline and no memory budget, so
// it is not sent.
var errNoFetch = errors.New("request not made through the crawler's fetch")

// errMemoryWait marks a body not read because the run ended while it
// waited for memory.
var errMemoryWait = errors.New("wait for memory")

// fetchTransport is the RoundTripper under every collector of a Crawler.
// For each request it finds the fetchState registered by Crawler.fetch,
// sends the request under that state's context (the request's deadline and
// network scope), and wraps the response body so that the bytes are charged
// to the memory budget as they are read and kept exactly as the server sent
// them (colly re-encodes Body to UTF-8 when the header names a charset).
type fetchTransport struct {
	next http.RoundTripper // netguard's: scope and address checks
	seq  atomic.Uint64
	mu   sync.Mutex
	live map[string]*fetchState
}

func newFetchTransport(next http.RoundTripper) *fetchTransport {
	return &fetchTransport{next: next, live: map[string]*fetchState{}}
}

// register makes st findable by the id it returns, until unregister.
func (t *fetchTransport) register(st *fetchState) string {
	id := strconv.FormatUint(t.seq.Add(1), 36)
	t.mu.Lock()
	t.live[id] = st
	t.mu.Unlock()
	return id
}

func (t *fetchTransport) unregister(id string) {
	t.mu.Lock()
	delete(t.live, id)
	t.mu.Unlock()
}

func (t *fetchTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	id := req.Header.Get(fetchIDHeader)
	t.mu.Lock()
	st := t.live[id]
	t.mu.Unlock()
	if st == nil {
		return nil, fmt.Errorf("%s: %w", req.URL.Redacted(), errNoFetch)
	}
	st.hops++
	out := req.Clone(st.ctx)
	out.Header.Del(fetchIDHeader)
	resp, err := t.next.RoundTrip(out)
	if err != nil {
		return nil, err
	}
	// colly gunzips a body itself when the response says gzip and the
	// transport did not decode it, outside any size cap; zhwatch stores
	// and reads what the transport gave (Go's transport has already
	// decoded the Content-Encoding it asked for).
	resp.Uncompressed = true
	resp.Body = &budgetBody{rc: resp.Body, st: st, declared: resp.ContentLength}
	return resp, nil
}

// fetchState is one request's state, shared by Crawler.fetch, the
// transport and the collector's callbacks (through colly's Request.Ctx).
type fetchState struct {
	// ctx is the request's own context, with its deadline and scope; kept
	// here, as http.Request keeps its context, because colly sends the
	// request with the collector's context and the transport swaps it in.
	ctx context.Context
	// limit is the body size cap; a body read to limit+1 bytes is cut.
	limit int64
	// grow asks the memory budget for want bytes in all (see memBudget.grow);
	// nil when the fetch is not budgeted (robots.txt).
	grow func(want int64) (int64, error)
	held int64  // budget bytes held
	hops int    // requests sent: 1 + redirects followed
	raw  []byte // the body as the server sent it, up to limit+1 bytes

	fetchedAt time.Time
	page      pageHead // status, header and final URL, from the response headers
	headers   bool     // the response headers arrived
	media     bool     // aborted after the headers: not worth reading
	responded bool     // colly's OnResponse ran
	err       error    // from colly's OnError
}

// pageHead is what the response headers tell.
type pageHead struct {
	status   int
	header   http.Header
	finalURL string
}

// budgetBody reads a response body for colly, holding the memory budget
// for every byte before reading it and keeping a copy of the raw bytes. It
// stops at limit+1 bytes whatever colly's MaxBodySize says.
type budgetBody struct {
	rc       io.ReadCloser
	st       *fetchState
	declared int64 // Content-Length; -1 if unknown
	started  bool
}

func (b *budgetBody) Read(p []byte) (int, error) {
	st := b.st
	if !b.started {
		b.started = true
		if err := b.start(); err != nil {
			return 0, err
		}
	}
	if int64(len(st.raw)) > st.limit {
		return 0, io.EOF
	}
	if len(st.raw) == cap(st.raw) {
		if err := b.more(); err != nil {
			return 0, err
		}
	}
	room := min(int64(len(p)), int64(cap(st.raw)-len(st.raw)), st.limit+1-int64(len(st.raw)))
	n, err := b.rc.Read(p[:room])
	st.raw = append(st.raw, p[:n]...)
	return n, err
}

// firstBuffer is the buffer for a body of unknown length; it doubles as
// the body grows.
const firstBuffer = 32 << 10

// start reserves a declared length beyond the advance before reading any of
// it, and sizes the buffer: to a declared length (one byte more, to see the
// end), else small. The reservation, not the buffer, is what the budget
// counts; allocating the whole advance for every page would cost a MiB of
// zeroed memory per request.
func (b *budgetBody) start() error {
	st := b.st
	cl := b.declared
	if st.grow != nil && cl > st.held && cl <= st.limit {
		if err := b.reserve(cl + 1); err != nil {
			return err
		}
	}
	size := min(st.limit+1, firstBuffer) + 1
	if cl >= 0 && cl <= st.limit {
		size = cl + 1
	}
	if st.grow != nil {
		size = min(size, st.held+1)
	}
	st.raw = make([]byte, 0, size)
	return nil
}

// more makes room for a body that outgrew its buffer: twice the room while
// the reservation covers it, else all of it up to the cap, reserved before
// anything more is read.
func (b *budgetBody) more() error {
	st := b.st
	size := min(2*int64(cap(st.raw)), st.limit+2)
	if st.grow != nil && size > st.held+1 {
		if err := b.reserve(st.limit + 1); err != nil {
			return err
		}
		size = st.limit + 2
	}
	nb := make([]byte, len(st.raw), size)
	copy(nb, st.raw)
	st.raw = nb
	return nil
}

func (b *budgetBody) reserve(want int64) error {
	held, err := b.st.grow(want)
	b.st.held = held
	if err != nil {
		return fmt.Errorf("%w: %w", errMemoryWait, err)
	}
	return nil
}

func (b *budgetBody) Close() error { return b.rc.Close() }
