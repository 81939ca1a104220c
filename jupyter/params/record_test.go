package params_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"reflect"
	"strings"
	"testing"

	"github.com/rotationlab/rotation/jupyter/nbformat"
	"github.com/rotationlab/rotation/jupyter/params"
)

// python is the interpreter the reference checks run; the tests skip
// without it.
const python = "/usr/bin/python3"

// recordCases are values with quotes, backslashes, numbers in odd forms
// and words, injected into a Python parameters cell.
var recordCases = []params.Value{
	{Name: "msg", Raw: `"Hello"`},
	{Name: "single", Raw: `'Hello'`},
	{Name: "back", Raw: `C:\temp\new`},
	{Name: "mixed", Raw: `a "b" \"c\" \\ 'd'` + "\t\n"},
	{Name: "js", Raw: `{"a": [1, 2]}`},
	{Name: "padded", Raw: "  text  "},
	{Name: "n", Raw: "007"},
	{Name: "plus", Raw: "+5"},
	{Name: "f", Raw: "1e5"},
	{Name: "nan", Raw: "nan"},
	{Name: "hex", Raw: "0x10"},
	{Name: "flag", Raw: "true"},
	{Name: "cap", Raw: "False"},
	{Name: "none", Raw: "None"},
	{Name: "typed", Raw: "3"},
	{Name: "typedstr", Raw: `"quoted"`},
}

const recordCell = "msg = 'x'\nsingle = 'x'\nback = 'x'\nmixed = 'x'\njs = None\npadded = ''\nn = None\nplus = None\nf = None\nnan = None\nhex = None\nflag = None\ncap = None\nnone = None\ntyped = 1.5\ntypedstr = 'x'\n"

func pythonNotebook() *nbformat.Notebook {
	return &nbformat.Notebook{Format: 4, Minor: 5, Cells: []*nbformat.Cell{
		{Type: nbformat.Code, Source: recordCell, Metadata: map[string]any{"tags": []any{"parameters"}}},
	}}
}

// The record holds what was injected: a string exactly as given, quotes
// and all, not read as JSON (issue 22: -p 'msg="Hello"' injected the
// string "Hello" with its quotes but recorded Hello).
func TestRecordIsInjected(t *testing.T) {
	rec, err := params.Inject(pythonNotebook(), "python", recordCases)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"msg": `"Hello"`, "single": `'Hello'`, "back": `C:\temp\new`, "mixed": recordCases[3].Raw,
		"js": `{"a": [1, 2]}`, "padded": "  text  ", "n": int64(7), "plus": int64(5), "f": 1e5,
		"nan": "nan", "hex": "0x10", "flag": true, "cap": false, "none": nil, "typed": 3.0, "typedstr": `"quoted"`,
	}
	if !reflect.DeepEqual(rec, want) {
		t.Errorf("record\n%#v\nwant\n%#v", rec, want)
	}
}

// The record equals, value for value, what Python reads from the injected
// cell: the cell is run by Python and its variables dumped as JSON.
func TestRecordMatchesPython(t *testing.T) {
	if _, err := os.Stat(python); err != nil {
		t.Skip("no " + python)
	}
	nb := pythonNotebook()
	rec, err := params.Inject(nb, "python", recordCases)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, v := range recordCases {
		names = append(names, v.Name)
	}
	script := nb.Cells[1].Source + "import json, sys\njson.dump({k: globals()[k] for k in sys.argv[1:]}, sys.stdout)\n"
	out, err := exec.Command(python, append([]string{"-c", script}, names...)...).Output()
	if err != nil {
		t.Fatalf("python: %v\n%s", err, script)
	}
	var got, ours map[string]any
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &ours); err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		if !reflect.DeepEqual(got[name], ours[name]) {
			t.Errorf("%s: Python read %#v, the record says %#v", name, got[name], ours[name])
		}
	}
}

// For Go the record is the value of the literal written, by the declared
// type: strings verbatim, numbers, bools, durations and dates in the
// form -p takes, slices as lists.
func TestRecordGo(t *testing.T) {
	nb := &nbformat.Notebook{Format: 4, Minor: 5, Cells: []*nbformat.Cell{{Type: nbformat.Code,
		Source:   "var (\n\tmsg = \"x\"\n\tn = 3\n\tu uint8 = 1\n\tx = 1.5\n\tok = false\n\twait = 5 * time.Second\n\tcutoff time.Time\n\tlegs = []string{\"a\"}\n\tns []int\n)\n",
		Metadata: map[string]any{"tags": []any{"parameters"}}}}}
	vals := []params.Value{{Name: "msg", Raw: `"Hi" \n`}, {Name: "n", Raw: "010"}, {Name: "u", Raw: "255"}, {Name: "x", Raw: "2"},
		{Name: "ok", Raw: "true"}, {Name: "wait", Raw: "90s"}, {Name: "cutoff", Raw: "2025-01-02"}, {Name: "legs", Raw: `a,"b"`}, {Name: "ns", Raw: ""}}
	rec, err := params.Inject(nb, "go", vals)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"msg": `"Hi" \n`, "n": int64(10), "u": json.Number("255"), "x": 2.0, "ok": true, "wait": "1m30s",
		"cutoff": "2025-01-02", "legs": []any{"a", `"b"`}, "ns": []any{}}
	if !reflect.DeepEqual(rec, want) {
		t.Errorf("record\n%#v\nwant\n%#v", rec, want)
	}
	// 010 is written in decimal: Go would read the literal 010 as 8.
	if src := nb.Cells[1].Source; !strings.Contains(src, "var n int = 10\n") {
		t.Errorf("injected:\n%s", src)
	}
}
