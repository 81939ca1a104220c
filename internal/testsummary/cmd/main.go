// Command testsummary turns `go test -json` into go test's plain output
// and ends it with the tests that were skipped and why:
//
//	go test -json ./... | go run ./internal/testsummary/cmd
//
// It exits 1 when a test failed (as go test does; `make test` relies on
// go test's own status through pipefail) and 2 when it cannot read or write.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"

	"github.com/rotationlab/rotation/internal/cli"
	"github.com/rotationlab/rotation/internal/testsummary"
)

func main() {
	module := flag.String("module", "github.com/rotationlab/rotation", "module path trimmed from package names")
	per := flag.Int("n", 6, "tests named per reason")
	fs := flag.CommandLine
	if _, err := cli.Parse(fs, os.Args[1:]); err != nil {
		os.Exit(2)
	}
	out := bufio.NewWriter(os.Stdout)
	s, err := testsummary.Copy(out, os.Stdin)
	if err == nil {
		err = s.WriteSkips(out, *module, *per)
	}
	if ferr := out.Flush(); err == nil && ferr != nil {
		err = fmt.Errorf("writing standard output: %w", ferr)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "testsummary: %v\n", err)
		os.Exit(2)
	}
	if s.Failed > 0 {
		os.Exit(1)
	}
}
