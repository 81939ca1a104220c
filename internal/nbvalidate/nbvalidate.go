// Package nbvalidate checks notebooks with Jupyter's own validator,
// nbformat.validate from Debian's python3-nbformat, for tests. It skips the
// test when /usr/bin/python3 has no nbformat.
package nbvalidate

import (
	"bytes"
	"os/exec"
	"testing"
)

const python = "/usr/bin/python3"

func available(tb testing.TB) {
	tb.Helper()
	if err := exec.Command(python, "-c", "import nbformat").Run(); err != nil {
		tb.Skipf("nbformat not available to %s (apt-get install python3-nbformat)", python)
	}
}

// Bytes validates one notebook's JSON.
func Bytes(tb testing.TB, nb []byte) {
	tb.Helper()
	available(tb)
	cmd := exec.Command(python, "-c", "import sys, nbformat; nbformat.validate(nbformat.reads(sys.stdin.read(), as_version=nbformat.NO_CONVERT))")
	cmd.Stdin = bytes.NewReader(nb)
	if out, err := cmd.CombinedOutput(); err != nil {
		tb.Errorf("nbformat.validate: %v\n%s", err, out)
	}
}

// Files validates notebook files.
func Files(tb testing.TB, paths ...string) {
	tb.Helper()
	available(tb)
	args := append([]string{"-c", "import sys, nbformat\nfor p in sys.argv[1:]: nbformat.validate(nbformat.read(p, as_version=nbformat.NO_CONVERT))"}, paths...)
	if out, err := exec.Command(python, args...).CombinedOutput(); err != nil {
		tb.Errorf("nbformat.validate: %v\n%s", err, out)
	}
}
