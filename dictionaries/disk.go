package dictionaries

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
)

// Names of jieba's own files in the directory OnDisk returns (zh.New reads
// them from there).
const (
	MainDictFile  = "jieba.dict.utf8"
	HMMModelFile  = "hmm_model.utf8"
	IDFFile       = "idf.utf8"
	StopWordsFile = "stop_words.utf8"
)

// OnDisk returns a directory holding every built-in file, jieba's own
// decompressed at its top level beside user.dict.utf8 and entities.yaml.
//
// cppjieba opens its dictionaries by path only, so the embedded copies are
// written out once: to the user's cache directory (os.UserCacheDir), or to a
// private folder in the temporary directory when there is none. The folder is
// named by the SHA-256 of the embedded files and written under a temporary
// name then renamed, so processes started at once, or binaries of different
// versions, never read each other's half-written or different files.
var OnDisk = sync.OnceValues(func() (string, error) {
	var errs []error
	for _, base := range cacheBases() {
		dir, err := writeTo(base)
		if err == nil {
			return dir, nil
		}
		errs = append(errs, err)
	}
	return "", fmt.Errorf("write the built-in dictionaries to disk: %w", errors.Join(errs...))
})

// cacheBases are the folders OnDisk tries, in order.
func cacheBases() []string {
	var bases []string
	if c, err := os.UserCacheDir(); err == nil {
		bases = append(bases, filepath.Join(c, "zhwatch"))
	}
	return append(bases, filepath.Join(os.TempDir(), fmt.Sprintf("zhwatch-%d", os.Getuid())))
}

// writeTo makes base/dictionaries-HASH hold the built-in files, unless it
// already does, and returns it.
func writeTo(base string) (string, error) {
	files, sum, err := builtinFiles()
	if err != nil {
		return "", err
	}
	if err := privateDir(base); err != nil {
		return "", err
	}
	dir := filepath.Join(base, "dictionaries-"+sum[:16])
	if complete(dir, files) {
		return dir, nil
	}
	// A folder left incomplete (a temp cleaner removed files from it) is
	// replaced; a concurrent writer may do the same, and either's rename wins.
	if err := os.RemoveAll(dir); err != nil {
		return "", fmt.Errorf("remove incomplete %s: %w", dir, err)
	}
	tmp, err := os.MkdirTemp(base, ".dictionaries-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp) //nolint:errcheck // gone after the rename; a leftover is only litter
	for _, f := range files {
		if err := f.write(filepath.Join(tmp, f.name)); err != nil {
			return "", err
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return "", err
	}
	if err := os.Rename(tmp, dir); err != nil && !complete(dir, files) {
		return "", fmt.Errorf("install %s: %w", dir, err)
	}
	return dir, nil
}

// privateDir creates base if needed and refuses one that is a symbolic link
// or that another user could write: in a shared temporary directory anyone
// could have created it first.
func privateDir(base string) error {
	if err := os.MkdirAll(base, 0o700); err != nil {
		return err
	}
	fi, err := os.Lstat(base)
	if err != nil {
		return err
	}
	if !fi.IsDir() || fi.Mode().Perm()&0o022 != 0 || !ownedByMe(fi) {
		return fmt.Errorf("%s: not a private directory of this user (mode %v)", base, fi.Mode())
	}
	return nil
}

// builtinFile is one embedded file as it is written to disk.
type builtinFile struct {
	name   string // in the folder OnDisk returns
	src    string // in FS
	size   int64  // on disk; -1 when unknown before decompressing
	onDisk func(dst io.Writer) error
}

func (f builtinFile) write(path string) error {
	out, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if err := f.onDisk(out); err != nil {
		out.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return out.Close()
}

// builtinFiles lists the embedded files and the hex SHA-256 of their names
// and contents.
func builtinFiles() ([]builtinFile, string, error) {
	h := sha256.New()
	var files []builtinFile
	err := fs.WalkDir(FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := FS.ReadFile(p)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", p, len(b))
		h.Write(b)
		f := builtinFile{name: path.Base(p), src: p, size: int64(len(b))}
		f.onDisk = func(dst io.Writer) error { _, err := dst.Write(b); return err }
		if name, ok := strings.CutSuffix(f.name, ".gz"); ok {
			f.name, f.size = name, -1
			f.onDisk = func(dst io.Writer) error { return gunzip(dst, b) }
		}
		files = append(files, f)
		return nil
	})
	if err != nil {
		return nil, "", fmt.Errorf("built-in dictionaries: %w", err)
	}
	return files, hex.EncodeToString(h.Sum(nil)), nil
}

func gunzip(dst io.Writer, b []byte) error {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, zr); err != nil {
		return err
	}
	return zr.Close()
}

// complete reports whether dir holds every file, at its size where known.
func complete(dir string, files []builtinFile) bool {
	for _, f := range files {
		fi, err := os.Stat(filepath.Join(dir, f.name))
		if err != nil || !fi.Mode().IsRegular() || (f.size >= 0 && fi.Size() != f.size) || fi.Size() == 0 {
			return false
		}
	}
	return true
}
