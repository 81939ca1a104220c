package jupytext

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

// TestYAMLAgainstPyYAML checks the header's YAML against PyYAML, which
// jupytext uses (testdata/pyyaml.py through /usr/bin/python3; skipped
// without it): strings written as safe_dump writes them, and documents
// read to the same JSON as safe_load reads them.
func TestYAMLAgainstPyYAML(t *testing.T) {
	if err := exec.Command("/usr/bin/python3", "-c", "import yaml").Run(); err != nil {
		t.Skip("no /usr/bin/python3 with PyYAML: skipping the comparison with PyYAML")
	}
	dump := []string{
		"Go (gonb)", "Python 3 (ipykernel)", "python3", "go", "", " x", "x ", "yes", "No", "on", "null", "~",
		"1", "1.5", "-2", "0x1f", "1e3", "1_000", "12:30", "2024-07-11", "a: b", "a #b", "a#b", "#a", "-a", "- a",
		"?a", ":a", "a:", "it's", `say "hi"`, "[x]", "{x}", "*x", "&x", "!x", "|x", ">x", "%x", "@x", "`x",
		"a,b", "tab\there", "line\nbreak", "é", "π ≈ 3.14", "=", "<<", ".inf", ".nan", "True", "nul",
		"1.0.0", "v1.2", "3.11.2", "0755", "+1", ".5",
	}
	load := []string{
		"jupyter:\n  x: yes\n  y: off\n  z: 'yes'\n  n: 3\n  f: 2.5\n  e: 1e3\n  s: 1.0.0\n  nul: null\n  t: ~\n",
		"jupyter:\n  list:\n  - a\n  - 1\n  nested:\n    k: [1, 2]\n",
		"jupyter:\n  kernelspec:\n    display_name: Go (gonb)\n    language: go\n    name: gonb\n",
		"jupyter:\n  a: &x {b: 1}\n  c: *x\n",
		"jupyter:\n  v: 0x1f\n  w: +5\n  u: -0\n",
		"jupyter: [unclosed\n",
	}
	req, _ := json.Marshal(map[string]any{"dump": dump, "load": load})
	cmd := exec.Command("/usr/bin/python3", "testdata/pyyaml.py")
	cmd.Stdin = bytes.NewReader(req)
	outb, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		Dump []string
		Load []*string
	}
	if err := json.Unmarshal(outb, &ref); err != nil {
		t.Fatal(err)
	}
	for i, s := range dump {
		lines, err := dumpYAML(map[string]any{"k": s}, 0)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(lines, "\n") + "\n"; got != ref.Dump[i] {
			t.Errorf("dump %q: got %q, PyYAML %q", s, got, ref.Dump[i])
		}
	}
	for i, text := range load {
		v, err := decodeYAML(text)
		want := ref.Load[i]
		switch {
		case want == nil && err == nil:
			t.Errorf("load %q: read, PyYAML fails", text)
		case want != nil && err != nil:
			t.Errorf("load %q: %v, PyYAML reads %s", text, err, *want)
		case want != nil:
			var w any
			_ = json.Unmarshal([]byte(*want), &w)
			wb, _ := json.Marshal(w)
			gb, _ := json.Marshal(v)
			var g any
			_ = json.Unmarshal(gb, &g)
			gb, _ = json.Marshal(g)
			if string(gb) != string(wb) {
				t.Errorf("load %q:\n got %s\nPyYAML %s", text, gb, wb)
			}
		}
	}
}
