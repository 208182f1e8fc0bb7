//go:build unix

package index

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// dirLock is an exclusive lock on an index directory, held by the one
// process that opened or is rebuilding it. It lives in a file beside the
// directory (index.lock), so replacing the index keeps it. bleve's own lock
// is inside each shard and is gone while a rebuild replaces the shards: a
// `search serve` started then would create a fresh, empty index.
type dirLock struct{ f *os.File }

// lockIndex takes the lock of the index at dir, or fails at once with
// ErrIndexLocked when another process holds it.
func lockIndex(dir string) (*dirLock, error) {
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return nil, fmt.Errorf("lock index %s: %w", dir, err)
	}
	f, err := os.OpenFile(dir+".lock", os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock index %s: %w", dir, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("open index %s: %w (is `search serve` or `search reindex` running?)", dir, ErrIndexLocked)
		}
		return nil, fmt.Errorf("lock index %s: %w", dir, err)
	}
	return &dirLock{f}, nil
}

// release lets go of the lock; closing the file drops it.
func (l *dirLock) release() error {
	if l == nil {
		return nil
	}
	return l.f.Close()
}
