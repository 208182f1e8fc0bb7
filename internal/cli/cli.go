// Package cli holds the command-line conventions zhwatch's commands share:
// sub-command flag sets that print their synopsis, -h that is not an error,
// and exit codes (0 ok, 1 the work failed, 2 bad usage, config or query).
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
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

// Parse parses args with flags anywhere on the line (search query 英偉達
// --json); "--" ends the flags. -h is not an error, a bad flag is a usage
// error.
func Parse(fs *flag.FlagSet, args []string) (help bool, err error) {
	return parse(fs, args, false)
}

// ParseWords is Parse for commands whose arguments are query words: an
// argument that starts with a single '-' and is not one of fs's flags is a
// word (search query -美国 芯片 excludes 美国). Only "--name" is always read
// as a flag, so a mistyped --jsn is still an error rather than a query word.
func ParseWords(fs *flag.FlagSet, args []string) (help bool, err error) {
	return parse(fs, args, true)
}

func parse(fs *flag.FlagSet, args []string, words bool) (help bool, err error) {
	var flags, rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i+1:]...)
			break
		}
		name, ok := flagName(a)
		if !ok || words && !strings.HasPrefix(a, "--") && fs.Lookup(name) == nil && name != "h" && name != "help" {
			rest = append(rest, a)
			continue
		}
		flags = append(flags, a)
		if f := fs.Lookup(name); f != nil && !strings.Contains(a, "=") && !isBool(f) && i+1 < len(args) {
			flags = append(flags, args[i+1]) // the flag's value, even one starting with '-'
			i++
		}
	}
	err = fs.Parse(append(append(flags, "--"), rest...))
	if errors.Is(err, flag.ErrHelp) {
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("%w: %v", ErrUsage, err)
	}
	return false, nil
}

// flagName returns the name of a "-name", "--name" or "-name=value"
// argument; ok is false for anything else ("-" alone is standard input).
func flagName(arg string) (name string, ok bool) {
	if len(arg) < 2 || arg[0] != '-' {
		return "", false
	}
	name = strings.TrimPrefix(arg[1:], "-")
	name, _, _ = strings.Cut(name, "=")
	return name, name != ""
}

func isBool(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
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
