package deploy

import (
	"bufio"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// buildStage is what the Dockerfile's build stage copies and runs.
type buildStage struct {
	copies [][]string // each COPY's arguments: sources..., destination
	env    []string   // ENV K=V
	build  string     // the RUN command that runs go build, without its --mount options
}

// parseBuildStage reads the stage named build: its COPY, ENV and go build
// RUN instructions. COPY and ENV must fit on one line.
func parseBuildStage(r io.Reader) (buildStage, error) {
	var st buildStage
	sc := bufio.NewScanner(r)
	in := false
	var pending string
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if pending != "" || strings.HasSuffix(line, `\`) {
			pending += strings.TrimSuffix(line, `\`) + " "
			if strings.HasSuffix(line, `\`) {
				continue
			}
			line, pending = strings.TrimSpace(pending), ""
		}
		word, rest, _ := strings.Cut(line, " ")
		switch strings.ToUpper(word) {
		case "FROM":
			in = strings.HasSuffix(strings.ToLower(rest), " as build")
		case "COPY":
			if in {
				st.copies = append(st.copies, strings.Fields(rest))
			}
		case "ENV":
			if in {
				st.env = append(st.env, strings.Fields(rest)...)
			}
		case "RUN":
			if !in || !strings.Contains(rest, "go build") {
				continue
			}
			fields := strings.Fields(rest)
			for len(fields) > 0 && strings.HasPrefix(fields[0], "--") {
				fields = fields[1:] // --mount=type=cache,...
			}
			st.build = strings.Join(fields, " ")
		}
	}
	if err := sc.Err(); err != nil {
		return st, err
	}
	if len(st.copies) == 0 || st.build == "" {
		return st, fmt.Errorf("no build stage (FROM … AS build) with COPY lines and a go build RUN")
	}
	return st, nil
}

// copyInto copies what one COPY line names from the repository into dir,
// as docker does: a folder's contents into the destination folder, files
// (globs expanded) into it.
func copyInto(repo, dir string, args []string) error {
	dest := filepath.Join(dir, args[len(args)-1])
	for _, src := range args[:len(args)-1] {
		if strings.HasPrefix(src, "--") {
			return fmt.Errorf("COPY option %s: not understood by this test", src)
		}
		matches, err := filepath.Glob(filepath.Join(repo, src))
		if err != nil || len(matches) == 0 {
			return fmt.Errorf("COPY %s: nothing matches (%v)", src, err)
		}
		for _, m := range matches {
			fi, err := os.Stat(m)
			if err != nil {
				return err
			}
			if !fi.IsDir() {
				if err := copyPath(m, filepath.Join(dest, filepath.Base(m))); err != nil {
					return err
				}
				continue
			}
			err = filepath.WalkDir(m, func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				rel, _ := filepath.Rel(m, p)
				return copyPath(p, filepath.Join(dest, rel))
			})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

func copyPath(from, to string) error {
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o644)
}

// runBuild copies the COPY lines but the skipped one into a fresh folder and
// runs the stage's go build there, writing to out instead of /out.
func runBuild(t *testing.T, st buildStage, skip int) ([]byte, error) {
	dir := t.TempDir()
	for i, c := range st.copies {
		if i == skip {
			continue
		}
		if err := copyInto(repoRoot(), dir, c); err != nil {
			t.Fatal(err)
		}
	}
	out := t.TempDir()
	cmd := exec.Command("sh", "-c", strings.ReplaceAll(st.build, "/out/", out+"/"))
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=readonly"), st.env...)
	b, err := cmd.CombinedOutput()
	if err == nil {
		for _, bin := range []string{"crawler", "search"} {
			if _, serr := os.Stat(filepath.Join(out, bin)); serr != nil {
				return b, fmt.Errorf("built, but: %w", serr)
			}
		}
	}
	return b, err
}

// The image's build stage has every file the build needs, and each of its
// COPY lines is needed: without any one of them the same build fails.
func TestDockerfileBuildStage(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go build; skipped with -short")
	}
	f, err := os.Open(filepath.Join(repoRoot(), "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, err := parseBuildStage(f)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(st.build, "/out/") {
		t.Fatalf("the build writes %q; this test expects it to write to /out/", st.build)
	}
	if out, err := runBuild(t, st, -1); err != nil {
		t.Fatalf("COPY %v then %s: %v\n%s", st.copies, st.build, err, out)
	}
	for i, c := range st.copies {
		if out, err := runBuild(t, st, i); err == nil {
			t.Errorf("without COPY %s the build still works: the line is not needed\n%s", strings.Join(c, " "), out)
		} else {
			t.Logf("without COPY %s: %s", strings.Join(c, " "), firstLine(out))
		}
	}
}

func firstLine(b []byte) string {
	s, _, _ := strings.Cut(strings.TrimSpace(string(b)), "\n")
	return s
}
