package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"github.com/zhwatch/zhwatch/internal/index"
	"github.com/zhwatch/zhwatch/internal/store/sqlite"
	"github.com/zhwatch/zhwatch/internal/zh"
)

type commonFlags struct {
	data string
	dict string
}

func newFlagSet(name, synopsis string, stderr io.Writer) (*flag.FlagSet, *commonFlags) {
	fs := flag.NewFlagSet("search "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: search %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	c := &commonFlags{}
	fs.StringVar(&c.data, "data", "data", "data directory (the store and the index)")
	fs.StringVar(&c.dict, "dict", "dictionaries", "dictionary directory (user.dict.utf8)")
	return fs, c
}

func parse(fs *flag.FlagSet, args []string) (help bool, err error) {
	err = fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("%w: %v", errUsage, err)
	}
	return false, nil
}

// opened is the store and index of one data directory.
type opened struct {
	store *sqlite.DB
	index *index.Index
}

func (o *opened) Close() error {
	return errors.Join(o.index.Close(), o.store.Close())
}

// open loads the segmenter, opens the store and the index (rebuilding it
// first if fresh is set).
func open(ctx context.Context, f *commonFlags, fresh bool) (*opened, error) {
	if err := zh.Load(f.dict); err != nil {
		return nil, err
	}
	seg, err := zh.Shared()
	if err != nil {
		return nil, err
	}
	st, err := sqlite.Open(ctx, f.data)
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(f.data, index.DirName)
	opts := index.Options{Texts: st}
	ix, err := index.Open(dir, seg, opts)
	if fresh && (err == nil || errors.Is(err, index.ErrDictionaryChanged) || errors.Is(err, index.ErrOutdated)) {
		// Opening first proves no other process holds the index before
		// its files are removed.
		if ix != nil {
			ix.Close()
		}
		if err = index.Remove(dir); err == nil {
			ix, err = index.Open(dir, seg, opts)
		}
	}
	if err != nil {
		st.Close()
		return nil, err
	}
	return &opened{store: st, index: ix}, nil
}
