package crawl

import (
	"context"
	"io"

	"golang.org/x/sync/semaphore"
)

// budget caps the page bytes held at once across every host and source of
// a Crawler: a response's body is read only once its size (Content-Length,
// or the source's max_body_bytes when unknown) is reserved, and the
// reservation is held until the page has been handed to the sink (stored
// and extracted), since that is when its memory is freed. A page larger
// than the whole budget reserves all of it and so runs alone.
type budget struct {
	sem *semaphore.Weighted
	max int64
}

func newBudget(max int64) *budget {
	return &budget{sem: semaphore.NewWeighted(max), max: max}
}

// reserve blocks until n bytes (at most the whole budget) are free and
// returns how many were taken, for release.
func (b *budget) reserve(ctx context.Context, n int64) (int64, error) {
	n = min(max(n, 1), b.max)
	if err := b.sem.Acquire(ctx, n); err != nil {
		return 0, err
	}
	return n, nil
}

func (b *budget) release(n int64) {
	if n > 0 {
		b.sem.Release(n)
	}
}

// bodyReservation is what to reserve for a body: its declared length when
// the server sent one within the limit (net/http reads no more than that),
// else the limit plus the one byte that detects truncation.
func bodyReservation(contentLength, limit int64) int64 {
	if contentLength >= 0 && contentLength <= limit {
		return contentLength
	}
	return limit + 1
}

// readBody reads at most limit+1 bytes of r; with a known length it
// allocates once instead of growing by doubling (which would briefly hold
// twice the reservation).
func readBody(r io.Reader, contentLength, limit int64) ([]byte, error) {
	lr := io.LimitReader(r, limit+1)
	if contentLength < 0 || contentLength > limit {
		return io.ReadAll(lr)
	}
	buf := make([]byte, 0, contentLength+1) // +1: ReadAll-like EOF check without growing
	for {
		n, err := lr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
		if len(buf) == cap(buf) {
			rest, err := io.ReadAll(lr) // the server sent more than it declared
			return append(buf, rest...), err
		}
	}
}
