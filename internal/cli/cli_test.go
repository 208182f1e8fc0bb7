package cli

import (
	"bytes"
	"errors"
	"fmt"
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
