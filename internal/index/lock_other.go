//go:build !unix

package index

import (
	"os"
	"path/filepath"
)

// dirLock is a no-op where flock(2) does not exist: only bleve's own
// per-shard lock guards the index there (see lock.go).
type dirLock struct{}

func lockIndex(dir string) (*dirLock, error) {
	return &dirLock{}, os.MkdirAll(filepath.Dir(dir), 0o755)
}

func (l *dirLock) release() error { return nil }
