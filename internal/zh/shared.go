package zh

import (
	"errors"
	"fmt"
	"path/filepath"
	"sync"
)

// The process's one Segmenter (STYLE.md §7.5): cmd/* installs it with Load, and
// only the bleve tokenizer constructor, which takes no parameters, reads it
// with Shared. All other code receives a *Segmenter as an argument.
var shared struct {
	sync.Mutex
	seg *Segmenter
	dir string
}

// Load builds the process's Segmenter from jiebaDir and dictDir (see New)
// and installs it. Loading the same directories again is a no-op; loading
// others is an error, since the index's analyzer must not change under it.
func Load(jiebaDir, dictDir string) error {
	jdir, err := filepath.Abs(jiebaDir)
	if err != nil {
		return fmt.Errorf("jieba dictionary directory %s: %w", jiebaDir, err)
	}
	udir, err := filepath.Abs(dictDir)
	if err != nil {
		return fmt.Errorf("jieba dictionary directory %s: %w", dictDir, err)
	}
	dir := jdir + string(filepath.ListSeparator) + udir
	shared.Lock()
	defer shared.Unlock()
	if shared.seg != nil {
		if shared.dir == dir {
			return nil
		}
		return fmt.Errorf("load jieba dictionaries from %s: already loaded from %s", dir, shared.dir)
	}
	seg, err := New(jdir, udir)
	if err != nil {
		return err
	}
	shared.seg, shared.dir = seg, dir
	return nil
}

// Shared returns the Segmenter installed by Load.
func Shared() (*Segmenter, error) {
	shared.Lock()
	defer shared.Unlock()
	if shared.seg == nil {
		return nil, errors.New("zh: no shared segmenter: call zh.Load at start-up")
	}
	return shared.seg, nil
}
