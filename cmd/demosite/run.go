package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/zhwatch/zhwatch/internal/demosite"
)

// errUsage marks command-line mistakes; main exits 2 for them.
var errUsage = errors.New("usage")

// run serves the site until ctx is done. Bad flags return an error wrapping
// errUsage, after the usage has been printed to stderr; -h returns
// flag.ErrHelp.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("demosite", flag.ContinueOnError)
	flags.SetOutput(stderr)
	root := flags.String("root", "demo/site", "folder holding the demo site")
	addr := flags.String("addr", "127.0.0.1:8765", "loopback address to listen on (port 0 picks a free port)")
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	if flags.NArg() > 0 {
		flags.Usage()
		return fmt.Errorf("%w: unexpected argument %q", errUsage, flags.Arg(0))
	}
	if err := checkLoopback(*addr); err != nil {
		return err
	}
	site, err := openSite(*root)
	if err != nil {
		return err
	}

	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	srv := &http.Server{
		Handler:           demosite.Handler(site),
		ReadHeaderTimeout: 10 * time.Second,
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Fprintf(stdout, "demo site: http://%s/\n", ln.Addr())

	select {
	case err := <-served:
		return fmt.Errorf("serve %s: %w", ln.Addr(), err)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve %s: %w", ln.Addr(), err)
	}
	return nil
}

// checkLoopback refuses any listen address that another machine could reach.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("address %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("address %q is not loopback: the demo site serves only 127.0.0.1, [::1] or localhost", addr)
	}
	return nil
}

// openSite checks that root looks like the demo site before serving it.
func openSite(root string) (fs.FS, error) {
	site := os.DirFS(root)
	if _, err := fs.Stat(site, "index.html"); err != nil {
		return nil, fmt.Errorf("site folder %s has no index.html (run from the repository root or pass -root): %w", root, err)
	}
	return site, nil
}
