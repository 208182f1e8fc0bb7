package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"

	"github.com/zhwatch/zhwatch/internal/cli"
	"github.com/zhwatch/zhwatch/internal/config"
	"github.com/zhwatch/zhwatch/internal/dictset"
	"github.com/zhwatch/zhwatch/internal/index"
	"github.com/zhwatch/zhwatch/internal/store/backend"
	"github.com/zhwatch/zhwatch/internal/zh"
)

type commonFlags struct {
	config       string
	data         string
	dictionaries string

	secrets  bool           // the command delivers digests: the config's secret variables must be set
	cfg      *config.Config // the loaded --config file, nil without one
	resolved bool
}

func newFlagSet(name, synopsis string, stderr io.Writer) (*flag.FlagSet, *commonFlags) {
	fs := cli.NewFlagSet("search", name, synopsis, stderr)
	c := &commonFlags{}
	fs.StringVar(&c.config, "config", "", "config file: its data_dir and dictionaries are used unless --data or --dictionaries is given")
	fs.StringVar(&c.data, "data", "", "data directory: the store and the index (default: the config's data_dir, else ./data)")
	fs.StringVar(&c.dictionaries, "dictionaries", "", "read entities.yaml and user.dict.utf8 from this directory instead of the built-in copies (default: the config's dictionaries)")
	return fs, c
}

// resolve loads the config file, if one is given, and applies the one rule
// for directories: the flag, else the config's value, else the default.
func (f *commonFlags) resolve() error {
	if f.resolved {
		return nil
	}
	f.resolved = true
	if f.config != "" {
		load := config.Load
		if f.secrets {
			load = func(path string) (*config.Config, error) { return config.LoadWithSecrets(path, os.LookupEnv) }
		}
		cfg, err := load(f.config)
		if err != nil {
			return fmt.Errorf("%w: %v", errUsage, err)
		}
		f.cfg = cfg
		if f.data == "" {
			f.data = cfg.DataDir
		}
		if f.dictionaries == "" {
			f.dictionaries = cfg.Dictionaries
		}
	}
	if f.data == "" {
		f.data = config.DefaultDataDir
	}
	return nil
}

// store is the config's store key: "" (SQLite in the data directory)
// without a config file.
func (f *commonFlags) store() string {
	if f.cfg == nil {
		return ""
	}
	return f.cfg.Store
}

// parse parses args; -h is not an error.
func parse(fs *flag.FlagSet, args []string) (help bool, err error) { return cli.Parse(fs, args) }

// opened is the store and index of one data directory, with the entity
// catalog.
type opened struct {
	store   backend.Store
	index   *index.Index
	catalog *catalog
}

func (o *opened) Close() error {
	return errors.Join(o.index.Close(), o.store.Close())
}

// open loads the segmenter and the catalog, and opens the store and the
// index. With rebuild set, the index is first built anew from the store
// (progress reports the running count); otherwise an index built by another
// zhwatch or dictionary is an error that says to run reindex.
func open(ctx context.Context, f *commonFlags, rebuild bool, progress func(int)) (*opened, error) {
	if err := f.resolve(); err != nil {
		return nil, err
	}
	dicts, err := dictset.Open(f.dictionaries)
	if err != nil {
		return nil, err
	}
	seg, err := dicts.Segmenter()
	if err != nil {
		return nil, err
	}
	c, err := dicts.Catalog()
	if err != nil {
		return nil, err
	}
	cat := &catalog{c}
	st, err := backend.Open(ctx, f.store(), f.data)
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(f.data, index.DirName)
	opts := index.Options{Texts: st, Aliases: cat}
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
func rebuildIndex(ctx context.Context, dir string, seg *zh.Segmenter, opts index.Options, st backend.Store, progress func(int)) (*index.Index, error) {
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
