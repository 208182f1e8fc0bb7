package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestRefusesNonLoopback(t *testing.T) {
	tests := []struct{ addr, want string }{
		{"0.0.0.0:8765", "not loopback"},
		{":8765", "not loopback"},
		{"[::]:8765", "not loopback"},
		{"192.168.1.10:80", "not loopback"},
		{"example.com:80", "not loopback"},
		{"8765", "missing port"},
	}
	for _, tt := range tests {
		err := run(context.Background(), []string{"-root", "../../demo/site", "-addr", tt.addr}, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("-addr %s: error %v, want one saying %q", tt.addr, err, tt.want)
		}
	}
	for _, addr := range []string{"127.0.0.1:0", "127.0.0.2:0", "[::1]:0", "localhost:0"} {
		if err := checkLoopback(addr); err != nil {
			t.Errorf("checkLoopback(%s): %v", addr, err)
		}
	}
}

func TestBadUsage(t *testing.T) {
	var stderr strings.Builder
	err := run(context.Background(), []string{"-bogus"}, io.Discard, &stderr)
	if !errors.Is(err, errUsage) {
		t.Errorf("run -bogus: %v, want errUsage", err)
	}
	if !strings.Contains(stderr.String(), "-addr") {
		t.Errorf("usage not printed: %q", stderr.String())
	}
	err = run(context.Background(), []string{"-root", t.TempDir(), "-addr", "127.0.0.1:0"}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "index.html") {
		t.Errorf("empty root: %v, want an error naming index.html", err)
	}
}

// TestServesUntilCancelled runs the command in-process on a free loopback
// port, fetches a page and the robots file, then stops it the way SIGINT does.
func TestServesUntilCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stdoutR, stdoutW := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-root", "../../demo/site", "-addr", "127.0.0.1:0"}, stdoutW, io.Discard)
		stdoutW.Close()
	}()

	line, err := bufio.NewReader(stdoutR).ReadString('\n')
	if err != nil {
		t.Fatalf("read banner: %v (run returned %v)", err, <-done)
	}
	base, ok := strings.CutPrefix(strings.TrimSpace(line), "demo site: ")
	if !ok || !strings.HasPrefix(base, "http://127.0.0.1:") || !strings.HasSuffix(base, "/") {
		t.Fatalf("banner %q, want demo site: http://127.0.0.1:PORT/", line)
	}
	go io.Copy(io.Discard, stdoutR)

	client := &http.Client{Timeout: 5 * time.Second}
	for path, wantType := range map[string]string{"": "text/html", "robots.txt": "text/plain; charset=utf-8"} {
		resp, err := client.Get(base + path)
		if err != nil {
			t.Fatalf("GET /%s: %v", path, err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != wantType {
			t.Errorf("GET /%s: %d %q", path, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run after cancel: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not stop after its context was cancelled")
	}
	if _, err := client.Get(base); err == nil {
		t.Error("server still answers after stop")
	}
}
