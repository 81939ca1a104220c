package repocheck

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var (
	goCommand = regexp.MustCompile(`\$\(GO\) (test|build|run)\b(.*)`)
	pkgArg    = regexp.MustCompile(`(?:^|\s)(\./[A-Za-z0-9_/.-]*)`)
	benchArg  = regexp.MustCompile(`-bench '?([A-Za-z0-9_]+)'?`)
	runArg    = regexp.MustCompile(`-run '\^(Test[A-Za-z0-9_]+)\$\$'`)
	scriptArg = regexp.MustCompile(`(?:^|\s)([A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)+\.(?:py|sh))\b`)
)

// Every `$(GO) test|build|run` line of the Makefile names packages that
// exist, and a benchmark or test named by -bench or -run exists in the
// package it is run in.
func TestMakefileNamesWhatExists(t *testing.T) {
	root := filepath.Join("..", "..")
	b, err := os.ReadFile(filepath.Join(root, "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for i, line := range strings.Split(string(b), "\n") {
		m := goCommand.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		for _, p := range pkgArg.FindAllStringSubmatch(m[2], -1) {
			if strings.HasSuffix(p[1], "...") {
				if _, err := os.Stat(filepath.Join(root, strings.TrimSuffix(p[1], "..."))); err != nil {
					t.Errorf("Makefile:%d: %s: %v", i+1, p[1], err)
				}
				continue
			}
			funcs, err := packageFuncs(filepath.Join(root, p[1]))
			if err != nil {
				t.Errorf("Makefile:%d: %s: %v", i+1, p[1], err)
				continue
			}
			checked++
			for _, want := range wanted(m[2]) {
				if !funcs[want] {
					t.Errorf("Makefile:%d: %s has no func %s", i+1, p[1], want)
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no package found in the Makefile's go commands: the pattern is out of date")
	}
}

// Every script a Makefile recipe runs (a path ending in .py or .sh) exists,
// so that moving one breaks a test, not a target.
func TestMakefileScriptsExist(t *testing.T) {
	root := filepath.Join("..", "..")
	b, err := os.ReadFile(filepath.Join(root, "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for i, line := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(line, "\t") {
			continue // only recipe lines run anything
		}
		for _, m := range scriptArg.FindAllStringSubmatch(line, -1) {
			checked++
			if _, err := os.Stat(filepath.Join(root, m[1])); err != nil {
				t.Errorf("Makefile:%d: %s: %v", i+1, m[1], err)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no script found in the Makefile's recipes: the pattern is out of date")
	}
}

// wanted lists the test and benchmark functions a go command line names.
func wanted(args string) []string {
	var w []string
	if m := benchArg.FindStringSubmatch(args); m != nil {
		w = append(w, "Benchmark"+m[1])
	}
	if m := runArg.FindStringSubmatch(args); m != nil {
		w = append(w, m[1])
	}
	return w
}

// packageFuncs parses the Go files of dir and returns the names of their
// top-level functions; a directory without Go files is an error.
func packageFuncs(dir string) (map[string]bool, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, os.ErrNotExist
	}
	funcs := map[string]bool{}
	fset := token.NewFileSet()
	for _, f := range files {
		af, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		for _, d := range af.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil {
				funcs[fd.Name.Name] = true
			}
		}
	}
	return funcs, nil
}
