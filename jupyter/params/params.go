package params

import (
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rotationlab/rotation/jupyter/nbformat"
)

// Tags used on cells.
const (
	TagParameters = "parameters"
	TagInjected   = "injected-parameters"
)

// Value is one name=value given on the command line or in a file.
type Value struct {
	Name, Raw string
	// Origin says where the value came from, for errors: "" for -p, else
	// "FILE: key NAME".
	Origin string
}

// ParseValue parses "name=value".
func ParseValue(s string) (Value, error) {
	name, raw, ok := strings.Cut(s, "=")
	name = strings.TrimSpace(name)
	if !ok || name == "" {
		return Value{}, fmt.Errorf("params: %q is not name=value", s)
	}
	return Value{Name: name, Raw: raw}, nil
}

// Param is a declared parameter.
type Param struct {
	Name string
	// Type is the Go type ("float64", "time.Duration", "[]string") or, for
	// Python, "int", "float", "str", "bool" or "" when unknown.
	Type string
	// Const marks a Go constant; Untyped an untyped one (no explicit type).
	Const, Untyped bool
	// Default is the value as written in the cell; Comment the comment
	// beside it.
	Default, Comment string
}

// HasParametersCell tells whether nb has a code cell tagged "parameters".
// Without one, Inject puts a Python notebook's values at the top, as
// papermill does (with a warning, the caller's to give), and refuses a Go
// notebook's.
func HasParametersCell(nb *nbformat.Notebook) bool {
	for _, c := range nb.Cells {
		if c.Type == nbformat.Code && c.HasTag(TagParameters) {
			return true
		}
	}
	return false
}

// ErrUnknown is returned for a value whose name is not declared.
var ErrUnknown = errors.New("params: unknown parameter")

// Inject writes values into nb for a kernel language ("go" or "python";
// other languages are treated as Python, as papermill does), and returns
// what a run records of them (metadata.papermill.parameters): the value
// each injected literal stands for, by name (see Recorded).
func Inject(nb *nbformat.Notebook, language string, values []Value) (map[string]any, error) {
	if len(values) == 0 {
		return map[string]any{}, nil
	}
	pos := -1
	for i, c := range nb.Cells {
		if c.Type == nbformat.Code && c.HasTag(TagParameters) {
			pos = i
			break
		}
	}
	var declared []Param
	var err error
	src := ""
	if pos >= 0 {
		src = nb.Cells[pos].Source
	}
	goLang := strings.EqualFold(language, "go")
	if goLang {
		declared, err = GoDeclared(src)
	} else {
		declared, err = PythonDeclared(src)
	}
	if err != nil {
		return nil, err
	}
	if pos < 0 && !goLang {
		// No parameters cell: papermill injects every value at the top,
		// its type told by its form. (Go needs the declared type, so
		// there it stays an error.)
		for _, v := range values {
			declared = append(declared, Param{Name: v.Name})
		}
	}
	var code string
	var rec map[string]any
	if goLang {
		code, rec, err = goCell(declared, values)
	} else {
		code, rec, err = pythonCell(declared, values)
	}
	if err != nil {
		return nil, err
	}
	// Drop an earlier injected cell, then insert after the parameters cell.
	for i := 0; i < len(nb.Cells); i++ {
		if nb.Cells[i].HasTag(TagInjected) {
			nb.Cells = slices.Delete(nb.Cells, i, i+1)
			if i < pos {
				pos--
			}
			i--
		}
	}
	cell := &nbformat.Cell{Type: nbformat.Code, Source: code, Metadata: map[string]any{"tags": []any{TagInjected}}}
	nb.Cells = slices.Insert(nb.Cells, pos+1, cell)
	return rec, nil
}

func list(ps []Param) string {
	if len(ps) == 0 {
		return "none (no cell tagged \"parameters\" declares any)"
	}
	var s []string
	for _, p := range ps {
		t := p.Type
		if t == "" {
			t = "any"
		}
		s = append(s, p.Name+" ("+t+")")
	}
	return strings.Join(s, ", ")
}

// valueError says which value does not fit which declared type, and where
// the value came from.
func valueError(v Value, p Param, err error, declared []Param) error {
	if v.Origin != "" {
		return fmt.Errorf("params: %s: %q does not fit the declared type %s: %v", v.Origin, v.Raw, p.Type, err)
	}
	return fmt.Errorf("params: %s=%s: %v; declared: %s", v.Name, v.Raw, err, list(declared))
}

