// Command demosite serves zhwatch's offline demo site on a loopback address:
//
//	demosite [-root demo/site] [-addr 127.0.0.1:8765]
//
// It refuses any address that is not loopback, prints "demo site: http://ADDR/"
// once it is listening, and stops cleanly on SIGINT or SIGTERM.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
	case errors.Is(err, errUsage):
		fmt.Fprintln(os.Stderr, "demosite:", err)
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "demosite:", err)
		os.Exit(1)
	}
}
