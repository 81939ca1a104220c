package kernel

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// offers returns an offer function that hands out ports in turn and
// fails once they run out.
func offers(ports ...int) func() (int, error) {
	return func() (int, error) {
		if len(ports) == 0 {
			return 0, errors.New("no more ports offered")
		}
		p := ports[0]
		ports = ports[1:]
		return p, nil
	}
}

// A Launcher never hands a port to two live kernels, even when the
// operating system offers it again; a released port may be handed out
// again; a second Launcher keeps books of its own; a failed pick holds
// nothing back.
func TestLauncherPorts(t *testing.T) {
	type pick struct {
		n       int
		offered []int
		want    []int // nil: an error
	}
	tests := []struct {
		name    string
		picks   []pick
		release [][]int // after each pick, released before the next
	}{
		{
			name: "an offer repeated within one pick",
			picks: []pick{
				{3, []int{5, 6, 5, 7}, []int{5, 6, 7}},
			},
		},
		{
			name: "a port of a live kernel offered again",
			picks: []pick{
				{2, []int{5, 6}, []int{5, 6}},
				{2, []int{5, 6, 7, 6, 8}, []int{7, 8}},
			},
		},
		{
			name: "a released port handed out again",
			picks: []pick{
				{2, []int{5, 6}, []int{5, 6}},
				{2, []int{5, 6}, []int{5, 6}},
			},
			release: [][]int{{5, 6}},
		},
		{
			name: "a failed pick holds none of its ports",
			picks: []pick{
				{3, []int{5, 6}, nil},
				{2, []int{5, 6}, []int{5, 6}},
			},
		},
		{
			name: "every offer taken",
			picks: []pick{
				{1, []int{5}, []int{5}},
				{1, slices.Repeat([]int{5}, 200), nil},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var l Launcher // the zero value is ready to use
			for i, p := range tt.picks {
				got, err := l.reserve(p.n, offers(p.offered...))
				if p.want == nil {
					if err == nil {
						t.Errorf("pick %d: %v, want an error", i, got)
					}
				} else if err != nil || !slices.Equal(got, p.want) {
					t.Errorf("pick %d: %v, %v; want %v", i, got, err, p.want)
				}
				if i < len(tt.release) {
					l.releasePorts(tt.release[i])
				}
			}
		})
	}
	// Two Launchers do not see each other's ports.
	a, b := NewLauncher(), NewLauncher()
	pa, errA := a.reserve(2, offers(5, 6))
	pb, errB := b.reserve(2, offers(5, 6))
	if errA != nil || errB != nil || !slices.Equal(pa, pb) {
		t.Errorf("two launchers: %v, %v and %v, %v; want the same ports from each", pa, errA, pb, errB)
	}
}

// The real picker hands out distinct ports that are free to bind.
func TestFreePorts(t *testing.T) {
	l := NewLauncher()
	var all []int
	for range 4 {
		ports, err := l.freePorts(5)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, ports...)
	}
	sorted := slices.Sorted(slices.Values(all))
	if len(slices.Compact(sorted)) != len(all) {
		t.Errorf("ports %v: one handed out twice", all)
	}
}

// What kernels of one process share lives in a Launcher, never in a
// package variable: a package-level variable is allowed only for an
// error sentinel (errors.New) or a compiled pattern (regexp.MustCompile),
// which are never written after their declaration.
func TestNoPackageState(t *testing.T) {
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.VAR {
				continue
			}
			for _, spec := range g.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, id := range vs.Names {
					if i >= len(vs.Values) || !immutableInit(vs.Values[i]) {
						t.Errorf("%s: package-level variable %s: state belongs in a Launcher or a Kernel", fset.Position(id.Pos()), id.Name)
					}
				}
			}
		}
	}
}

// immutableInit tells whether e is a call to errors.New or
// regexp.MustCompile.
func immutableInit(e ast.Expr) bool {
	call, ok := e.(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok {
		return false
	}
	switch pkg.Name + "." + sel.Sel.Name {
	case "errors.New", "regexp.MustCompile":
		return true
	}
	return false
}
