package params_test

import (
	"go/parser"
	"go/token"
	"strings"
	"testing"

	"github.com/rotationlab/rotation/jupyter/params"
)

// FuzzGoCell: for any parameters cell and any name=value, either an error,
// or an injected cell that is valid Go (it is compiled into every later
// cell by GoNB) and assigns only the declared name.
func FuzzGoCell(f *testing.F) {
	f.Add("var threshold = 0.04 // a fraction", "threshold=0.05")
	f.Add("var (\n\tticker = \"IWM\"\n\thorizons = []int{63, 252}\n)", "horizons=21,63")
	f.Add("const n int = 3", "n=-7")
	f.Add("var when time.Time\nvar wait time.Duration = time.Second", "wait=90s")
	f.Add("var names []string", `names=a,"b",c\`)
	f.Add("var ok bool", "ok=true")
	f.Fuzz(func(t *testing.T, src, arg string) {
		declared, err := params.GoDeclared(src)
		if err != nil {
			return
		}
		v, err := params.ParseValue(arg)
		if err != nil {
			return
		}
		cell, err := params.GoCell(declared, []params.Value{v})
		if err != nil {
			return
		}
		if _, err := parser.ParseFile(token.NewFileSet(), "injected.go", "package p\n"+cell, 0); err != nil {
			t.Fatalf("injected cell is not Go: %v\n%s", err, cell)
		}
		for _, line := range strings.Split(strings.TrimSpace(cell), "\n")[1:] {
			if !strings.Contains(line, " "+v.Name+" ") {
				t.Fatalf("line %q does not assign %s", line, v.Name)
			}
		}
	})
}

// FuzzPythonCell: an injected Python cell has one line per value, each
// "name = literal", so a value can never add a statement of its own.
func FuzzPythonCell(f *testing.F) {
	f.Add("threshold = 0.04\nticker = 'IWM'\nn = 3", "ticker=QQQ\nimport os")
	f.Add("flag = True", "flag=false")
	f.Add("x = 1.5", "x=1e309")
	f.Fuzz(func(t *testing.T, src, arg string) {
		declared, err := params.PythonDeclared(src)
		if err != nil {
			return
		}
		v, err := params.ParseValue(arg)
		if err != nil {
			return
		}
		cell, err := params.PythonCell(declared, []params.Value{v})
		if err != nil {
			return
		}
		lines := strings.Split(strings.TrimSuffix(cell, "\n"), "\n")
		if len(lines) != 2 || !strings.HasPrefix(lines[1], v.Name+" = ") {
			t.Fatalf("injected cell:\n%s", cell)
		}
	})
}
