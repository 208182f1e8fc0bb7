package digest_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/zhwatch/zhwatch/internal/config"
	"github.com/zhwatch/zhwatch/internal/digest"
	"github.com/zhwatch/zhwatch/internal/store/pgtest"
	"github.com/zhwatch/zhwatch/internal/store/sqlite"
)

// TestMain lets the test binary stand in for a digest process that the
// kill test stops with SIGKILL.
func TestMain(m *testing.M) {
	if os.Getenv("ZHWATCH_DIGEST_CHILD") != "" {
		if err := runChild(os.Getenv("ZHWATCH_DIGEST_CHILD"), os.Getenv("ZHWATCH_DIGEST_DATA"), os.Getenv("ZHWATCH_DIGEST_OUT")); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	pgtest.Main(m) // stops the PostgreSQL cluster if a test started one
}

// stallingSender stands for a delivery the process dies in: it writes a
// marker (after writing the digest file, when write is set) and hangs.
type stallingSender struct {
	digest.Sender
	write  bool
	marker string
}

func (s *stallingSender) Send(ctx context.Context, m *digest.Message) error {
	if s.write {
		if err := s.Sender.Send(ctx, m); err != nil {
			return err
		}
	}
	// Written whole, then renamed: the parent kills us as soon as the
	// marker exists, and must never read it half written.
	if err := os.WriteFile(s.marker+".tmp", []byte(m.ID), 0o644); err != nil {
		return err
	}
	if err := os.Rename(s.marker+".tmp", s.marker); err != nil {
		return err
	}
	select {} // killed here
}

func runChild(mode, data, out string) error {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, data)
	if err != nil {
		return err
	}
	open := func(ctx context.Context, d config.Delivery, env digest.Env) (digest.Sender, error) {
		s, err := digest.Open(ctx, d, env)
		if err != nil {
			return nil, err
		}
		return &stallingSender{Sender: s, write: mode == "after-write", marker: filepath.Join(data, "delivering")}, nil
	}
	r, err := digest.New(ctx, db, &storeFinder{db: db}, []config.Watchlist{watchlist(config.Delivery{Type: "dir", Path: out})},
		digest.Options{Open: open})
	if err != nil {
		return err
	}
	_, err = r.Run(ctx, "export-controls", digest.RunOptions{})
	return err
}

// TestKillBetweenRenderAndDelivery kills a digest process with SIGKILL
// after it recorded its digest and while it delivers (before the file is
// written, and after it is written but before it is marked done); the
// next run delivers that digest exactly once, under its id, and lists
// nothing new.
func TestKillBetweenRenderAndDelivery(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	for _, mode := range []string{"before-write", "after-write"} {
		t.Run(mode, func(t *testing.T) {
			ctx := context.Background()
			data, out := t.TempDir(), t.TempDir()
			db := openDB(t, data, nil)
			a := put(t, db, "http://h/a.html", "出口管制新规", "出口管制新规发布。")
			b := put(t, db, "http://h/b.html", "美方更新清单", "美国商务部更新清单。", "list:entity-list")
			put(t, db, "http://h/c.html", "马拉松", "三万人参加。")

			child := exec.Command(os.Args[0], "-test.run=^$")
			child.Env = append(os.Environ(), "ZHWATCH_DIGEST_CHILD="+mode, "ZHWATCH_DIGEST_DATA="+data, "ZHWATCH_DIGEST_OUT="+out)
			var stderr strings.Builder
			child.Stderr = &stderr
			if err := child.Start(); err != nil {
				t.Fatal(err)
			}
			marker := filepath.Join(data, "delivering")
			deadline := time.Now().Add(30 * time.Second)
			for {
				if _, err := os.Stat(marker); err == nil {
					break
				}
				if time.Now().After(deadline) {
					child.Process.Kill() //nolint:errcheck // giving up
					t.Fatalf("the child never reached delivery; stderr:\n%s", stderr.String())
				}
				time.Sleep(20 * time.Millisecond)
			}
			if err := child.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			child.Wait() //nolint:errcheck // killed on purpose
			killedID := readFile(t, marker)

			pending, err := db.PendingDigests(ctx, "export-controls")
			if err != nil || len(pending) != 1 || pending[0].ID != killedID {
				t.Fatalf("after the kill: pending %+v, %v; want the digest %s", pending, err, killedID)
			}
			before := digestFiles(t, out)
			if want := map[string]int{"before-write": 0, "after-write": 1}[mode]; len(before) != want {
				t.Fatalf("%d files after the kill, want %d", len(before), want)
			}

			r, err := digest.New(ctx, db, &storeFinder{db: db}, []config.Watchlist{watchlist(config.Delivery{Type: "dir", Path: out})}, digest.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			res, err := r.Run(ctx, "export-controls", digest.RunOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Redelivered) != 1 || res.Redelivered[0] != killedID || !res.Digest.Empty() {
				t.Errorf("restart: redelivered %v, new digest %v; want %s redelivered and nothing new", res.Redelivered, ids(res.Digest), killedID)
			}
			files := digestFiles(t, out)
			if len(files) != 1 || files[0] != killedID+".md" {
				t.Fatalf("files %v, want exactly %s.md", files, killedID)
			}
			md := readFile(t, filepath.Join(out, files[0]))
			for _, want := range []string{a.Title, b.Title} {
				if strings.Count(md, want) != 1 {
					t.Errorf("%q appears %d times in the delivered digest, want once", want, strings.Count(md, want))
				}
			}
			if strings.Contains(md, "马拉松") {
				t.Error("a non-matching article was delivered")
			}
			if leftovers, _ := filepath.Glob(filepath.Join(out, ".*.tmp")); len(leftovers) != 0 {
				t.Errorf("temporary files left: %v", leftovers)
			}
			again, err := r.Run(ctx, "export-controls", digest.RunOptions{})
			if err != nil || len(again.Redelivered) != 0 || !again.Digest.Empty() || len(digestFiles(t, out)) != 1 {
				t.Errorf("third run: %+v, %v", again, err)
			}
		})
	}
}
