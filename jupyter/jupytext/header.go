package jupytext

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

var (
	yamlFence    = regexp.MustCompile(`^---` + ws + `*$`)
	jupyterStart = regexp.MustCompile(`^jupyter` + ws + `*:` + ws + `*$`)
)

// header is what precedes the cells: the notebook's metadata (the YAML
// under "jupyter:", plus the shebang and coding lines), and the other
// YAML lines, which jupytext keeps as a first raw cell.
type header struct {
	metadata   map[string]any
	hasJupyter bool
	// raw is the source of the raw cell holding the YAML outside
	// "jupyter:", with its lines_to_next_cell (-1: none).
	raw          *string
	rawLinesNext int
	next         int // index of the first line after the header
}

// uncommentHeader removes the comment marker, with one space after it.
func uncommentHeader(line, comment string) string {
	if rest, ok := strings.CutPrefix(line, comment+" "); ok {
		return rest
	}
	return strings.TrimPrefix(line, comment)
}

// readHeader reads the header as jupytext's header_to_metadata_and_cell.
func readHeader(lines []string, comment string, py bool) (header, error) {
	h := header{metadata: map[string]any{}, rawLinesNext: -1}
	jt := map[string]any{}
	coding := markersOf[comment].coding
	var other, jupyter []string
	inJupyter, started, ended := false, false, false
	start, i := 0, -1
	for i = 0; i < len(lines); i++ {
		line := lines[i]
		if i == 0 && strings.HasPrefix(line, "#!") {
			jt["executable"] = line[2:]
			start = i + 1
			continue
		}
		if i == 0 || (i == 1 && !coding.MatchString(lines[0])) {
			if m := coding.FindStringSubmatch(line); m != nil {
				if m[1] != "utf-8" {
					return h, &ParseError{Line: i + 1, Msg: fmt.Sprintf("encoding %s: only utf-8 is supported", m[1])}
				}
				jt["encoding"] = line
				start = i + 1
				continue
			}
		}
		if !strings.HasPrefix(line, comment) {
			break
		}
		line = uncommentHeader(line, comment)
		if yamlFence.MatchString(line) {
			if !started {
				started = true
				continue
			}
			ended = true
			break
		}
		if !started && strip(line) != "" {
			break
		}
		if jupyterStart.MatchString(line) {
			inJupyter = true
		} else if line != "" && !isSpace(firstRune(line)) {
			inJupyter = false
		}
		if inJupyter {
			jupyter = append(jupyter, line)
		} else {
			other = append(other, line)
		}
	}
	if !ended {
		if len(jt) > 0 {
			h.metadata["jupytext"] = jt
		}
		h.next = start
		return h, nil
	}
	if len(jupyter) > 0 {
		h.hasJupyter = true
		md, err := decodeYAML(strings.Join(jupyter, "\n"))
		if err != nil {
			return h, &ParseError{Line: i + 1 - len(jupyter), Msg: "YAML header: " + err.Error()}
		}
		top, _ := md.(map[string]any)
		inner, ok := top["jupyter"].(map[string]any)
		if !ok {
			return h, &ParseError{Line: i + 1 - len(jupyter), Msg: `YAML header: "jupyter" is not a mapping`}
		}
		h.metadata = inner
		if len(jt) > 0 {
			sub, _ := h.metadata["jupytext"].(map[string]any)
			if sub == nil {
				sub = map[string]any{}
			}
			for k, v := range jt {
				sub[k] = v
			}
			h.metadata["jupytext"] = sub
		}
	} else if len(jt) > 0 {
		h.metadata["jupytext"] = jt
	}
	linesNext := 1
	if i+1 < len(lines) {
		if !isBlank(uncommentHeader(lines[i+1], comment)) {
			linesNext = 0
		} else {
			i++
		}
	} else {
		linesNext = 0
	}
	if len(other) > 0 {
		src := strings.Join(append(append([]string{"---"}, other...), "---"), "\n")
		h.raw = &src
		if linesNext != pep8Lines([]string{"---"}, lines[i+1:], py) {
			h.rawLinesNext = linesNext
		}
	}
	h.next = i + 1
	return h, nil
}

func firstRune(s string) rune {
	for _, r := range s {
		return r
	}
	return 0
}

// decodeYAML decodes YAML as PyYAML's safe_load reads it into notebook
// metadata: mappings, sequences, strings, numbers, booleans (YAML 1.1's
// yes/no/on/off too) and null.
func decodeYAML(text string) (any, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		return nil, err
	}
	if doc.Kind == 0 {
		return nil, nil
	}
	budget := maxYAMLNodes
	return yamlValue(&doc, 0, &budget)
}

// maxYAMLNodes bounds the values a header expands to: aliases can make a
// few lines stand for very many values.
const maxYAMLNodes = 100000

var yaml11Bool = map[string]bool{
	"yes": true, "Yes": true, "YES": true, "on": true, "On": true, "ON": true,
	"no": false, "No": false, "NO": false, "off": false, "Off": false, "OFF": false,
}

