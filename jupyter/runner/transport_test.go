package runner_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rotationlab/rotation/jupyter/kernel"
	"github.com/rotationlab/rotation/jupyter/kernel/kerneltest"
	"github.com/rotationlab/rotation/jupyter/nbformat"
	"github.com/rotationlab/rotation/jupyter/runner"
)

// Options.Transport reaches the kernel: ipykernel, asked from a cell,
// says which transport its connection file gave it (ipc by default, tcp
// when asked, or when its kernelspec's metadata.nbrun.transport says so
// and -transport is auto).
func TestTransport(t *testing.T) {
	kerneltest.Need(t, "python3")
	nb := filepath.Join(t.TempDir(), "transport.ipynb")
	src := `{"cells": [{"cell_type": "code", "execution_count": null, "id": "t", "metadata": {}, "outputs": [],
  "source": ["import json, ipykernel.connect as c\n", "print(json.loads(c.get_connection_info())['transport'])"]}],
 "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
 "nbformat": 4, "nbformat_minor": 5}`
	if err := os.WriteFile(nb, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	// A kernelspec of ipykernel that asks for tcp in its metadata.
	spec, err := kernel.Find("python3", os.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	data := t.TempDir()
	js, err := json.Marshal(map[string]any{"argv": spec.Argv, "display_name": "Python 3 over TCP", "language": "python",
		"metadata": map[string]any{"nbrun": map[string]string{"transport": "tcp"}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(data, "kernels", "python3-tcp"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(data, "kernels", "python3-tcp", "kernel.json"), js, 0o644); err != nil {
		t.Fatal(err)
	}
	getenv := func(k string) string {
		if k == "JUPYTER_PATH" {
			return data
		}
		return os.Getenv(k)
	}
	for _, tt := range []struct {
		name, kernel string
		transport    kernel.Transport
		want         string
	}{
		{"auto", "", kernel.TransportAuto, "ipc"},
		{"tcp", "", kernel.TransportTCP, "tcp"},
		{"ipc", "", kernel.TransportIPC, "ipc"},
		{"kernelspec tcp", "python3-tcp", kernel.TransportAuto, "tcp"},
		{"ipc over kernelspec tcp", "python3-tcp", kernel.TransportIPC, "ipc"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tmp, err := os.MkdirTemp("", "rt") // short: room for socket paths
			if err != nil {
				t.Fatal(err)
			}
			defer os.RemoveAll(tmp)
			t.Setenv("TMPDIR", tmp)
			out := t.TempDir()
			res, _ := runOne(t, context.Background(), runner.Options{Notebooks: []string{nb}, OutDir: out, Transport: tt.transport,
				Kernel: tt.kernel, Getenv: getenv})
			if res.Err != nil {
				t.Fatal(res.Err)
			}
			got, err := nbformat.ReadFile(filepath.Join(out, "transport.ipynb"))
			if err != nil {
				t.Fatal(err)
			}
			var text string
			for _, o := range got.Cells[0].Outputs {
				text += o.Text
			}
			if strings.TrimSpace(text) != tt.want {
				t.Errorf("the kernel's transport %q, want %q", text, tt.want)
			}
		})
	}
}

// An unknown transport is refused before anything runs, in -transport's
// terms.
func TestTransportUnknown(t *testing.T) {
	_, err := runner.NewPlan(runner.Options{Notebooks: []string{"x.ipynb"}, Transport: "unix"})
	if err == nil || !strings.Contains(err.Error(), "-transport unix") || !strings.Contains(err.Error(), "auto, ipc or tcp") {
		t.Errorf("err = %v, want -transport named with the choices", err)
	}
}
