package cli

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"testing"
)

func TestParseAndExitCodes(t *testing.T) {
	var stderr bytes.Buffer
	fs := NewFlagSet("crawler", "once", "once [--config FILE]", &stderr)
	fs.String("config", "zhwatch.yaml", "config file")
	if help, err := Parse(fs, []string{"-h"}); !help || err != nil {
		t.Errorf("-h: help=%v err=%v", help, err)
	}
	if !strings.Contains(stderr.String(), "Usage: crawler once [--config FILE]") {
		t.Errorf("-h printed %q", stderr.String())
	}
	_, err := Parse(fs, []string{"--frobnicate"})
	if !errors.Is(err, ErrUsage) {
		t.Errorf("bad flag: err = %v, want a usage error", err)
	}
	for _, tt := range []struct {
		err  error
		code int
	}{{nil, 0}, {err, 2}, {fmt.Errorf("%w: empty query", ErrUsage), 2}, {errors.New("disk full"), 1}} {
		stderr.Reset()
		if got := ExitCode("search", tt.err, &stderr); got != tt.code {
			t.Errorf("ExitCode(%v) = %d, want %d", tt.err, got, tt.code)
		}
		if tt.err != nil && !strings.HasPrefix(stderr.String(), "search: ") {
			t.Errorf("ExitCode(%v) printed %q", tt.err, stderr.String())
		}
	}
}

func TestParseFlagsAnywhere(t *testing.T) {
	for _, tt := range []struct {
		args  []string
		words bool
		json  bool
		limit int
		rest  string
	}{
		{[]string{"英偉達", "--json"}, false, true, 10, "英偉達"},
		{[]string{"英偉達", "--limit", "3", "芯片"}, false, false, 3, "英偉達 芯片"},
		{[]string{"-json", "英偉達", "-limit=5"}, false, true, 5, "英偉達"},
		{[]string{"-美国", "芯片", "--json"}, true, true, 10, "-美国 芯片"},
		{[]string{"芯片", "-美国", "-(a", "OR", "b)"}, true, false, 10, "芯片 -美国 -(a OR b)"},
		{[]string{"--json", "--", "--limit", "-json"}, true, true, 10, "--limit -json"},
		{[]string{"-", "--json"}, false, true, 10, "-"},
	} {
		fs := flag.NewFlagSet("query", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		asJSON := fs.Bool("json", false, "")
		limit := fs.Int("limit", 10, "")
		var err error
		if tt.words {
			_, err = ParseWords(fs, tt.args)
		} else {
			_, err = Parse(fs, tt.args)
		}
		if err != nil || *asJSON != tt.json || *limit != tt.limit || strings.Join(fs.Args(), " ") != tt.rest {
			t.Errorf("%q (words %v): json=%v limit=%d args=%q err=%v; want json=%v limit=%d args=%q",
				tt.args, tt.words, *asJSON, *limit, fs.Args(), err, tt.json, tt.limit, tt.rest)
		}
	}
	// Without ParseWords an unknown -word is a bad flag; with it, a
	// mistyped --name still is.
	for _, words := range []bool{false, true} {
		fs := flag.NewFlagSet("query", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		fs.Bool("json", false, "")
		args := []string{"-美国"}
		if words {
			args = []string{"芯片", "--jsn"}
		}
		if _, err := parse(fs, args, words); !errors.Is(err, ErrUsage) {
			t.Errorf("%q (words %v): err = %v, want a usage error", args, words, err)
		}
	}
}
