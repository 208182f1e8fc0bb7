// Package pgtest gives tests a real PostgreSQL server: one throwaway cluster
// per test binary, started from Debian's binaries (/usr/lib/postgresql/*/bin)
// in a temporary directory and listening on loopback only, with a fresh
// database per test. Nothing has to be running beforehand.
//
// A package that uses it calls Main from its TestMain so the cluster is
// stopped when the binary ends. Without PostgreSQL binaries tests skip, unless
// CI is set: there a missing server fails the run.
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// superuser is the cluster's superuser; authentication is trust on
// loopback, so tests need no password.
const superuser = "zhwatch"

var (
	once     sync.Once
	cluster  *server
	startErr error
	dbs      atomic.Int64
)

// Main runs the tests and stops the cluster if one was started:
//
//	func TestMain(m *testing.M) { pgtest.Main(m) }
func Main(m *testing.M) {
	code := m.Run()
	if cluster != nil {
		cluster.stop()
	}
	os.Exit(code)
}

// URL returns the connection URL of a new, empty database for this test,
// dropped when the test ends. It skips the test (fails it under CI) when no
// PostgreSQL binaries are installed.
func URL(t testing.TB) string {
	t.Helper()
	once.Do(func() { cluster, startErr = start() })
	if errors.Is(startErr, errNoBinaries) {
		if os.Getenv("CI") != "" {
			t.Fatalf("PostgreSQL: %v (CI is set, so this fails; apt-get install postgresql)", startErr)
		}
		t.Skipf("PostgreSQL: %v; skipping (apt-get install postgresql to run it)", startErr)
	}
	if startErr != nil {
		t.Fatalf("PostgreSQL: %v", startErr)
	}
	name := fmt.Sprintf("t%d_%d", os.Getpid(), dbs.Add(1))
	ctx := context.Background()
	if err := cluster.exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("PostgreSQL: create database: %v", err)
	}
	t.Cleanup(func() {
		// FORCE: a test that failed may still hold connections.
		if err := cluster.exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("PostgreSQL: drop database %s: %v", name, err)
		}
	})
	return cluster.url(name)
}

var errNoBinaries = errors.New("no server binaries (pg_ctl) in /usr/lib/postgresql/*/bin or $ZHWATCH_PG_BIN")

// server is a running throwaway cluster.
type server struct {
	bin, dir string
	port     int
	asUser   string // run the server binaries as this user ("" = as ourselves)
}

func (s *server) url(db string) string {
	return fmt.Sprintf("postgres://%s@127.0.0.1:%d/%s?sslmode=disable", superuser, s.port, db)
}

func (s *server) exec(ctx context.Context, sql string) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, s.url("postgres"))
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, sql)
	return err
}

// binDir finds the newest installed server version: Debian's layout, or
// the glob in ZHWATCH_PG_BIN for another one.
func binDir() (string, error) {
	glob := os.Getenv("ZHWATCH_PG_BIN")
	if glob == "" {
		glob = "/usr/lib/postgresql/*/bin"
	}
	dirs, _ := filepath.Glob(glob)
	var found []string
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "pg_ctl")); err == nil {
			found = append(found, d)
		}
	}
	if len(found) == 0 {
		return "", errNoBinaries
	}
	sort.Slice(found, func(i, j int) bool { return version(found[i]) > version(found[j]) })
	return found[0], nil
}

func version(bin string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(bin)))
	return n
}

func start() (*server, error) {
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	s := &server{bin: bin}
	// initdb refuses to run as root: as root (CI, containers) the cluster
	// belongs to the postgres user Debian's package creates.
	if os.Geteuid() == 0 {
		s.asUser = "postgres"
	}
	if s.dir, err = os.MkdirTemp(tempBase(), "zhwatch-pg-"); err != nil {
		return nil, err
	}
	if err := s.chown(); err != nil {
		os.RemoveAll(s.dir)
		return nil, err
	}
	if out, err := s.run("initdb", "-D", s.data(), "-U", superuser, "--auth=trust",
		"--no-sync", "--encoding=UTF8", "--locale=C"); err != nil {
		os.RemoveAll(s.dir)
		return nil, fmt.Errorf("initdb: %v: %s", err, out)
	}
	// A free port is picked by the kernel, then handed to the server; another
	// process could take it in between, so try a few times.
	for attempt := 0; attempt < 5; attempt++ {
		if s.port, err = freePort(); err != nil {
			break
		}
		// Durability is not tested here: fsync off keeps each test's
		// CREATE DATABASE and commits cheap.
		opts := fmt.Sprintf("-k %s -h 127.0.0.1 -p %d -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
			s.dir, s.port)
		var out []byte
		out, err = s.run("pg_ctl", "start", "-w", "-t", "60", "-D", s.data(), "-l", filepath.Join(s.dir, "server.log"), "-o", opts)
		if err == nil {
			s.watch()
			return s, nil
		}
		err = fmt.Errorf("pg_ctl start: %v: %s%s", err, out, s.logTail())
	}
	os.RemoveAll(s.dir)
	return nil, err
}

// tempBase is where the cluster's directory goes: /tmp when it exists,
// because the server user must reach it (a root-only $TMPDIR would not do)
// and its Unix socket path must stay under the ~100-byte limit.
func tempBase() string {
	if fi, err := os.Stat("/tmp"); err == nil && fi.IsDir() {
		return "/tmp"
	}
	return os.TempDir()
}

func (s *server) data() string { return filepath.Join(s.dir, "data") }

func (s *server) chown() error {
	if s.asUser == "" {
		return nil
	}
	u, err := user.Lookup(s.asUser)
	if err != nil {
		return fmt.Errorf("running as root, and no %s user to run the server as: %w", s.asUser, err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return os.Chown(s.dir, uid, gid)
}

// run runs a server binary, as s.asUser when set.
func (s *server) run(name string, args ...string) ([]byte, error) {
	path := filepath.Join(s.bin, name)
	var cmd *exec.Cmd
	if s.asUser != "" {
		cmd = exec.Command("runuser", append([]string{"-u", s.asUser, "--", path}, args...)...)
	} else {
		cmd = exec.Command(path, args...)
	}
	cmd.Dir = s.dir
	return cmd.CombinedOutput()
}

// watch stops the cluster when this test binary dies without running Main's
// cleanup (a panic, a timeout, SIGKILL): a small shell polls our pid.
func (s *server) watch() {
	script := fmt.Sprintf(`while kill -0 %d 2>/dev/null; do sleep 1; done; %s; rm -rf %s`,
		os.Getpid(), s.stopCommand(), s.dir)
	cmd := exec.Command("sh", "-c", script)
	cmd.Dir = "/"
	if err := cmd.Start(); err == nil {
		go cmd.Wait() //nolint:errcheck // outlives us by design
	}
}

func (s *server) stopCommand() string {
	stop := fmt.Sprintf("%s stop -m immediate -D %s", filepath.Join(s.bin, "pg_ctl"), s.data())
	if s.asUser != "" {
		stop = "runuser -u " + s.asUser + " -- " + stop
	}
	return stop + " >/dev/null 2>&1"
}

func (s *server) stop() {
	s.run("pg_ctl", "stop", "-m", "immediate", "-D", s.data()) //nolint:errcheck // best effort at exit
	os.RemoveAll(s.dir)
}

func (s *server) logTail() string {
	b, _ := os.ReadFile(filepath.Join(s.dir, "server.log"))
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) > 5 {
		lines = lines[len(lines)-5:]
	}
	return "\n" + strings.Join(lines, "\n")
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
