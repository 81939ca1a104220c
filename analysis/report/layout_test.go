package report_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The output forms live here: the core (package analysis) computes only,
// and cmd/rotation parses and wires. Neither declares a JSON-tagged type or
// imports what writes reports (encoding/json, text/tabwriter, bufio).
func TestOutputFormsLiveHere(t *testing.T) {
	formatters := map[string]bool{"encoding/json": true, "text/tabwriter": true, "bufio": true}
	for _, dir := range []string{"..", filepath.Join("..", "..", "cmd", "rotation")} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: no Go files (%v)", dir, err)
		}
		fset := token.NewFileSet()
		for _, path := range files {
			if strings.HasSuffix(path, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range f.Imports {
				if p, _ := strconv.Unquote(imp.Path.Value); formatters[p] {
					t.Errorf("%s imports %s: output forms belong in package report", path, p)
				}
			}
			ast.Inspect(f, func(n ast.Node) bool {
				if fl, ok := n.(*ast.Field); ok && fl.Tag != nil && strings.Contains(fl.Tag.Value, `json:"`) {
					t.Errorf("%s: a JSON-tagged field %s: JSON types belong in package report", fset.Position(fl.Pos()), fl.Tag.Value)
				}
				return true
			})
		}
	}
}
