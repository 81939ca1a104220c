package nbformat

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Marshal encodes the notebook as nbformat 4.5 the way Jupyter writes it
// (Python's json.dumps with sort_keys=True, indent=1, ensure_ascii=False,
// after nbformat's split_lines), with a trailing newline. Cells without an
// id get one (see AssignIDs).
func Marshal(nb *Notebook) ([]byte, error) {
	nb.AssignIDs()
	minor := nb.Minor
	if minor < 5 {
		minor = 5
	}
	top := map[string]any{
		"nbformat":       4,
		"nbformat_minor": minor,
		"metadata":       orEmpty(nb.Metadata),
	}
	for k, v := range nb.Extra {
		top[k] = v
	}
	cells := make([]any, len(nb.Cells))
	for i, c := range nb.Cells {
		m := map[string]any{}
		for k, v := range c.Extra {
			m[k] = v
		}
		m["id"] = c.ID
		m["cell_type"] = string(c.Type)
		m["metadata"] = orEmpty(c.Metadata)
		m["source"] = splitLines(c.Source)
		if c.Type == Code {
			outs := make([]any, len(c.Outputs))
			for j, o := range c.Outputs {
				outs[j] = o.jsonValue()
			}
			m["outputs"] = outs
			if c.ExecutionCount != nil {
				m["execution_count"] = *c.ExecutionCount
			} else {
				m["execution_count"] = nil
			}
		}
		cells[i] = m
	}
	top["cells"] = cells
	var w jsonWriter
	if err := w.value(top, 0); err != nil {
		return nil, err
	}
	w.buf = append(w.buf, '\n')
	return w.buf, nil
}

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

// splitLines splits like Python's str.splitlines(keepends=True), which
// breaks at \n, \r, \r\n, \v, \f, \x1c, \x1d, \x1e, \x85, \u2028 and \u2029.
func splitLines(s string) []any {
	lines := []any{}
	start := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		end := -1
		switch r {
		case '\r':
			end = i + 1
			if i+1 < len(s) && s[i+1] == '\n' {
				end = i + 2
			}
		case '\n', '\v', '\f', 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029:
			end = i + size
		}
		if end >= 0 {
			lines = append(lines, s[start:end])
			start, i = end, end
			continue
		}
		i += size
	}
	if start < len(s) {
		lines = append(lines, s[start:])
	}
	return lines
}

// jsonWriter writes JSON as Python's json.dumps(indent=1, sort_keys=True,
// ensure_ascii=False) does.
type jsonWriter struct{ buf []byte }

func (w *jsonWriter) indent(n int) {
	w.buf = append(w.buf, '\n')
	for range n {
		w.buf = append(w.buf, ' ')
	}
}

func (w *jsonWriter) value(v any, depth int) error {
	switch t := v.(type) {
	case nil:
		w.buf = append(w.buf, "null"...)
	case bool:
		w.buf = strconv.AppendBool(w.buf, t)
	case string:
		w.str(t)
	case json.Number:
		w.buf = append(w.buf, t...)
	case int:
		w.buf = strconv.AppendInt(w.buf, int64(t), 10)
	case int64:
		w.buf = strconv.AppendInt(w.buf, t, 10)
	case float64:
		if math.IsNaN(t) || math.IsInf(t, 0) {
			return fmt.Errorf("nbformat: cannot write %v as JSON", t)
		}
		w.buf = appendPyFloat(w.buf, t)
	case []string:
		a := make([]any, len(t))
		for i, s := range t {
			a[i] = s
		}
		return w.value(a, depth)
	case []any:
		if len(t) == 0 {
			w.buf = append(w.buf, "[]"...)
			return nil
		}
		w.buf = append(w.buf, '[')
		for i, x := range t {
			if i > 0 {
				w.buf = append(w.buf, ',')
			}
			w.indent(depth + 1)
			if err := w.value(x, depth+1); err != nil {
				return err
			}
		}
		w.indent(depth)
		w.buf = append(w.buf, ']')
	case MimeBundle:
		return w.value(map[string]any(t), depth)
	case map[string]any:
		if len(t) == 0 {
			w.buf = append(w.buf, "{}"...)
			return nil
		}
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		// Python sorts by code point; Go's string order is by UTF-8
		// bytes, which is the same order.
		slices.Sort(keys)
		w.buf = append(w.buf, '{')
		for i, k := range keys {
			if i > 0 {
				w.buf = append(w.buf, ',')
			}
			w.indent(depth + 1)
			w.str(k)
			w.buf = append(w.buf, ": "...)
			if err := w.value(t[k], depth+1); err != nil {
				return err
			}
		}
		w.indent(depth)
		w.buf = append(w.buf, '}')
	default:
		return fmt.Errorf("nbformat: cannot write %T as JSON", v)
	}
	return nil
}

// str writes a string with Python's escapes: \" \\ \n \r \t \b \f, other
// control characters as \u00XX with lower-case hex, everything else as is.
func (w *jsonWriter) str(s string) {
	const hex = "0123456789abcdef"
	w.buf = append(w.buf, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '"':
			w.buf = append(w.buf, '\\', '"')
		case '\\':
			w.buf = append(w.buf, '\\', '\\')
		case '\n':
			w.buf = append(w.buf, '\\', 'n')
		case '\r':
			w.buf = append(w.buf, '\\', 'r')
		case '\t':
			w.buf = append(w.buf, '\\', 't')
		case '\b':
			w.buf = append(w.buf, '\\', 'b')
		case '\f':
			w.buf = append(w.buf, '\\', 'f')
		default:
			if c < 0x20 {
				w.buf = append(w.buf, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			} else {
				w.buf = append(w.buf, c)
			}
		}
	}
	w.buf = append(w.buf, '"')
}

// appendPyFloat formats a float as Python's repr does: the shortest
// round-trip digits, always with a '.' or an exponent.
func appendPyFloat(b []byte, f float64) []byte {
	abs := math.Abs(f)
	if abs != 0 && (abs < 1e-4 || abs >= 1e16) {
		s := strconv.FormatFloat(f, 'e', -1, 64)
		// Python writes 1e-05 and 1e+16: at least two exponent digits.
		mant, exp, _ := strings.Cut(s, "e")
		sign := exp[0]
		digits := exp[1:]
		if len(digits) < 2 {
			digits = "0" + digits
		}
		return append(b, mant+"e"+string(sign)+digits...)
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.ContainsAny(s, ".") {
		s += ".0"
	}
	return append(b, s...)
}
