package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"runtime/debug"

	"github.com/zhwatch/zhwatch/internal/cli"
	"github.com/zhwatch/zhwatch/internal/index"
	"github.com/zhwatch/zhwatch/internal/store/sqlite"
	"github.com/zhwatch/zhwatch/internal/zh"
)

type commonFlags struct {
	data string
	dict string
}

func newFlagSet(name, synopsis string, stderr io.Writer) (*flag.FlagSet, *commonFlags) {
	fs := cli.NewFlagSet("search", name, synopsis, stderr)
	c := &commonFlags{}
	fs.StringVar(&c.data, "data", "data", "data directory (the store and the index)")
	fs.StringVar(&c.dict, "dict", "dictionaries", "dictionary directory (user.dict.utf8)")
	return fs, c
}

// parse parses args; -h is not an error.
func parse(fs *flag.FlagSet, args []string) (help bool, err error) { return cli.Parse(fs, args) }

// opened is the store and index of one data directory, with the entity
// catalog when the dictionary directory has one.
type opened struct {
	store   *sqlite.DB
	index   *index.Index
	catalog *catalog // may be nil
}

func (o *opened) Close() error {
	return errors.Join(o.index.Close(), o.store.Close())
}

// open loads the segmenter and the catalog, and opens the store and the
// index. With rebuild set, the index is first built anew from the store
// (progress reports the running count); otherwise an index built by another
// zhwatch or dictionary is an error that says to run reindex.
func open(ctx context.Context, f *commonFlags, rebuild bool, progress func(int)) (*opened, error) {
	if err := zh.Load(f.dict); err != nil {
		return nil, err
	}
	seg, err := zh.Shared()
	if err != nil {
		return nil, err
	}
	cat, err := loadCatalog(f.dict)
	if err != nil {
		return nil, err
	}
	st, err := sqlite.Open(ctx, f.data)
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(f.data, index.DirName)
	opts := index.Options{Texts: st}
	if cat != nil {
		opts.Aliases = cat
	}
	var ix *index.Index
	if rebuild {
		ix, err = rebuildIndex(ctx, dir, seg, opts, st, progress)
	} else {
		ix, err = index.Open(dir, seg, opts)
	}
	if err != nil {
		st.Close()
		return nil, err
	}
	return &opened{store: st, index: ix, catalog: cat}, nil
}

// openCaughtUp opens the store and the index and first indexes what the
// store holds that the index does not yet: what query, export and digest
// read must include the last crawl.
func openCaughtUp(ctx context.Context, f *commonFlags) (*opened, error) {
	o, err := open(ctx, f, false, nil)
	if err != nil {
		return nil, err
	}
	if _, err := index.Sync(ctx, o.index, o.store, nil); err != nil {
		o.Close()
		return nil, fmt.Errorf("catch up with the store: %w", err)
	}
	return o, nil
}

// rebuildIndex replaces the index at dir with one built from the store and
// returns it open.
func rebuildIndex(ctx context.Context, dir string, seg *zh.Segmenter, opts index.Options, st *sqlite.DB, progress func(int)) (*index.Index, error) {
	// A rebuild allocates fast and keeps little: collecting less often
	// saved a tenth of its CPU time; the soft limit bounds what that costs
	// (at 100k articles: 1,164 articles/s under 1 GiB, 1,229 under 2 GiB).
	defer debug.SetGCPercent(debug.SetGCPercent(rebuildGCPercent))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(rebuildMemoryLimit))
	ix, _, err := index.Rebuild(ctx, dir, seg, st, opts, progress)
	return ix, err
}

// GOGC and the soft memory limit while the index is rebuilt.
const (
	rebuildGCPercent   = 400
	rebuildMemoryLimit = 1 << 30
)
