package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/zhwatch/zhwatch/internal/cli"
	"github.com/zhwatch/zhwatch/internal/config"
)

// commonFlags are the flags every sub-command takes.
type commonFlags struct {
	config       string
	logLevel     string
	data         string // "" for the config's data_dir
	dictionaries string // "" for the config's dictionaries, else the built-in ones
}

func newFlagSet(name, synopsis string, stderr io.Writer) (*flag.FlagSet, *commonFlags) {
	fs := cli.NewFlagSet("crawler", name, synopsis, stderr)
	c := &commonFlags{}
	fs.StringVar(&c.config, "config", "zhwatch.yaml", "config file")
	fs.StringVar(&c.logLevel, "log-level", "info", "log level: debug, info, warn or error")
	fs.StringVar(&c.data, "data", "", "data directory (default: the config's data_dir)")
	addDictionariesFlag(fs, &c.dictionaries)
	return fs, c
}

// addDictionariesFlag adds --dictionaries, which every command honours.
func addDictionariesFlag(fs *flag.FlagSet, dir *string) {
	fs.StringVar(dir, "dictionaries", "", "read entities.yaml and user.dict.utf8 from this directory instead of the built-in copies (default: the config's dictionaries)")
}

// loadConfig loads the config file and applies the one rule for the
// directories: a flag, else the config's value.
func loadConfig(flags *commonFlags) (*config.Config, error) {
	cfg, err := config.Load(flags.config)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errUsage, err)
	}
	if flags.data != "" {
		cfg.DataDir = flags.data
	}
	if flags.dictionaries != "" {
		cfg.Dictionaries = flags.dictionaries
	}
	return cfg, nil
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
