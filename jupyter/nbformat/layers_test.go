package nbformat_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/rotationlab/rotation/jupyter/nbformat"
)

// errors.As finds the ParseError, with its position, through ReadFile.
func TestParseErrorThroughReadFile(t *testing.T) {
	nbPath := filepath.Join(t.TempDir(), "bad.ipynb")
	os.WriteFile(nbPath, []byte("{\n \"cells\": [\n"), 0o644)
	var npe *nbformat.ParseError
	_, err := nbformat.ReadFile(nbPath)
	if !errors.As(err, &npe) || npe.Line != 3 || !errors.Is(err, nbformat.ErrInvalid) {
		t.Errorf("nbformat: %v", err)
	}
}
