// Package cli holds the command-line conventions zhwatch's commands share:
// sub-command flag sets that print their synopsis, -h that is not an error,
// and exit codes (0 ok, 1 the work failed, 2 bad usage, config or query).
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

// ErrUsage marks errors in how a command was called; they exit with 2.
var ErrUsage = errors.New("usage")

// NewFlagSet returns the flag set of "prog name", whose -h prints synopsis
// and the flags to stderr.
func NewFlagSet(prog, name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(prog+" "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: %s %s\n\nFlags:\n", prog, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// Parse parses args; -h is not an error, a bad flag is a usage error.
func Parse(fs *flag.FlagSet, args []string) (help bool, err error) {
	err = fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("%w: %v", ErrUsage, err)
	}
	return false, nil
}

// ExitCode reports err on stderr, prefixed by the program's name, and
// returns the exit status for it.
func ExitCode(prog string, err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	fmt.Fprintf(stderr, "%s: %v\n", prog, err)
	if errors.Is(err, ErrUsage) {
		return 2
	}
	return 1
}
