package params_test

import (
	"errors"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"

	"github.com/rotationlab/rotation/jupyter/nbformat"
	"github.com/rotationlab/rotation/jupyter/params"
)

const goDefaults = `var threshold = 0.04
const ticker = "IWM"
var (
	horizon        = 63
	cutoff         = time.Date(2024, 7, 11, 0, 0, 0, 0, time.UTC)
	wait           = 5 * time.Second
	legs           = []string{"IWM", "QQQ"}
	mirror   bool
	weights  = []float64{0.5, 0.5}
	offset   int64 = -3
)
`

func TestGoDeclared(t *testing.T) {
	ps, err := params.GoDeclared(goDefaults)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range ps {
		got = append(got, p.Name+":"+p.Type)
	}
	want := "threshold:float64 ticker:string horizon:int cutoff:time.Time wait:time.Duration legs:[]string mirror:bool weights:[]float64 offset:int64"
	if strings.Join(got, " ") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(got, " "), want)
	}
	if _, err := params.GoDeclared("var x = \nfunc("); err == nil || !strings.Contains(err.Error(), "line 2:") {
		t.Errorf("bad Go: %v", err)
	}
}

// typecheck compiles the defaults followed by the injected cell with
// go/types, as GoNB would after goimports: the literals must be valid Go
// of the declared types. GoNB replaces a declaration by a later one of the
// same name; here the injected names are renamed to keep both.
func typecheck(t *testing.T, injected string) {
	t.Helper()
	src := "package p\nimport \"time\"\nvar _ = time.Second\n" + goDefaults + injected
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatalf("injected cell does not parse: %v\n%s", err, injected)
	}
	// Rename the second declaration of each name.
	seen := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if vs, ok := n.(*ast.ValueSpec); ok {
			for _, id := range vs.Names {
				if seen[id.Name] {
					id.Name += "_injected"
				}
				seen[id.Name] = true
			}
		}
		return true
	})
	conf := types.Config{Importer: importer.Default()}
	if _, err := conf.Check("p", fset, []*ast.File{f}, nil); err != nil {
		t.Errorf("injected cell does not type-check: %v\n%s", err, injected)
	}
}

func TestGoCell(t *testing.T) {
	ps, _ := params.GoDeclared(goDefaults)
	vals := []params.Value{{Name: "threshold", Raw: "0.05"}, {Name: "ticker", Raw: "XLF"}, {Name: "horizon", Raw: "21"}, {Name: "cutoff", Raw: "2025-01-31"},
		{Name: "wait", Raw: "90s"}, {Name: "legs", Raw: "SPY, XLK"}, {Name: "mirror", Raw: "true"}, {Name: "weights", Raw: "0.25,0.75"}, {Name: "offset", Raw: "-7"}}
	code, err := params.GoCell(ps, vals)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"var threshold float64 = 0.05\n", "const ticker = \"XLF\"\n", "var horizon int = 21\n",
		"var cutoff time.Time = time.Date(2025, 1, 31, 0, 0, 0, 0, time.UTC)\n",
		"var wait time.Duration = time.Duration(90000000000) /* 1m30s */\n",
		"var legs []string = []string{\"SPY\", \"XLK\"}\n", "var mirror bool = true\n",
		"var weights []float64 = []float64{0.25, 0.75}\n", "var offset int64 = -7\n",
	} {
		if !strings.Contains(code, want) {
			t.Errorf("injected cell lacks %q:\n%s", want, code)
		}
	}
	typecheck(t, code)
}

func TestGoCellErrors(t *testing.T) {
	ps, _ := params.GoDeclared(goDefaults)
	tests := []struct {
		v    params.Value
		want string
	}{
		{params.Value{Name: "thresh", Raw: "1"}, `unknown parameter "thresh"; declared: threshold (float64), ticker (string)`},
		{params.Value{Name: "threshold", Raw: "abc"}, "threshold=abc: not a number"},
		{params.Value{Name: "horizon", Raw: "2.5"}, "not a whole number that fits int"},
		{params.Value{Name: "cutoff", Raw: "11/07/2024"}, "not a date (want YYYY-MM-DD)"},
		{params.Value{Name: "wait", Raw: "5"}, "not a duration"},
		{params.Value{Name: "mirror", Raw: "maybe"}, "not a bool"},
	}
	for _, tt := range tests {
		_, err := params.GoCell(ps, []params.Value{tt.v})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: err = %v, want %q", tt.v, err, tt.want)
		}
	}
	ps, _ = params.GoDeclared("var f = compute()")
	if _, err := params.GoCell(ps, []params.Value{{Name: "f", Raw: "1"}}); err == nil || !strings.Contains(err.Error(), "declare it with a type") {
		t.Errorf("untyped: %v", err)
	}
}

