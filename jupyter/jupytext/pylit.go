package jupytext

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"
)

// parsePyLiteral reads the Python literals jupytext accepts in cell
// metadata through ast.literal_eval: strings (with escapes, raw and
// adjacent strings), integers, floats, True, False, None, lists, tuples
// (as lists) and dicts. Bytes, sets and complex numbers are Python values
// that no notebook can hold: errUnrepresentable. Anything else:
// errNotValue.
func parsePyLiteral(text string) (any, error) {
	p := &pyParser{s: text}
	p.space()
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.space()
	if p.i != len(p.s) {
		return nil, errNotValue
	}
	return v, nil
}

type pyParser struct {
	s string
	i int
}

// maxDepth bounds nesting (Python fails on deep nesting too).
const maxDepth = 100

func (p *pyParser) space() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\f') {
		p.i++
	}
}

func (p *pyParser) peek() byte {
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	return 0
}

func unrepresentable(what string) error {
	return fmt.Errorf("cell metadata: a Python %s %w", what, errUnrepresentable)
}

func (p *pyParser) value(depth int) (any, error) {
	if depth > maxDepth {
		return nil, errNotValue
	}
	p.space()
	c := p.peek()
	switch {
	case c == '[':
		p.i++
		items, err := p.items(']', depth)
		return items, err
	case c == '(':
		p.i++
		p.space()
		if p.peek() == ')' {
			p.i++
			return []any{}, nil
		}
		first, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		p.space()
		switch p.peek() {
		case ')': // parentheses only
			p.i++
			return first, nil
		case ',':
			p.i++
			rest, err := p.items(')', depth)
			if err != nil {
				return nil, err
			}
			return append([]any{first}, rest...), nil
		}
		return nil, errNotValue
	case c == '{':
		p.i++
		return p.dict(depth)
	case c == '"' || c == '\'' || isStringPrefix(p.s[p.i:]):
		return p.strings()
	case c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9'):
		return p.number()
	}
	for _, w := range []struct {
		name string
		v    any
	}{{"True", true}, {"False", false}, {"None", nil}} {
		if strings.HasPrefix(p.s[p.i:], w.name) && !isNameByte(p.s, p.i+len(w.name)) {
			p.i += len(w.name)
			return w.v, nil
		}
	}
	return nil, errNotValue
}

func isNameByte(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	c := s[i]
	return c == '_' || c >= 0x80 || (c >= '0' && c <= '9') || (c|0x20 >= 'a' && c|0x20 <= 'z')
}

// items reads comma-separated values up to the closing byte.
func (p *pyParser) items(end byte, depth int) ([]any, error) {
	list := []any{}
	for {
		p.space()
		if p.peek() == end {
			p.i++
			return list, nil
		}
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		list = append(list, v)
		p.space()
		switch p.peek() {
		case ',':
			p.i++
		case end:
		default:
			return nil, errNotValue
		}
	}
}

func (p *pyParser) dict(depth int) (any, error) {
	m := map[string]any{}
	for n := 0; ; n++ {
		p.space()
		if p.peek() == '}' {
			p.i++
			return m, nil
		}
		k, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		p.space()
		if p.peek() != ':' {
			if n == 0 && (p.peek() == ',' || p.peek() == '}') {
				if p.peek() == ',' {
					p.i++
				}
				if _, err := p.items('}', depth); err != nil {
					return nil, err
				}
				return nil, unrepresentable("set")
			}
			return nil, errNotValue
		}
		p.i++
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		key, err := jsonKey(k)
		if err != nil {
			return nil, err
		}
		m[key] = v
		p.space()
		switch p.peek() {
		case ',':
			p.i++
		case '}':
		default:
			return nil, errNotValue
		}
	}
}

// jsonKey is the key json.dumps writes for a Python dict key.
func jsonKey(k any) (string, error) {
	switch t := k.(type) {
	case string:
		return t, nil
	case json.Number:
		return string(t), nil
	case bool:
		return strconv.FormatBool(t), nil
	case nil:
		return "null", nil
	}
	return "", unrepresentable("dict key that is not a string or a number")
}

func isStringPrefix(s string) bool {
	n := 0
	for n < len(s) && n < 2 && strings.IndexByte("rRuUbBfF", s[n]) >= 0 {
		n++
	}
	return n > 0 && n < len(s) && (s[n] == '"' || s[n] == '\'')
}

// strings reads one string literal, or several adjacent ones joined.
func (p *pyParser) strings() (any, error) {
	var b strings.Builder
	for first := true; ; first = false {
		p.space()
		if !first && !(p.peek() == '"' || p.peek() == '\'' || isStringPrefix(p.s[p.i:])) {
			return b.String(), nil
		}
		raw := false
		for p.i < len(p.s) && p.s[p.i] != '"' && p.s[p.i] != '\'' {
			switch p.s[p.i] {
			case 'r', 'R':
				raw = true
			case 'b', 'B':
				return nil, unrepresentable("bytes value")
			case 'f', 'F':
				return nil, errNotValue // an f-string is not a literal
			}
			p.i++
		}
		s, err := p.quoted(raw)
		if err != nil {
			return nil, err
		}
		b.WriteString(s)
	}
}

