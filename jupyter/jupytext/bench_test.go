package jupytext_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/rotationlab/rotation/jupyter/jupytext"
)

// benchText is the largest Python fixture, repeated to about 40 cells.
func benchText(b *testing.B) []byte {
	b.Helper()
	one, err := os.ReadFile(filepath.Join("testdata", "outputs", "ipynb_to_percent", "text_outputs_and_images.py"))
	if err != nil {
		b.Fatal(err)
	}
	_, body, _ := bytes.Cut(one, []byte("# ---\n\n"))
	body, _ = bytes.CutPrefix(body, []byte("# ---\n\n"))
	text := append([]byte{}, one...)
	for range 2 {
		text = append(append(text, '\n'), body...)
	}
	return text
}

func BenchmarkRead(b *testing.B) {
	text := benchText(b)
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if _, err := jupytext.Read(bytes.NewReader(text), jupytext.Options{Language: jupytext.Python}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWrite(b *testing.B) {
	nb, err := jupytext.Read(bytes.NewReader(benchText(b)), jupytext.Options{Language: jupytext.Python})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := jupytext.Write(nb, jupytext.Python); err != nil {
			b.Fatal(err)
		}
	}
}
