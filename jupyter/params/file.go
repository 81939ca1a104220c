package params

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// LoadFile reads a parameter file: a YAML (or JSON, which is YAML) mapping
// of parameter names to values. Values keep their YAML type until they are
// written as literals of the declared type, as -p values are: a list
// becomes a slice, a date a date. Each value's Origin names the file and
// key, so that a value that does not fit says where it came from.
func LoadFile(path string) ([]Value, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("params: %w", err)
	}
	return ParseFile(b, path)
}

// ParseFile parses a parameter file's content; name is used in errors.
func ParseFile(data []byte, name string) ([]Value, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("params: %s: %w", name, err)
	}
	if len(doc.Content) == 0 {
		return nil, nil // an empty file
	}
	m := doc.Content[0]
	if m.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("params: %s:%d: want a mapping of parameter names to values", name, m.Line)
	}
	var out []Value
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		origin := fmt.Sprintf("%s:%d: key %s", name, k.Line, k.Value)
		raw, err := rawValue(v)
		if err != nil {
			return nil, fmt.Errorf("params: %s: %w", origin, err)
		}
		out = append(out, Value{Name: k.Value, Raw: raw, Origin: origin})
	}
	return out, nil
}

// rawValue writes a YAML value in the form -p takes: scalars as they read,
// dates as YYYY-MM-DD, lists joined by commas.
func rawValue(n *yaml.Node) (string, error) {
	switch n.Kind {
	case yaml.ScalarNode:
		return scalar(n)
	case yaml.SequenceNode:
		parts := make([]string, len(n.Content))
		for i, e := range n.Content {
			if e.Kind != yaml.ScalarNode {
				return "", fmt.Errorf("element %d of the list is not a single value", i+1)
			}
			s, err := scalar(e)
			if err != nil {
				return "", err
			}
			if strings.Contains(s, ",") {
				return "", fmt.Errorf("element %d of the list, %q, holds a comma", i+1, s)
			}
			parts[i] = s
		}
		return strings.Join(parts, ","), nil
	case yaml.AliasNode:
		return rawValue(n.Alias)
	}
	return "", fmt.Errorf("a mapping is not a parameter value")
}

func scalar(n *yaml.Node) (string, error) {
	switch n.ShortTag() {
	case "!!null":
		return "", fmt.Errorf("null is not a parameter value")
	case "!!timestamp":
		var t time.Time
		if err := n.Decode(&t); err != nil {
			return "", err
		}
		if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
			return t.Format("2006-01-02"), nil
		}
		return t.Format(time.RFC3339), nil
	case "!!float":
		var f float64
		if err := n.Decode(&f); err != nil {
			return "", err
		}
		return strconv.FormatFloat(f, 'g', -1, 64), nil
	}
	return n.Value, nil
}
