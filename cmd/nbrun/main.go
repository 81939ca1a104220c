package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, cancel := context.WithCancelCause(context.Background())
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		// The first signal stops the runs, which clean up; later ones are
		// caught too, so that the cleanup is not cut short.
		sig := <-sigs
		cancel(signalError{sig})
	}()
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	code = exitForSignal(code, context.Cause(ctx))
	if err := os.Stdout.Close(); err != nil && code == exitOK {
		fmt.Fprintf(os.Stderr, "nbrun: closing standard output: %v\n", err)
		code = exitWrite
	}
	os.Exit(code)
}
