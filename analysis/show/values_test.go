package show

import (
	"encoding/json"
	"math"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/janpfeifer/gonb/gonbui/protocol"

	"github.com/rotationlab/rotation/internal/nbvalues"
)

// The display keeps the publisher's order in the data, the metadata and
// the table, full precision in the data, and the formats in the table.
func TestValuesDisplay(t *testing.T) {
	d, err := valuesDisplay([]Value{
		Count("events", 23),
		Pct("A mean 63d", 0.044213456789),
		Pct("A mean 252d", 0.1274),
		Num("z", math.NaN()),
		Str("note", "a<b"),
		Bool("ok", true),
	})
	if err != nil {
		t.Fatal(err)
	}
	payload, ok := d.Data[nbvalues.MIME].(string)
	if !ok {
		t.Fatalf("data is %T, want a string holding the JSON object", d.Data[nbvalues.MIME])
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(payload), &got); err != nil {
		t.Fatalf("%v: %s", err, payload)
	}
	for name, want := range map[string]any{"events": 23.0, "A mean 63d": 0.044213456789, "A mean 252d": 0.1274, "z": nil, "note": "a<b", "ok": true} {
		if got[name] != want {
			t.Errorf("data %q = %v, want %v", name, got[name], want)
		}
	}
	order := []string{"events", "A mean 63d", "A mean 252d", "z", "note", "ok"}
	keys := regexp.MustCompile(`"([^"]+)":`).FindAllStringSubmatch(payload, -1)
	var keyOrder []string
	for _, k := range keys {
		keyOrder = append(keyOrder, k[1])
	}
	if !slices.Equal(keyOrder, order) {
		t.Errorf("the data's keys come as %q, want %q", keyOrder, order)
	}
	ms, ok := d.Metadata[nbvalues.MIME].(string)
	if !ok {
		t.Fatalf("metadata is %T, want a string holding nbvalues.Meta", d.Metadata[nbvalues.MIME])
	}
	var meta nbvalues.Meta
	if err := json.Unmarshal([]byte(ms), &meta); err != nil {
		t.Fatalf("%v: %s", err, ms)
	}
	if !slices.Equal(meta.Order, order) {
		t.Errorf("meta order %q, want %q", meta.Order, order)
	}
	wantFormats := map[string]nbvalues.Format{"events": nbvalues.Integer, "A mean 63d": nbvalues.Percent, "A mean 252d": nbvalues.Percent, "z": nbvalues.Number}
	if len(meta.Formats) != len(wantFormats) {
		t.Errorf("meta formats %v, want %v", meta.Formats, wantFormats)
	}
	for k, f := range wantFormats {
		if meta.Formats[k] != f {
			t.Errorf("format of %q = %q, want %q", k, meta.Formats[k], f)
		}
	}
	tab := d.Data[protocol.MIMETextHTML].(string)
	rows := regexp.MustCompile(`<tr><th>([^<]*)</th><td[^>]*>([^<]*)</td></tr>`).FindAllStringSubmatch(tab, -1)
	wantRows := [][2]string{{"events", "23"}, {"A mean 63d", "+4.4%"}, {"A mean 252d", "+12.7%"}, {"z", "n/a"}, {"note", "a&lt;b"}, {"ok", "true"}}
	if len(rows) != len(wantRows) {
		t.Fatalf("table rows %q, want %q", rows, wantRows)
	}
	for i, w := range wantRows {
		if rows[i][1] != w[0] || rows[i][2] != w[1] {
			t.Errorf("row %d: %s = %s, want %s = %s", i, rows[i][1], rows[i][2], w[0], w[1])
		}
	}
	if !strings.Contains(tab, "<caption>published for nbrun's summary</caption>") {
		t.Errorf("table lacks its caption: %s", tab)
	}
}

func TestValuesDisplayRefuses(t *testing.T) {
	for _, c := range []struct {
		name string
		vals []Value
		want string
	}{
		{"none", nil, "no values"},
		{"twice", []Value{Num("x", 1), Pct("x", 2)}, `"x" is published twice`},
		{"unnamed", []Value{Num("", 1)}, "no name"},
		{"bad format", []Value{{Name: "x", value: 1.0, Format: "pct"}}, "unknown format"},
		{"no value", []Value{{Name: "x"}}, "make values with"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := valuesDisplay(c.vals)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one saying %q", err, c.want)
			}
		})
	}
}
