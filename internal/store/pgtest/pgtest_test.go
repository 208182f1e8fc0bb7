package pgtest_test

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/zhwatch/zhwatch/internal/store/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// Each test gets its own database on the one cluster, listening on loopback.
func TestFreshDatabasePerTest(t *testing.T) {
	ctx := context.Background()
	var names []string
	for i := 0; i < 2; i++ {
		t.Run("db", func(t *testing.T) {
			conn, err := pgx.Connect(ctx, pgtest.URL(t))
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close(ctx)
			var name, addr string
			if err := conn.QueryRow(ctx, `SELECT current_database(), host(inet_server_addr())`).Scan(&name, &addr); err != nil {
				t.Fatal(err)
			}
			if addr != "127.0.0.1" {
				t.Errorf("server address %s; want loopback", addr)
			}
			var n int
			if err := conn.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public'`).Scan(&n); err != nil || n != 0 {
				t.Errorf("new database has %d tables, %v; want an empty one", n, err)
			}
			names = append(names, name)
		})
	}
	if len(names) == 2 && names[0] == names[1] {
		t.Errorf("both tests got database %s", names[0])
	}
}

// Without server binaries a test skips, except under CI, where it fails:
// the test binary runs itself with the binaries hidden.
func TestMissingServerSkipsOrFailsUnderCI(t *testing.T) {
	if os.Getenv("ZHWATCH_PG_BIN") != "" {
		t.Skip("running as the child")
	}
	for _, ci := range []string{"", "true"} {
		cmd := exec.Command(os.Args[0], "-test.run", "^TestFreshDatabasePerTest$", "-test.v")
		cmd.Env = append(os.Environ(), "ZHWATCH_PG_BIN=/nonexistent/*/bin", "CI="+ci)
		out, err := cmd.CombinedOutput()
		switch {
		case ci == "" && (err != nil || !strings.Contains(string(out), "--- SKIP") || !strings.Contains(string(out), "no server binaries")):
			t.Errorf("CI unset: %v\n%s\nwant a skip naming the missing binaries", err, out)
		case ci != "" && (err == nil || !strings.Contains(string(out), "CI is set, so this fails")):
			t.Errorf("CI set: %v\n%s\nwant a failure", err, out)
		}
	}
}
