package jupytext_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/aymanbagabas/go-udiff"

	"github.com/rotationlab/rotation/jupyter/jupytext"
	"github.com/rotationlab/rotation/jupyter/nbformat"
)

// TestWriteFixtures is jupytext's test_ipynb_to_percent: writing each
// .ipynb gives, byte for byte, the percent script jupytext wrote for it.
func TestWriteFixtures(t *testing.T) {
	for _, f := range fixtures(t) {
		t.Run(f.name, func(t *testing.T) {
			nb, err := nbformat.ReadFile(f.ipynb)
			if err != nil {
				t.Fatal(err)
			}
			got, err := jupytext.Write(nb, f.lang)
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(f.script)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("written text differs from jupytext's:\n%s", udiff.Unified("jupytext", "Write", string(want), string(got)))
			}
		})
	}
}

// TestRoundTrip: reading what Write wrote gives the text again, for the
// fixtures and for notebooks read from text.
func TestRoundTrip(t *testing.T) {
	for _, f := range fixtures(t) {
		t.Run(f.name, func(t *testing.T) {
			nb := readScript(t, f)
			text, err := jupytext.Write(nb, f.lang)
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(f.script)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(text, want) {
				t.Errorf("text -> notebook -> text changed the text:\n%s", udiff.Unified("file", "Write(Read(file))", string(want), string(text)))
			}
		})
	}
}