func TestPython(t *testing.T) {
	ps, err := params.PythonDeclared("# defaults\nthreshold = 0.04\nticker = 'IWM'\nn = 3\nflag = True\ncutoff: str = \"2024-07-11\"  # inclusive\nother = compute()\n    indented = 1\n")
	if err != nil {
		t.Fatal(err)
	}
	code, err := params.PythonCell(ps, []params.Value{{Name: "threshold", Raw: "0.05"}, {Name: "ticker", Raw: `X"Y`}, {Name: "n", Raw: "4"}, {Name: "flag", Raw: "false"}, {Name: "cutoff", Raw: "2025-01-01"}, {Name: "other", Raw: "7"}})
	if err != nil {
		t.Fatal(err)
	}
	want := "# Parameters\nthreshold = 0.05\nticker = \"X\\\"Y\"\nn = 4\nflag = False\ncutoff = \"2025-01-01\"\nother = 7\n"
	if code != want {
		t.Errorf("got\n%s\nwant\n%s", code, want)
	}
	if _, err := params.PythonCell(ps, []params.Value{{Name: "indented", Raw: "1"}}); !errors.Is(err, params.ErrUnknown) {
		t.Errorf("indented name accepted: %v", err)
	}
	if _, err := params.PythonCell(ps, []params.Value{{Name: "n", Raw: "x"}}); err == nil {
		t.Error("n=x accepted for an int")
	}
}

func TestInjectPlacement(t *testing.T) {
	nb := &nbformat.Notebook{Format: 4, Minor: 5, Cells: []*nbformat.Cell{
		{Type: nbformat.Markdown, Source: "# title"},
		{Type: nbformat.Code, Source: "var n = 1", Metadata: map[string]any{"tags": []any{"parameters"}}},
		{Type: nbformat.Code, Source: "var n int = 5", Metadata: map[string]any{"tags": []any{"injected-parameters"}}},
		{Type: nbformat.Code, Source: "%%\nfmt.Println(n)"},
	}}
	if _, err := params.Inject(nb, "go", []params.Value{{Name: "n", Raw: "9"}}); err != nil {
		t.Fatal(err)
	}
	if len(nb.Cells) != 4 || !nb.Cells[2].HasTag("injected-parameters") || !strings.Contains(nb.Cells[2].Source, "var n int = 9") {
		t.Errorf("cells: %d, injected %q", len(nb.Cells), nb.Cells[2].Source)
	}
	// Without a parameters cell the injected one goes first, for Python
	// (as papermill) with any name; Go needs the declared types.
	nb = &nbformat.Notebook{Format: 4, Minor: 5, Cells: []*nbformat.Cell{{Type: nbformat.Code, Source: "print(1)"}}}
	if params.HasParametersCell(nb) {
		t.Error("HasParametersCell of a notebook without one")
	}
	rec, err := params.Inject(nb, "python", []params.Value{{Name: "n", Raw: "1"}, {Name: "s", Raw: `a"b`}})
	if err != nil || len(nb.Cells) != 2 || nb.Cells[0].Source != "# Parameters\nn = 1\ns = \"a\\\"b\"\n" || rec["n"] != int64(1) || rec["s"] != `a"b` {
		t.Errorf("no parameters cell: %v, %q, %v", err, nb.Cells[0].Source, rec)
	}
	nb = &nbformat.Notebook{Format: 4, Minor: 5, Cells: []*nbformat.Cell{{Type: nbformat.Code, Source: "%%\nfmt.Println(1)"}}}
	_, err = params.Inject(nb, "go", []params.Value{{Name: "n", Raw: "1"}})
	if !errors.Is(err, params.ErrUnknown) || !strings.Contains(err.Error(), "none") {
		t.Errorf("Go, no parameters cell: %v", err)
	}
}