// quoted reads a quoted string at p.i, single or triple.
func (p *pyParser) quoted(raw bool) (string, error) {
	q := p.s[p.i]
	delim := string(q)
	if strings.HasPrefix(p.s[p.i:], strings.Repeat(delim, 3)) {
		delim = strings.Repeat(delim, 3)
	}
	p.i += len(delim)
	var b strings.Builder
	for {
		if p.i >= len(p.s) {
			return "", errNotValue
		}
		if strings.HasPrefix(p.s[p.i:], delim) {
			p.i += len(delim)
			return b.String(), nil
		}
		c := p.s[p.i]
		if c == '\n' && len(delim) == 1 {
			return "", errNotValue
		}
		if c != '\\' {
			b.WriteByte(c)
			p.i++
			continue
		}
		if p.i+1 >= len(p.s) {
			return "", errNotValue
		}
		if raw {
			b.WriteString(p.s[p.i : p.i+2])
			p.i += 2
			continue
		}
		if err := p.escape(&b); err != nil {
			return "", err
		}
	}
}

// escape reads one backslash escape of a (non-raw) string.
func (p *pyParser) escape(b *strings.Builder) error {
	c := p.s[p.i+1]
	simple := map[byte]string{'\n': "", '\\': "\\", '\'': "'", '"': "\"", 'a': "\a", 'b': "\b", 'f': "\f", 'n': "\n", 'r': "\r", 't': "\t", 'v': "\v"}
	if s, ok := simple[c]; ok {
		b.WriteString(s)
		p.i += 2
		return nil
	}
	hexLen := map[byte]int{'x': 2, 'u': 4, 'U': 8}
	if n, ok := hexLen[c]; ok {
		if p.i+2+n > len(p.s) {
			return errNotValue
		}
		r, err := strconv.ParseUint(p.s[p.i+2:p.i+2+n], 16, 32)
		if err != nil || r > utf8.MaxRune {
			return errNotValue
		}
		if r >= 0xd800 && r < 0xe000 {
			return unrepresentable("lone surrogate")
		}
		b.WriteRune(rune(r))
		p.i += 2 + n
		return nil
	}
	if c >= '0' && c <= '7' {
		j := p.i + 1
		for j < len(p.s) && j < p.i+4 && p.s[j] >= '0' && p.s[j] <= '7' {
			j++
		}
		r, _ := strconv.ParseUint(p.s[p.i+1:j], 8, 32)
		b.WriteRune(rune(r))
		p.i = j
		return nil
	}
	if c == 'N' {
		return errNotValue // \N{name}: not supported here
	}
	b.WriteByte('\\') // an unknown escape keeps its backslash
	p.i++
	return nil
}

// number reads a signed int or float literal.
func (p *pyParser) number() (any, error) {
	neg := false
	for p.peek() == '-' || p.peek() == '+' {
		if p.peek() == '-' {
			neg = !neg
		}
		p.i++
		p.space()
	}
	j := p.i
	for j < len(p.s) && (isNameByte(p.s, j) || p.s[j] == '.' ||
		((p.s[j] == '+' || p.s[j] == '-') && j > p.i && (p.s[j-1]|0x20) == 'e' && !strings.HasPrefix(strings.ToLower(p.s[p.i:]), "0x"))) {
		j++
	}
	lit := strings.ReplaceAll(p.s[p.i:j], "_", "")
	if lit == "" || strings.Contains(p.s[p.i:j], "__") || strings.HasSuffix(p.s[p.i:j], "_") {
		return nil, errNotValue
	}
	p.i = j
	if strings.HasSuffix(lit, "j") || strings.HasSuffix(lit, "J") {
		return nil, unrepresentable("complex number")
	}
	if p.i < len(p.s) && p.s[p.i] == '+' || p.i < len(p.s) && p.s[p.i] == '-' {
		return nil, errNotValue // 1+2j and other expressions
	}
	sign := ""
	if neg {
		sign = "-"
	}
	n := new(big.Int)
	base := 10
	digits := lit
	switch {
	case len(lit) > 2 && lit[0] == '0' && strings.ContainsRune("xXoObB", rune(lit[1])):
		base = map[byte]int{'x': 16, 'o': 8, 'b': 2}[lit[1]|0x20]
		digits = lit[2:]
	case strings.ContainsAny(lit, ".eE"):
		f, err := strconv.ParseFloat(lit, 64)
		if err != nil && !isRangeErr(err) {
			return nil, errNotValue
		}
		if math.IsInf(f, 0) {
			return nil, unrepresentable("infinite float")
		}
		if neg {
			f = -f
		}
		return json.Number(pyFloat(f)), nil
	case len(lit) > 1 && lit[0] == '0' && strings.Trim(lit, "0") != "":
		return nil, errNotValue // 012 is not Python 3
	}
	if _, ok := n.SetString(digits, base); !ok {
		return nil, errNotValue
	}
	return json.Number(sign + n.String()), nil
}

func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// pyNumber spells a JSON number as Python writes it back after json.loads:
// integers unchanged, others as float repr.
func pyNumber(s string) (any, error) {
	if !strings.ContainsAny(s, ".eE") {
		return json.Number(s), nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !isRangeErr(err) {
		return nil, errNotValue
	}
	if math.IsInf(f, 0) {
		return nil, fmt.Errorf("cell metadata number %s overflows a float: %w", s, errUnrepresentable)
	}
	return json.Number(pyFloat(f)), nil
}

// pyFloat is Python's repr of a float: the shortest digits that read back,
// with an exponent below 1e-4 and from 1e16.
func pyFloat(f float64) string {
	abs := math.Abs(f)
	if abs != 0 && (abs < 1e-4 || abs >= 1e16) {
		s := strconv.FormatFloat(f, 'e', -1, 64)
		mant, exp, _ := strings.Cut(s, "e")
		if len(exp) == 2 {
			exp = exp[:1] + "0" + exp[1:]
		}
		return mant + "e" + exp
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	if f == 0 && math.Signbit(f) {
		return "-0.0"
	}
	return s
}
