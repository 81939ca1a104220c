package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rotationlab/rotation/jupyter/kernel"
	"github.com/rotationlab/rotation/jupyter/kernel/kerneltest"
)

// -transport takes auto, ipc or tcp; anything else is refused in the
// flag's terms before anything runs.
func TestTransportFlag(t *testing.T) {
	for arg, want := range map[string]kernel.Transport{"auto": kernel.TransportAuto, "ipc": kernel.TransportIPC, "tcp": kernel.TransportTCP} {
		o, err := parseArgs([]string{"-transport", arg, "a.ipynb"}, io.Discard)
		if err != nil || o.run.Transport != want {
			t.Errorf("-transport %s: %v, %v; want %v", arg, o, err, want)
		}
	}
	if o, err := parseArgs([]string{"a.ipynb"}, io.Discard); err != nil || o.run.Transport != kernel.TransportAuto {
		t.Errorf("no -transport: %v, want auto", err)
	}
	code, stderr := nbrun(t, "-transport", "unix", filepath.Join(notebooks, "python-params.ipynb"))
	if code != exitUsage || !strings.Contains(stderr, `invalid value "unix" for flag -transport: want auto, ipc or tcp`) {
		t.Errorf("-transport unix: exit %d, want %d:\n%s", code, exitUsage, stderr)
	}
}

// A notebook runs over either transport.
func TestTransportRuns(t *testing.T) {
	kerneltest.Need(t, "python3")
	for _, tr := range []string{"tcp", "ipc"} {
		t.Run(tr, func(t *testing.T) {
			code, stderr := nbrun(t, "-q", "-transport", tr, filepath.Join(notebooks, "python-params.ipynb"))
			if code != exitOK || stderr != "" {
				t.Errorf("-transport %s: exit %d:\n%s", tr, code, stderr)
			}
		})
	}
}

// Where $TMPDIR is too deep for Unix socket paths, auto runs over tcp and
// -transport ipc fails, saying why and what to do.
func TestTransportLongTMPDIR(t *testing.T) {
	kerneltest.Need(t, "python3")
	tmp := filepath.Join(t.TempDir(), strings.Repeat("d", 100))
	if err := os.Mkdir(tmp, 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TMPDIR", tmp)
	nb := filepath.Join(notebooks, "python-params.ipynb")
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"-q", nb}, io.Discard, &stderr, os.Getenv); code != exitOK {
		t.Errorf("auto: exit %d, want %d:\n%s", code, exitOK, &stderr)
	}
	stderr.Reset()
	code := run(context.Background(), []string{"-q", "-transport", "ipc", nb}, io.Discard, &stderr, os.Getenv)
	if code != exitKernel || !strings.Contains(stderr.String(), "set TMPDIR to a shorter directory") || !strings.Contains(stderr.String(), "-transport tcp") {
		t.Errorf("-transport ipc: exit %d, want %d with the reason and -transport tcp:\n%s", code, exitKernel, &stderr)
	}
	assertNothingLeft(t, tmp)
}