func yamlValue(n *yaml.Node, depth int, budget *int) (any, error) {
	if depth > 200 {
		return nil, errors.New("nested too deeply")
	}
	if *budget--; *budget < 0 {
		return nil, errors.New("too many values (aliases expanding?)")
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return yamlValue(n.Content[0], depth+1, budget)
	case yaml.AliasNode:
		return yamlValue(n.Alias, depth+1, budget)
	case yaml.SequenceNode:
		list := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := yamlValue(c, depth+1, budget)
			if err != nil {
				return nil, err
			}
			list = append(list, v)
		}
		return list, nil
	case yaml.MappingNode:
		m := map[string]any{}
		for j := 0; j+1 < len(n.Content); j += 2 {
			k, v := n.Content[j], n.Content[j+1]
			if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
				return nil, fmt.Errorf("line %d: merge keys are not supported", k.Line)
			}
			if k.Kind != yaml.ScalarNode {
				return nil, fmt.Errorf("line %d: a key that is not a string", k.Line)
			}
			val, err := yamlValue(v, depth+1, budget)
			if err != nil {
				return nil, err
			}
			key, err := yamlKey(k)
			if err != nil {
				return nil, err
			}
			m[key] = val
		}
		return m, nil
	case yaml.ScalarNode:
		return yamlScalar(n)
	}
	return nil, fmt.Errorf("line %d: unsupported YAML node", n.Line)
}

// yamlKey is the JSON key of a scalar YAML key (json.dumps writes numbers,
// booleans and null as strings).
func yamlKey(k *yaml.Node) (string, error) {
	v, err := yamlScalar(k)
	if err != nil {
		return "", err
	}
	return jsonKey(v)
}

func yamlScalar(n *yaml.Node) (any, error) {
	if n.Style == 0 { // plain and untagged: PyYAML's YAML 1.1 resolution
		return pyYAMLPlain(n.Value, n.Line)
	}
	switch n.ShortTag() {
	case "!!null":
		return nil, nil
	case "!!bool", "!!int", "!!float":
		return pyYAMLPlain(n.Value, n.Line)
	case "!!timestamp":
		return nil, fmt.Errorf("line %d: the date %s cannot be stored in a notebook (quote it)", n.Line, n.Value)
	case "!!binary":
		return nil, fmt.Errorf("line %d: binary data cannot be stored in a notebook", n.Line)
	}
	return n.Value, nil
}

// pyYAMLPlain is the value PyYAML's safe_load gives a plain scalar.
func pyYAMLPlain(s string, line int) (any, error) {
	switch {
	case pyYAMLNull.MatchString(s):
		return nil, nil
	case pyYAMLBool.MatchString(s):
		return yaml11Bool[s] || strings.EqualFold(s, "true"), nil
	case pyYAMLInt.MatchString(s):
		return pyYAMLIntValue(s)
	case pyYAMLFloat.MatchString(s):
		v := strings.ToLower(strings.ReplaceAll(s, "_", ""))
		if strings.Contains(v, "inf") || strings.Contains(v, "nan") || strings.Contains(v, ":") {
			if strings.Contains(v, ":") {
				return nil, fmt.Errorf("line %d: sexagesimal number %s is not supported", line, s)
			}
			return nil, fmt.Errorf("line %d: %s cannot be stored in a notebook", line, s)
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsInf(f, 0) {
			return nil, fmt.Errorf("line %d: %s cannot be stored in a notebook", line, s)
		}
		return json.Number(pyFloat(f)), nil
	case pyYAMLTime.MatchString(s):
		return nil, fmt.Errorf("line %d: the date %s cannot be stored in a notebook (quote it)", line, s)
	}
	return s, nil
}

func pyYAMLIntValue(s string) (any, error) {
	v := strings.ReplaceAll(s, "_", "")
	sign := ""
	if v[0] == '-' || v[0] == '+' {
		if v[0] == '-' {
			sign = "-"
		}
		v = v[1:]
	}
	n := new(big.Int)
	ok := true
	switch {
	case v == "0":
		n.SetInt64(0)
	case strings.HasPrefix(v, "0b"):
		_, ok = n.SetString(v[2:], 2)
	case strings.HasPrefix(v, "0x"):
		_, ok = n.SetString(v[2:], 16)
	case strings.HasPrefix(v, "0"):
		_, ok = n.SetString(v[1:], 8)
	case strings.Contains(v, ":"):
		for _, part := range strings.Split(v, ":") {
			d, err := strconv.Atoi(part)
			if err != nil {
				return nil, err
			}
			n.Mul(n, big.NewInt(60)).Add(n, big.NewInt(int64(d)))
		}
	default:
		_, ok = n.SetString(v, 10)
	}
	if !ok {
		return nil, fmt.Errorf("bad integer %s", s)
	}
	if sign == "-" {
		n.Neg(n)
	}
	return json.Number(n.String()), nil
}
