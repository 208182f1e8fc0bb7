package main

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"sort"

	"github.com/zhwatch/zhwatch/internal/store/backend"
	"github.com/zhwatch/zhwatch/internal/store/postgres"
	"github.com/zhwatch/zhwatch/internal/store/transfer"
)

// runMigrateStore copies the SQLite store of the data directory into an
// empty PostgreSQL database.
func runMigrateStore(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, flags := newFlagSet("migrate-store", "migrate-store [--config FILE] [--data DIR] [--to postgres://user@host/db]", stderr)
	to := fs.String("to", "", "the PostgreSQL database to copy into (default: the config's store); the password comes from PGPASSWORD or PGPASSFILE")
	if help, err := parse(fs, args); help || err != nil {
		return err
	}
	dataDir := flags.data
	// With both --data and --to nothing is read from a config file.
	if dataDir == "" || *to == "" {
		cfg, err := loadConfig(flags)
		if err != nil {
			return err
		}
		dataDir = cfg.DataDir
		if *to == "" {
			*to = cfg.Store
		}
	}
	if err := checkTarget(*to); err != nil {
		return err
	}
	counts, err := transfer.Copy(ctx, dataDir, *to)
	if err != nil {
		return err
	}
	names := make([]string, 0, len(counts))
	for name := range counts {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Fprintf(stdout, "%-18s %d rows\n", name, counts[name])
	}
	fmt.Fprintf(stdout, "copied the store in %s to %s; set `store: %s` in the config of every process\n",
		dataDir, postgres.Redact(*to), postgres.Redact(*to))
	return nil
}

func checkTarget(to string) error {
	switch {
	case to == "":
		return fmt.Errorf("%w: migrate-store needs --to postgres://user@host/database (or a store key in the config)", errUsage)
	case !backend.IsPostgres(to):
		return fmt.Errorf("%w: --to %q: want a postgres:// URL", errUsage, postgres.Redact(to))
	}
	if u, err := url.Parse(to); err == nil {
		if _, ok := u.User.Password(); ok {
			return fmt.Errorf("%w: --to %s: keep the password out of the command line (it shows in ps and shell history); set PGPASSWORD or use a PGPASSFILE", errUsage, postgres.Redact(to))
		}
	}
	return nil
}
