package main

import (
	"fmt"
	"os"
)

func main() {
	code := run(os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	// A write the kernel accepted can still fail when the file is closed
	// (a full disk on NFS, say): the report was lost all the same.
	if err := os.Stdout.Close(); err != nil && code == exitOK {
		fmt.Fprintf(os.Stderr, "rotation: closing standard output: %v\n", err)
		code = exitWrite
	}
	os.Exit(code)
}
