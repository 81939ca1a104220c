// Package testsummary reads the event stream of `go test -json` and writes
// what plain `go test` writes (the ok and FAIL lines of every package, the
// output of failed tests, build errors), followed by the tests that were
// skipped, grouped by the reason they gave, so that a green run that
// skipped what needs real data, a kernel or pandas reads as the partial
// run it is. `make test` pipes `go test -json ./...` through its command,
// internal/testsummary/cmd.
package testsummary
