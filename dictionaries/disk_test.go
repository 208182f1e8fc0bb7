package dictionaries

import (
	"bytes"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/yanyiwu/gojieba"
)

// The copies of jieba's files are gojieba's own, byte for byte: after a
// gojieba upgrade this fails until they are copied again (see README.md).
func TestJiebaCopiesMatchGojieba(t *testing.T) {
	dir, err := writeTo(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for name, orig := range map[string]string{
		MainDictFile: gojieba.DICT_PATH, HMMModelFile: gojieba.HMM_PATH, StopWordsFile: gojieba.STOP_WORDS_PATH,
	} {
		want, err := os.ReadFile(orig)
		if err != nil {
			t.Skipf("gojieba's module directory is not here: %v", err)
		}
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: %d bytes differ from gojieba's %s (%d bytes)", name, len(got), orig, len(want))
		}
	}
	for _, name := range []string{IDFFile, "user.dict.utf8", "entities.yaml"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Error(err)
		}
	}
}

func TestWriteToConcurrentAndRepair(t *testing.T) {
	base := t.TempDir()
	var wg sync.WaitGroup
	dirs := make([]string, 8)
	errs := make([]error, 8)
	for i := range dirs {
		wg.Go(func() { dirs[i], errs[i] = writeTo(base) })
	}
	wg.Wait()
	for i := range dirs {
		if errs[i] != nil || dirs[i] != dirs[0] {
			t.Fatalf("writer %d: %q, %v; writer 0: %q", i, dirs[i], errs[i], dirs[0])
		}
	}
	entries, err := os.ReadDir(base)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("%s holds %d entries, want only the finished folder (no temporary ones left)", base, len(entries))
	}
	// A temp cleaner removed a file: the next start writes the folder again.
	main := filepath.Join(dirs[0], MainDictFile)
	before, _ := os.Stat(main)
	if err := os.Remove(main); err != nil {
		t.Fatal(err)
	}
	if _, err := writeTo(base); err != nil {
		t.Fatal(err)
	}
	after, err := os.Stat(main)
	if err != nil || after.Size() != before.Size() {
		t.Fatalf("after repair: %v, %v; want %d bytes", after, err, before.Size())
	}
}

func TestWriteToRefusesSharedFolder(t *testing.T) {
	base := filepath.Join(t.TempDir(), "shared")
	if err := os.Mkdir(base, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(base, 0o777); err != nil {
		t.Fatal(err)
	}
	if _, err := writeTo(base); err == nil {
		t.Error("writeTo a world-writable folder: want an error")
	}
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(t.TempDir(), link); err != nil {
		t.Fatal(err)
	}
	if _, err := writeTo(link); err == nil {
		t.Error("writeTo a symbolic link: want an error")
	}
}

// BenchmarkBuiltinFiles is what every command start pays once the folder
// exists: hashing the embedded files to name it.
func BenchmarkBuiltinFiles(b *testing.B) {
	for b.Loop() {
		if _, _, err := builtinFiles(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriteToFresh is the first start on a machine: decompressing and
// writing the files.
func BenchmarkWriteToFresh(b *testing.B) {
	for b.Loop() {
		if _, err := writeTo(b.TempDir()); err != nil {
			b.Fatal(err)
		}
	}
}
