package params_test

import (
	"strings"
	"testing"

	"github.com/rotationlab/rotation/jupyter/nbformat"
	"github.com/rotationlab/rotation/jupyter/params"
)

// A YAML file with each type of value, written into a Go parameters cell.
func TestParseFile(t *testing.T) {
	yaml := `
threshold: 0.05      # a float
ticker: XLF          # a string
horizon: 21          # an int
mirror: true         # a bool
cutoff: 2025-01-31   # a date
wait: 90s            # a duration, as text
legs: [SPY, XLK]     # a list
weights:
  - 0.25
  - 0.75
`
	vals, err := params.ParseFile([]byte(yaml), "sweep.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range vals {
		got = append(got, v.Name+"="+v.Raw)
	}
	want := "threshold=0.05 ticker=XLF horizon=21 mirror=true cutoff=2025-01-31 wait=90s legs=SPY,XLK weights=0.25,0.75"
	if strings.Join(got, " ") != want {
		t.Errorf("values\n got %s\nwant %s", strings.Join(got, " "), want)
	}
	declared, _ := params.GoDeclared(goDefaults)
	cell, err := params.GoCell(declared, vals)
	if err != nil {
		t.Fatal(err)
	}
	for _, lit := range []string{"var threshold float64 = 0.05", "var horizon int = 21", "time.Date(2025, 1, 31,", `[]string{"SPY", "XLK"}`, "[]float64{0.25, 0.75}", "var mirror bool = true"} {
		if !strings.Contains(cell, lit) {
			t.Errorf("cell lacks %q:\n%s", lit, cell)
		}
	}
	// JSON is YAML too.
	if vals, err := params.ParseFile([]byte(`{"horizon": 63, "legs": ["A", "B"]}`), "p.json"); err != nil || len(vals) != 2 || vals[1].Raw != "A,B" {
		t.Errorf("json: %v %v", vals, err)
	}
}

func TestParseFileErrors(t *testing.T) {
	declared, _ := params.GoDeclared(goDefaults)
	tests := []struct{ name, file, want string }{
		{"not a mapping", "- a\n- b\n", "p.yaml:1: want a mapping"},
		{"nested mapping", "ticker:\n  a: 1\n", "p.yaml:1: key ticker: a mapping is not a parameter value"},
		{"null", "ticker: null\n", "key ticker: null"},
		{"comma in a list element", "legs: [\"a,b\", c]\n", "holds a comma"},
		{"bad yaml", "ticker: [\n", "p.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := params.ParseFile([]byte(tt.file), "p.yaml")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
	// A value that does not fit its declared type names the file, the key
	// and the type.
	vals, _ := params.ParseFile([]byte("horizon: 2.5\n"), "p.yaml")
	_, err := params.GoCell(declared, vals)
	if err == nil || !strings.Contains(err.Error(), `p.yaml:1: key horizon: "2.5" does not fit the declared type int`) {
		t.Errorf("err = %v", err)
	}
	nb := &nbformat.Notebook{Cells: []*nbformat.Cell{{Type: nbformat.Code, Source: goDefaults, Metadata: map[string]any{"tags": []any{"parameters"}}}}}
	ps, err := params.Declared(nb, "go")
	if err != nil || len(ps) != len(declared) {
		t.Errorf("Declared: %v %v", ps, err)
	}
}
