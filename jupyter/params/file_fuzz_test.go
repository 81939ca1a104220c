package params_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/rotationlab/rotation/jupyter/params"
)

// FuzzParseFile: a parameter file is outside input. For any bytes, ParseFile
// either fails with an error naming the file, or gives values whose origin
// names the file and whose raw forms, written back as a JSON file of
// strings, read again to the same names and values in the same order.
func FuzzParseFile(f *testing.F) {
	for _, seed := range []string{
		"threshold: 0.03\nhorizons: [21, 63, 252]\n",
		"cutoff: 2024-07-11\nticker: XLF\nverbose: true\n",
		`{"threshold": 0.05, "tickerA": "IWM"}`,
		"a: &x 1\nb: *x\n",
		"- not\n- a mapping\n",
		"x: {nested: 1}\n",
		"x: null\n",
		"x: [1, [2]]\n",
		"x: ['a,b']\n",
		"when: 2024-07-11T15:30:00Z\n",
		"",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		vals, err := params.ParseFile(data, "p.yaml")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "params: p.yaml") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		var doc strings.Builder
		doc.WriteString("{")
		for i, v := range vals {
			if !strings.HasPrefix(v.Origin, "p.yaml:") {
				t.Fatalf("value %q: origin %q does not name the file", v.Name, v.Origin)
			}
			k, _ := json.Marshal(v.Name)
			r, _ := json.Marshal(v.Raw)
			if i > 0 {
				doc.WriteString(",")
			}
			doc.Write(k)
			doc.WriteString(":")
			doc.Write(r)
		}
		doc.WriteString("}")
		again, err := params.ParseFile([]byte(doc.String()), "again.json")
		if err != nil {
			t.Fatalf("values written back do not read: %v\n%s", err, doc.String())
		}
		if len(again) != len(vals) {
			t.Fatalf("%d values read back, want %d\n%s", len(again), len(vals), doc.String())
		}
		for i := range vals {
			if again[i].Name != vals[i].Name || again[i].Raw != vals[i].Raw {
				t.Fatalf("value %d read back as %q=%q, want %q=%q", i, again[i].Name, again[i].Raw, vals[i].Name, vals[i].Raw)
			}
		}
	})
}
