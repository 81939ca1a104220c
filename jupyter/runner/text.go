package runner

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/rotationlab/rotation/jupyter/jupytext"
	"github.com/rotationlab/rotation/jupyter/nbformat"
)

// A text notebook is a .py or .go file in jupytext's percent format
// (package jupytext). The runner reads it as jupytext opens a pair: the
// cells' sources from the text, combined with the paired .ipynb (the same
// name with .ipynb, in the same directory) when that exists, so that cell
// ids, stored outputs and the metadata the text leaves out come from the
// .ipynb. The executed notebook is always an .ipynb.

// isText tells whether path names a text notebook by its extension: .py or
// .go (jupytext's percent format); any other file is read as an .ipynb.
func isText(path string) bool {
	_, ok := jupytext.LanguageOf(path)
	return ok
}

// pairedPath is the .ipynb paired with a text notebook: the same path with
// the extension .ipynb. For an .ipynb it is the path itself. jupytext's
// pairings into other directories or with suffixes
// (metadata.jupytext.formats such as "notebooks//ipynb,scripts//py:percent")
// are not followed.
func pairedPath(path string) string {
	if !isText(path) {
		return path
	}
	return strings.TrimSuffix(path, filepath.Ext(path)) + ".ipynb"
}

// source is a notebook as read, with what a run needs to know of its file.
type source struct {
	nb *nbformat.Notebook
	// stored holds the stored outputs -check compares with: the .ipynb
	// itself, or a text notebook combined with its paired .ipynb; nil for
	// a text notebook without one.
	stored *nbformat.Notebook
	// kernel is the kernelspec to use when the notebook names none: a text
	// notebook without a YAML header's, by its language (python3 for .py,
	// gonb for .go); "" for an .ipynb.
	kernel string
}

// textKernels are the kernelspecs a text notebook without one runs on.
var textKernels = map[jupytext.Language]string{jupytext.Python: "python3", jupytext.Go: "gonb"}

// readSource reads the notebook at path: an .ipynb as JSON, a text
// notebook in jupytext's percent format, combined with its paired .ipynb
// when that exists. Errors name the file (and for a text notebook the
// line), without a package's prefix.
func readSource(path string) (*source, error) {
	lang, text := jupytext.LanguageOf(path)
	if !text {
		nb, err := nbformat.ReadFile(path)
		if err != nil {
			return nil, err
		}
		return &source{nb: nb, stored: nb}, nil
	}
	nb, err := jupytext.ReadFile(path)
	if err != nil {
		var pe *jupytext.ParseError
		if errors.As(err, &pe) {
			if pe.Line > 0 {
				return nil, fmt.Errorf("%s: line %d: %s", path, pe.Line, pe.Msg)
			}
			return nil, fmt.Errorf("%s: %s", path, pe.Msg)
		}
		return nil, errors.New(strings.TrimPrefix(err.Error(), "jupytext: "))
	}
	src := &source{nb: nb, kernel: textKernels[lang]}
	paired := pairedPath(path)
	stored, err := nbformat.ReadFile(paired)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return src, nil
	case err != nil:
		return nil, fmt.Errorf("%s: its paired notebook: %w", path, err)
	}
	src.nb = jupytext.Combine(nb, stored)
	src.stored = src.nb
	return src, nil
}

// outputExt is the extension of a run's executed notebook: .ipynb for a
// text notebook, else the notebook's own.
func outputExt(path string) string {
	if isText(path) {
		return ".ipynb"
	}
	return filepath.Ext(path)
}

// sameOrPaired tells whether out is the notebook at path or the .ipynb
// paired with it: writing there replaces the stored outputs.
func sameOrPaired(out, path string) bool {
	return sameFile(out, path) || (isText(path) && sameFile(out, pairedPath(path)))
}

// inPlaceTargets refuses -inplace runs of two different notebooks that
// would write one file: a text notebook and its own paired .ipynb, both
// given.
func inPlaceTargets(jobs []Job) error {
	seen := map[string]string{}
	for _, j := range jobs {
		target, err := filepath.Abs(pairedPath(j.Notebook))
		if err != nil {
			return fmt.Errorf("-inplace: %w", err)
		}
		if prev, dup := seen[target]; dup && filepath.Clean(prev) != filepath.Clean(j.Notebook) {
			return fmt.Errorf("-inplace: %s and %s would both be written to %s (a text notebook's executed version is its paired .ipynb): give one of them", prev, j.Notebook, pairedPath(j.Notebook))
		}
		seen[target] = j.Notebook
	}
	return nil
}
