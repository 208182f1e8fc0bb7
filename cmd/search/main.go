// Command search owns zhwatch's index: it keeps it in step with the store
// and answers queries from the command line and over HTTP. See `search help`.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/zhwatch/zhwatch/internal/cli"
)

const usage = `search finds articles in what zhwatch collected.

Usage:
  search query [--json] [--sort relevance|date] [--limit N] QUERY...
                          catch the index up with the store, then print ranked hits
  search export [--format jsonl|csv] QUERY...
                          write every matching article (newest first) for other tools
  search reindex          rebuild the index from the store
  search serve [--addr HOST:PORT] [--config FILE]
                          serve the HTTP API, keeping the index in step with the store
  search digest --watchlist NAME [--config FILE] [--dry-run] [--since TIME] [--format markdown|html|json]
                          make a watchlist's digest of what is new, print it and deliver it
  search help             show this text

Common flags, anywhere on the line: --config FILE (its data_dir and dictionaries), --data DIR
(overrides the config's data_dir; default ./data), --dictionaries DIR (entities.yaml and
user.dict.utf8 to use instead of the built-in copies).

Query language: words and "quoted phrases" in either script (英偉達 finds 英伟达, and entity
names find their aliases: 輝達 finds NVIDIA), AND, OR, NOT or -word (search query -美国 芯片;
only -json, -sort and the other flags above are flags: to exclude such a word write NOT json
or put the query after --), ( ), title:WORD, source:NAME, entity:TYPE:ID (entity:list:* for any control list), type:chip,
after:YYYY[-MM[-DD]] (on or after), before:… (earlier than), sort:relevance|date.
Exit status: 0 ok, 1 the work failed, 2 bad usage or query.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// errUsage marks errors in how the command was called (exit 2).
var errUsage = cli.ErrUsage

func exitCode(err error, stderr io.Writer) int { return cli.ExitCode("search", err, stderr) }

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("%w: no command given", errUsage)
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "query":
		return runQuery(ctx, rest, stdout, stderr)
	case "export":
		return runExport(ctx, rest, stdout, stderr)
	case "reindex":
		return runReindex(ctx, rest, stdout, stderr)
	case "digest":
		return runDigest(ctx, rest, stdout, stderr)
	case "serve":
		return runServe(ctx, rest, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("%w: unknown command %q", errUsage, cmd)
	}
}