// Declared returns the parameters a notebook's cell tagged "parameters"
// declares, for a kernel language ("go" or another, read as Python).
func Declared(nb *nbformat.Notebook, language string) ([]Param, error) {
	src := ""
	for _, c := range nb.Cells {
		if c.Type == nbformat.Code && c.HasTag(TagParameters) {
			src = c.Source
			break
		}
	}
	if strings.EqualFold(language, "go") {
		return GoDeclared(src)
	}
	return PythonDeclared(src)
}

// Merge returns values with later ones replacing earlier ones of the same
// name, in the order names first appear.
func Merge(lists ...[]Value) []Value {
	var out []Value
	at := map[string]int{}
	for _, l := range lists {
		for _, v := range l {
			if i, ok := at[v.Name]; ok {
				out[i] = v
				continue
			}
			at[v.Name] = len(out)
			out = append(out, v)
		}
	}
	return out
}

func find(ps []Param, v Value) (Param, error) {
	for _, p := range ps {
		if p.Name == v.Name {
			return p, nil
		}
	}
	return Param{}, fmt.Errorf("%w %q; declared: %s", ErrUnknown, v.Name, list(ps))
}

// GoDeclared lists the variables and constants declared at the top level of
// a Go parameters cell.
func GoDeclared(src string) ([]Param, error) {
	fset := token.NewFileSet()
	text := "package p\n" + src
	f, err := parser.ParseFile(fset, "parameters.go", text, parser.ParseComments)
	if err != nil {
		return nil, fmt.Errorf("params: the parameters cell is not Go declarations: %v", shiftLine(err))
	}
	var ps []Param
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || (g.Tok != token.VAR && g.Tok != token.CONST) {
			continue
		}
		for _, spec := range g.Specs {
			vs := spec.(*ast.ValueSpec)
			comment := ""
			if vs.Comment != nil {
				comment = strings.TrimSpace(vs.Comment.Text())
			} else if vs.Doc != nil {
				comment = strings.TrimSpace(vs.Doc.Text())
			}
			for i, n := range vs.Names {
				p := Param{Name: n.Name, Const: g.Tok == token.CONST, Comment: comment}
				if i < len(vs.Values) {
					v := vs.Values[i]
					p.Default = text[fset.Position(v.Pos()).Offset:fset.Position(v.End()).Offset]
				}
				if vs.Type != nil {
					p.Type = types.ExprString(vs.Type)
				} else {
					p.Untyped = p.Const
					if i < len(vs.Values) {
						p.Type = inferGo(vs.Values[i])
					}
				}
				ps = append(ps, p)
			}
		}
	}
	return ps, nil
}

// shiftLine takes back the line added for the package clause.
func shiftLine(err error) string {
	msg := err.Error()
	re := regexp.MustCompile(`parameters\.go:(\d+):(\d+)`)
	return re.ReplaceAllStringFunc(msg, func(m string) string {
		p := re.FindStringSubmatch(m)
		l, _ := strconv.Atoi(p[1])
		return fmt.Sprintf("line %d:%s", l-1, p[2])
	})
}

// inferGo gives the default type of an untyped declaration's value, or "".
func inferGo(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.BasicLit:
		switch x.Kind {
		case token.INT:
			return "int"
		case token.FLOAT:
			return "float64"
		case token.STRING:
			return "string"
		case token.CHAR:
			return "rune"
		}
	case *ast.Ident:
		if x.Name == "true" || x.Name == "false" {
			return "bool"
		}
	case *ast.UnaryExpr:
		return inferGo(x.X)
	case *ast.ParenExpr:
		return inferGo(x.X)
	case *ast.CompositeLit:
		if x.Type != nil {
			return types.ExprString(x.Type)
		}
	case *ast.CallExpr:
		switch fn := types.ExprString(x.Fun); fn {
		case "time.Date":
			return "time.Time"
		case "time.Duration", "int", "int64", "float64", "string", "bool":
			return fn
		}
	case *ast.BinaryExpr:
		for _, side := range []ast.Expr{x.X, x.Y} {
			if s, ok := side.(*ast.SelectorExpr); ok && types.ExprString(s.X) == "time" {
				switch s.Sel.Name {
				case "Nanosecond", "Microsecond", "Millisecond", "Second", "Minute", "Hour":
					return "time.Duration"
				}
			}
		}
		if l, r := inferGo(x.X), inferGo(x.Y); l == r {
			return l
		} else if l == "float64" || r == "float64" {
			return "float64"
		}
	}
	return ""
}

