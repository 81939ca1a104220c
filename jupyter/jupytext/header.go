package jupytext

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
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
	coding := regexp.MustCompile(`^[ \t\f]*` + regexp.QuoteMeta(comment) + `.*?coding[:=][ \t]*([-_.a-zA-Z0-9]+)`)
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
	if n.Style == 0 { // plain and untagged
		if b, ok := yaml11Bool[n.Value]; ok {
			return b, nil
		}
	}
	switch n.ShortTag() {
	case "!!null":
		return nil, nil
	case "!!bool":
		var b bool
		if err := n.Decode(&b); err != nil {
			return nil, err
		}
		return b, nil
	case "!!int":
		var i int64
		if err := n.Decode(&i); err != nil {
			return nil, fmt.Errorf("line %d: integer %s out of range", n.Line, n.Value)
		}
		return json.Number(strconv.FormatInt(i, 10)), nil
	case "!!float":
		var f float64
		if err := n.Decode(&f); err != nil {
			return nil, err
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("line %d: %s cannot be stored in a notebook", n.Line, n.Value)
		}
		return json.Number(pyFloat(f)), nil
	case "!!timestamp":
		return nil, fmt.Errorf("line %d: the date %s cannot be stored in a notebook (quote it)", n.Line, n.Value)
	case "!!binary":
		return nil, fmt.Errorf("line %d: binary data cannot be stored in a notebook", n.Line)
	}
	return n.Value, nil
}
