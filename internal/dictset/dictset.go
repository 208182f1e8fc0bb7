// Package dictset decides where a process reads the text layer's data from —
// the entity catalog and the jieba dictionaries — so that every command reads
// the same files: the copies built into the binary (package dictionaries), or
// one override directory for people editing the catalog, never the working
// directory by accident.
package dictset

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/zhwatch/zhwatch/dictionaries"
	"github.com/zhwatch/zhwatch/internal/entity"
	"github.com/zhwatch/zhwatch/internal/zh"
)

// Set is where one process reads its dictionaries.
type Set struct {
	jiebaDir string // the built-in files on disk: jieba's own, and the built-in user dictionary
	override string // "" for the built-in catalog and user dictionary
}

// Open returns the built-in set, or, with override set, the set whose
// entities.yaml and user.dict.utf8 (and optional stop_words.utf8) come from
// that directory. jieba's main dictionary and HMM model are always the
// built-in copies: they are gojieba's, not zhwatch's, to edit.
func Open(override string) (*Set, error) {
	jdir, err := dictionaries.OnDisk()
	if err != nil {
		return nil, err
	}
	if override == "" {
		return &Set{jiebaDir: jdir}, nil
	}
	dir, err := filepath.Abs(override)
	if err != nil {
		return nil, fmt.Errorf("dictionaries %s: %w", override, err)
	}
	var missing []error
	for _, name := range []string{entity.CatalogFile, zh.UserDictFile} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			missing = append(missing, err)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("dictionaries %s: an override directory holds entities.yaml and user.dict.utf8, like the repository's dictionaries/: %w",
			override, errors.Join(missing...))
	}
	return &Set{jiebaDir: jdir, override: dir}, nil
}

// String names the set in messages: the override directory, or "built-in".
func (s *Set) String() string {
	if s.override == "" {
		return "built-in"
	}
	return s.override
}

// dictDir is the directory holding the catalog and the user dictionary.
func (s *Set) dictDir() string {
	if s.override == "" {
		return s.jiebaDir
	}
	return s.override
}

// Catalog loads the entity catalog.
func (s *Set) Catalog() (*entity.Catalog, error) {
	if s.override == "" {
		return entity.LoadFS(dictionaries.FS)
	}
	return entity.Load(s.override)
}

// Segmenter installs the process's one jieba instance (zh.Load) from this
// set and returns it.
func (s *Set) Segmenter() (*zh.Segmenter, error) {
	if err := zh.Load(s.jiebaDir, s.dictDir()); err != nil {
		return nil, err
	}
	return zh.Shared()
}
