package show

import (
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/protocol"

	"github.com/rotationlab/rotation/internal/nbvalues"
)

// Value is one published value: a name, a number (or a string, or a
// boolean) and, for a number, how pages show it. Make one with Pct, Num,
// Count, Str or Bool.
type Value struct {
	// Name is the value's name: the summary's column.
	Name string
	// value is a float64, an int, a string or a bool.
	value any
	// Format is how pages show a number; "" for strings and booleans.
	Format nbvalues.Format
}

// Pct is a fraction that pages show as a signed percentage (0.0442 reads
// +4.4%); the summary keeps it at full precision.
func Pct(name string, v float64) Value {
	return Value{Name: name, value: v, Format: nbvalues.Percent}
}

// Num is a number that pages show with four significant digits.
func Num(name string, v float64) Value {
	return Value{Name: name, value: v, Format: nbvalues.Number}
}

// Count is a whole number, shown without decimals.
func Count(name string, n int) Value {
	return Value{Name: name, value: n, Format: nbvalues.Integer}
}

// Str is a text value, shown as it is.
func Str(name, s string) Value { return Value{Name: name, value: s} }

// Bool is a yes-or-no value, shown as true or false.
func Bool(name string, b bool) Value { return Value{Name: name, value: b} }

// Values publishes named values for a sweep's summary, in the order given:
// nbrun -sweep puts them in its summary table, one column each, in that
// order, and its pages show each number as its Value says (Pct, Num,
// Count). The display also shows them as a small table for the reader,
// formatted the same way. A cell that publishes two values of one name, or
// none, fails.
//
// They go out in one display: its data, of MIME type nbvalues.MIME, is a
// JSON object (sent as a string holding it) of the values at full
// precision, NaN and infinities as null, never a made-up number; its
// metadata, under the key nbvalues.MIME, is the nbvalues.Meta (order and
// formats), sent as a string holding its JSON object too, because GoNB's
// pipe carries only plain values in a display's metadata.
func Values(vals ...Value) {
	d, err := valuesDisplay(vals)
	Check(err)
	gonbui.SendData(d)
	gonbui.Sync()
}

// valuesDisplay builds the display Values sends.
func valuesDisplay(vals []Value) (*protocol.DisplayData, error) {
	if len(vals) == 0 {
		return nil, errors.New("show: no values to publish")
	}
	meta := nbvalues.Meta{Formats: map[string]nbvalues.Format{}}
	seen := map[string]bool{}
	var js, tab strings.Builder
	js.WriteByte('{')
	tab.WriteString(`<table class="rotation"><caption>published for nbrun's summary</caption><tbody>`)
	for i, v := range vals {
		if v.Name == "" {
			return nil, fmt.Errorf("show: value %d has no name", i+1)
		}
		if seen[v.Name] {
			return nil, fmt.Errorf("show: %q is published twice", v.Name)
		}
		if !v.Format.Valid() {
			return nil, fmt.Errorf("show: %q has an unknown format %q", v.Name, v.Format)
		}
		seen[v.Name] = true
		meta.Order = append(meta.Order, v.Name)
		var raw any
		var text string
		switch x := v.value.(type) {
		case float64:
			raw, text = x, v.Format.Text(x)
			if math.IsNaN(x) || math.IsInf(x, 0) {
				raw = nil // undefined: null, never a made-up number
			}
			meta.Formats[v.Name] = v.Format
		case int:
			raw, text = x, v.Format.Text(float64(x))
			meta.Formats[v.Name] = v.Format
		case string:
			raw, text = x, x
		case bool:
			raw, text = x, strconv.FormatBool(x)
		default:
			return nil, fmt.Errorf("show: %q holds a %T (make values with Pct, Num, Count, Str or Bool)", v.Name, v.value)
		}
		k, err := json.Marshal(v.Name)
		if err != nil {
			return nil, fmt.Errorf("show: %w", err)
		}
		b, err := json.Marshal(raw)
		if err != nil {
			return nil, fmt.Errorf("show: %q: %w", v.Name, err)
		}
		if i > 0 {
			js.WriteByte(',')
		}
		js.Write(k)
		js.WriteByte(':')
		js.Write(b)
		align := ""
		if meta.Formats[v.Name] != "" {
			align = ` style="text-align:right"`
		}
		fmt.Fprintf(&tab, "<tr><th>%s</th><td%s>%s</td></tr>", html.EscapeString(v.Name), align, html.EscapeString(text))
	}
	js.WriteByte('}')
	tab.WriteString("</tbody></table>")
	m, err := json.Marshal(meta)
	if err != nil {
		return nil, fmt.Errorf("show: %w", err)
	}
	return &protocol.DisplayData{
		Data: map[protocol.MIMEType]any{
			protocol.MIMETextHTML: tab.String(),
			nbvalues.MIME:         js.String(),
		},
		Metadata: map[string]any{nbvalues.MIME: string(m)},
	}, nil
}
