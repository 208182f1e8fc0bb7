package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/zhwatch/zhwatch/internal/cli"
)

// commonFlags are the flags every sub-command takes.
type commonFlags struct {
	config   string
	logLevel string
}

func newFlagSet(name, synopsis string, stderr io.Writer) (*flag.FlagSet, *commonFlags) {
	fs := cli.NewFlagSet("crawler", name, synopsis, stderr)
	c := &commonFlags{}
	fs.StringVar(&c.config, "config", "zhwatch.yaml", "config file")
	fs.StringVar(&c.logLevel, "log-level", "info", "log level: debug, info, warn or error")
	return fs, c
}

// parse parses args; -h is not an error.
func parse(fs *flag.FlagSet, args []string) (help bool, err error) { return cli.Parse(fs, args) }

func newLogger(level string, w io.Writer) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(strings.ToUpper(level))); err != nil {
		return nil, fmt.Errorf("%w: --log-level %q: want debug, info, warn or error", errUsage, level)
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l})), nil
}