// GoCell returns the source of the injected cell.
func GoCell(declared []Param, values []Value) (string, error) {
	code, _, err := goCell(declared, values)
	return code, err
}

// goCell returns the source of the injected cell and the record of the
// values it injects.
func goCell(declared []Param, values []Value) (string, map[string]any, error) {
	var b strings.Builder
	rec := map[string]any{}
	b.WriteString("// Parameters injected by nbrun.\n")
	for _, v := range values {
		p, err := find(declared, v)
		if err != nil {
			return "", nil, err
		}
		lit, x, err := goLiteral(p.Type, v.Raw)
		if err != nil {
			return "", nil, valueError(v, p, err, declared)
		}
		rec[p.Name] = x
		switch {
		case p.Const && p.Untyped:
			fmt.Fprintf(&b, "const %s = %s\n", p.Name, lit)
		case p.Const:
			fmt.Fprintf(&b, "const %s %s = %s\n", p.Name, p.Type, lit)
		default:
			fmt.Fprintf(&b, "var %s %s = %s\n", p.Name, p.Type, lit)
		}
	}
	return b.String(), rec, nil
}

// goLiteral writes raw as a Go literal of type t, and returns the value
// it stands for as the run records it (see Recorded).
func goLiteral(t, raw string) (string, any, error) {
	if elem, ok := strings.CutPrefix(t, "[]"); ok {
		var parts []string
		xs := []any{}
		if strings.TrimSpace(raw) != "" {
			for part := range strings.SplitSeq(raw, ",") {
				lit, x, err := goLiteral(elem, strings.TrimSpace(part))
				if err != nil {
					return "", nil, err
				}
				parts = append(parts, lit)
				xs = append(xs, x)
			}
		}
		return t + "{" + strings.Join(parts, ", ") + "}", xs, nil
	}
	switch t {
	case "string":
		return strconv.Quote(raw), raw, nil
	case "bool":
		v, err := strconv.ParseBool(strings.TrimSpace(raw))
		if err != nil {
			return "", nil, fmt.Errorf("not a bool (want true or false)")
		}
		return strconv.FormatBool(v), v, nil
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "rune", "byte":
		bits := map[string]int{"int8": 8, "int16": 16, "int32": 32, "rune": 32, "uint8": 8, "byte": 8, "uint16": 16, "uint32": 32}[t]
		if bits == 0 {
			bits = 64
		}
		s := strings.TrimSpace(raw)
		if strings.HasPrefix(t, "u") || t == "byte" {
			n, err := strconv.ParseUint(s, 10, bits)
			if err != nil {
				return "", nil, fmt.Errorf("not a whole number that fits %s", t)
			}
			// Written in canonical decimal: Go reads "010" as octal. The
			// record is a json.Number, which any uint64 fits.
			lit := strconv.FormatUint(n, 10)
			return lit, json.Number(lit), nil
		}
		n, err := strconv.ParseInt(s, 10, bits)
		if err != nil {
			return "", nil, fmt.Errorf("not a whole number that fits %s", t)
		}
		return strconv.FormatInt(n, 10), n, nil
	case "float32", "float64":
		v, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
		if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
			return "", nil, fmt.Errorf("not a number")
		}
		return strconv.FormatFloat(v, 'g', -1, 64), v, nil
	case "time.Duration":
		d, err := time.ParseDuration(strings.TrimSpace(raw))
		if err != nil {
			return "", nil, fmt.Errorf("not a duration (want for example 90s or 1h30m)")
		}
		return fmt.Sprintf("time.Duration(%d) /* %s */", int64(d), d), d.String(), nil
	case "time.Time":
		d, err := time.Parse("2006-01-02", strings.TrimSpace(raw))
		if err != nil {
			return "", nil, fmt.Errorf("not a date (want YYYY-MM-DD)")
		}
		return fmt.Sprintf("time.Date(%d, %d, %d, 0, 0, 0, 0, time.UTC)", d.Year(), int(d.Month()), d.Day()), d.Format("2006-01-02"), nil
	case "":
		return "", nil, fmt.Errorf("its type cannot be told from the declaration; declare it with a type")
	}
	return "", nil, fmt.Errorf("type %s is not supported (numbers, string, bool, time.Duration, time.Time and slices of them are)", t)
}

