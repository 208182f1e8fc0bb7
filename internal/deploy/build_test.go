package deploy

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
)

// repoRoot is the repository's top folder.
func repoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// builtBinaries builds crawler and search once per test binary, with
// -trimpath as the Dockerfile does: no path of the build machine (such as
// gojieba's module directory) is left for them to read at run time.
var builtBinaries = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "zhwatch-bin-")
	if err != nil {
		return "", err
	}
	builtDir = dir
	if err := statSources(repoRoot()); err != nil {
		return "", err
	}
	cmd := exec.Command("go", "build", "-trimpath", "-o", dir+string(filepath.Separator), "./cmd/crawler", "./cmd/search")
	cmd.Dir = repoRoot()
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", &buildError{err, out}
	}
	return dir, nil
})

// builtDir is removed when the tests end, if they built anything.
var builtDir string

type buildError struct {
	err error
	out []byte
}

func (e *buildError) Error() string { return "go build: " + e.err.Error() + "\n" + string(e.out) }

func binaries(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binaries; skipped with -short")
	}
	dir, err := builtBinaries()
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if builtDir != "" {
		os.RemoveAll(builtDir)
	}
	os.Exit(code)
}

// statSources stats every file the build reads, so that go test's cache,
// which tracks the files a test opens or stats but not those its
// subprocesses read, runs these tests again when any of them changes.
func statSources(root string) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if rel, _ := filepath.Rel(root, p); rel == ".git" || rel == "data" || rel == "bin" || rel == "bench" {
				return filepath.SkipDir
			}
			return nil
		}
		_, err = os.Stat(p)
		return err
	})
}
