// Command crawler collects articles from the configured sources into the
// store. See `crawler help`.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/zhwatch/zhwatch/internal/cli"
)

const usage = `crawler collects Chinese news and government pages into zhwatch's store.

Usage:
  crawler once    [--config FILE] [--source NAME]   crawl every source (or one) once, then exit
  crawler run     [--config FILE]                   crawl each source on its cron schedule until stopped
  crawler status  [--config FILE] [--source NAME]   per source: last success, last run, errors, empty extractions
  crawler try     --source NAME [--limit N] [--config FILE]
                                                    fetch one source's seeds politely, list each link
                                                    with its verdict, extract up to N articles, and
                                                    say what throttles the source; stores nothing
  crawler extract [--url URL] [--content-type CT] FILE
                                                    print one saved page's article as JSON
  crawler reprocess [--config FILE]                 re-extract every stored article page with the
                                                    current extractor and text layer (no re-crawl)
  crawler migrate-store [--config FILE] [--to postgres://user@host/db]
                                                    copy the SQLite store in the data directory into an
                                                    empty PostgreSQL database (default: the config's store)
  crawler analyze [FILE|-]                          print a text's script, normal form, words and entities as JSON
  crawler help                                      show this text

The config file defaults to zhwatch.yaml (see zhwatch.example.yaml); --data DIR overrides
its data_dir, and --dictionaries DIR (every command) reads entities.yaml and user.dict.utf8
from DIR instead of the copies built into the binary. Flags may come anywhere. Progress goes to
standard error; logs are structured (log/slog), --log-level debug|info|warn|error.
The Go garbage collector runs at GOGC=200 with a soft GOMEMLIMIT of 1GiB; the environment
variables GOGC and GOMEMLIMIT override them.
Exit status: 0 ok, 1 the work failed, 2 bad usage or config.
`

func main() {
	tuneGC()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// tuneGC collects garbage when the heap has grown by twice the live data
// rather than once (GOGC=200), under a soft limit of 1 GiB (GOMEMLIMIT);
// either environment variable overrides its half. A crawl allocates a
// parsed page and its segmented text per article and keeps little of it:
// on the rig crawl GOGC=200 took CPU from 36 to 33 s and 8% off the crawl
// time, for about 10 MB more peak RSS (78 -> 88 MB). Alone it would also
// let the heap of a crawl of 10 MiB pages (~460 MB each through
// extraction) grow half as large again (1.25-1.49 -> 1.81-2.05 GB peak on
// four such pages); the soft limit makes the collector work harder there
// instead (1.43-1.52 GB), and never comes near on ordinary pages.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(1 << 30)
	}
}

// errUsage marks errors in how the command was called (exit 2).
var errUsage = cli.ErrUsage

func exitCode(err error, stderr io.Writer) int { return cli.ExitCode("crawler", err, stderr) }

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("%w: no command given", errUsage)
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "once":
		return runOnce(ctx, rest, stdout, stderr)
	case "run":
		return runDaemon(ctx, rest, stdout, stderr)
	case "status":
		return runStatus(ctx, rest, stdout, stderr)
	case "try":
		return runTry(ctx, rest, stdout, stderr)
	case "extract":
		return runExtract(ctx, rest, stdout, stderr)
	case "reprocess":
		return runReprocess(ctx, rest, stdout, stderr)
	case "migrate-store":
		return runMigrateStore(ctx, rest, stdout, stderr)
	case "analyze":
		return runAnalyze(ctx, rest, os.Stdin, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("%w: unknown command %q", errUsage, cmd)
	}
}