var pyAssign = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*)\s*(?::\s*([A-Za-z_][A-Za-z0-9_.\[\]]*))?\s*=\s*(.+?)\s*(#.*)?$`)

// PythonDeclared lists the names assigned at the top level of a Python
// parameters cell, with the type of their literal where it is clear.
func PythonDeclared(src string) ([]Param, error) {
	var ps []Param
	for line := range strings.Lines(src) {
		line = strings.TrimRight(line, "\r\n")
		if line == "" || line[0] == ' ' || line[0] == '\t' || line[0] == '#' {
			continue
		}
		m := pyAssign.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		t := m[2]
		if t == "" {
			t = inferPython(m[3])
		}
		ps = append(ps, Param{Name: m[1], Type: t, Default: m[3], Comment: strings.TrimSpace(strings.TrimPrefix(m[4], "#"))})
	}
	return ps, nil
}

func inferPython(v string) string {
	switch {
	case v == "True" || v == "False":
		return "bool"
	case strings.HasPrefix(v, "'") || strings.HasPrefix(v, `"`):
		return "str"
	}
	if _, err := strconv.ParseInt(v, 10, 64); err == nil {
		return "int"
	}
	if _, err := strconv.ParseFloat(v, 64); err == nil {
		return "float"
	}
	return ""
}

// PythonCell returns the source of the injected cell for Python.
func PythonCell(declared []Param, values []Value) (string, error) {
	code, _, err := pythonCell(declared, values)
	return code, err
}

// pythonCell returns the source of the injected cell for Python and the
// record of the values it injects.
func pythonCell(declared []Param, values []Value) (string, map[string]any, error) {
	var b strings.Builder
	rec := map[string]any{}
	b.WriteString("# Parameters\n") // papermill's first line
	for _, v := range values {
		p, err := find(declared, v)
		if err != nil {
			return "", nil, err
		}
		lit, x, err := pyLiteral(p.Type, v.Raw)
		if err != nil {
			return "", nil, valueError(v, p, err, declared)
		}
		rec[p.Name] = x
		fmt.Fprintf(&b, "%s = %s\n", p.Name, lit)
	}
	return b.String(), rec, nil
}

// pyDecimal is a number Python and JSON read alike, but for a leading
// "+" and leading zeros, which Python's int literals refuse and
// pyLiteral rewrites.
var pyDecimal = regexp.MustCompile(`^[+-]?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)

// pyLiteral writes raw as a Python literal of type t ("" when unknown),
// and returns the value it stands for as the run records it.
func pyLiteral(t, raw string) (string, any, error) {
	s := strings.TrimSpace(raw)
	switch t {
	case "int":
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return "", nil, fmt.Errorf("not a whole number")
		}
		return strconv.FormatInt(n, 10), n, nil
	case "float":
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
			return "", nil, fmt.Errorf("not a number")
		}
		return pyFloat(v), v, nil
	case "bool":
		v, err := strconv.ParseBool(s)
		if err != nil {
			return "", nil, fmt.Errorf("not a bool")
		}
		if v {
			return "True", true, nil
		}
		return "False", false, nil
	case "str":
		return pyString(raw), raw, nil
	}
	// Unknown type: the value's own form, as papermill's -p reads it
	// (its cli._resolve_type): True, False, None, a whole number, a
	// decimal number (nan and inf stay text: JSON has no such number),
	// else the text as a string; true and false are bools too.
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return strconv.FormatInt(n, 10), n, nil
	}
	if pyDecimal.MatchString(s) {
		if v, err := strconv.ParseFloat(s, 64); err == nil && !math.IsInf(v, 0) {
			return pyFloat(v), v, nil
		}
	}
	switch s {
	case "true", "True":
		return "True", true, nil
	case "false", "False":
		return "False", false, nil
	case "None":
		return "None", nil, nil
	}
	return pyString(raw), raw, nil
}

// pyFloat writes v as a Python float literal (with a point or an
// exponent, so that it stays a float).
func pyFloat(v float64) string {
	lit := strconv.FormatFloat(v, 'g', -1, 64)
	if !strings.ContainsAny(lit, ".e") {
		lit += ".0"
	}
	return lit
}

// pyString writes a Python string literal.
func pyString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '\\', '"':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if r < 0x20 {
				fmt.Fprintf(&b, `\x%02x`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}
