package jupytext

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// dumpYAML writes a mapping as PyYAML's safe_dump(default_flow_style=False)
// does for notebook metadata: keys sorted, two-space indent, sequences
// under a key not indented, scalars plain when they read back as the same
// string, else quoted. Long strings are not folded at 80 columns as PyYAML
// folds them.
func dumpYAML(m map[string]any, indent int) ([]string, error) {
	pad := strings.Repeat(" ", indent)
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var out []string
	for _, k := range keys {
		key := pad + yamlString(k) + ":"
		switch v := m[k].(type) {
		case map[string]any:
			if len(v) == 0 {
				out = append(out, key+" {}")
				continue
			}
			sub, err := dumpYAML(v, indent+2)
			if err != nil {
				return nil, err
			}
			out = append(append(out, key), sub...)
		case []any:
			if len(v) == 0 {
				out = append(out, key+" []")
				continue
			}
			sub, err := dumpYAMLList(v, indent)
			if err != nil {
				return nil, err
			}
			out = append(append(out, key), sub...)
		default:
			s, err := yamlScalarText(v, indent)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", k, err)
			}
			out = append(out, key+" "+s)
		}
	}
	return out, nil
}

func dumpYAMLList(list []any, indent int) ([]string, error) {
	pad := strings.Repeat(" ", indent)
	var out []string
	for _, x := range list {
		switch v := x.(type) {
		case map[string]any:
			if len(v) == 0 {
				out = append(out, pad+"- {}")
				continue
			}
			sub, err := dumpYAML(v, indent+2)
			if err != nil {
				return nil, err
			}
			sub[0] = pad + "- " + strings.TrimPrefix(sub[0], pad+"  ")
			out = append(out, sub...)
		case []any:
			if len(v) == 0 {
				out = append(out, pad+"- []")
				continue
			}
			sub, err := dumpYAMLList(v, indent+2)
			if err != nil {
				return nil, err
			}
			sub[0] = pad + "- " + strings.TrimPrefix(sub[0], pad+"  ")
			out = append(out, sub...)
		default:
			s, err := yamlScalarText(v, indent)
			if err != nil {
				return nil, err
			}
			out = append(out, pad+"- "+s)
		}
	}
	return out, nil
}

func yamlScalarText(v any, indent int) (string, error) {
	switch t := v.(type) {
	case nil:
		return "null", nil
	case bool:
		if t {
			return "true", nil
		}
		return "false", nil
	case json.Number:
		return string(t), nil
	case string:
		return yamlStringAt(t, indent), nil
	}
	return "", fmt.Errorf("value %v (%T) cannot be written as YAML", v, v)
}

var yamlPlain = regexp.MustCompile(`^(?:[^-?:,\[\]{}#&*!|>'"%@` + "`" + ` \t][^\t]*|[-?:][^ \t][^\t]*)$`)

// PyYAML's implicit resolvers (YAML 1.1): a plain scalar matching one of
// these is not a string.
var (
	pyYAMLBool  = regexp.MustCompile(`^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$`)
	pyYAMLNull  = regexp.MustCompile(`^(?:~|null|Null|NULL|)$`)
	pyYAMLInt   = regexp.MustCompile(`^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$`)
	pyYAMLFloat = regexp.MustCompile(`^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$`)
	pyYAMLTime  = regexp.MustCompile(`^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$`)
	pyYAMLOther = regexp.MustCompile(`^(?:<<|=)$`)
)

func pyYAMLResolves(s string) bool {
	for _, re := range []*regexp.Regexp{pyYAMLBool, pyYAMLNull, pyYAMLInt, pyYAMLFloat, pyYAMLTime, pyYAMLOther} {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}

// yamlString writes a string plain when PyYAML would, else in single
// quotes, else (line breaks, control or non-ASCII characters) in double
// quotes with escapes.
func yamlString(s string) string { return yamlStringAt(s, 0) }

// yamlStringAt writes a string that is a value at the indent: a line
// break in single quotes is an empty line, then the indent plus two.
func yamlStringAt(s string, indent int) string {
	printable, breaks := true, false
	for _, r := range s {
		if r == '\n' {
			breaks = true
		} else if r < 0x20 || r > 0x7e {
			printable = false
			break
		}
	}
	if printable && breaks && !strings.HasPrefix(s, " ") && !strings.HasSuffix(s, " ") && !strings.Contains(s, " \n") && !strings.Contains(s, "\n ") && !strings.HasPrefix(s, "\n") && !strings.HasSuffix(s, "\n") {
		pad := strings.Repeat(" ", indent+2)
		return "'" + strings.ReplaceAll(strings.ReplaceAll(s, "'", "''"), "\n", "\n\n"+pad) + "'"
	}
	if printable && !breaks && s != "" && yamlPlain.MatchString(s) && !pyYAMLResolves(s) &&
		!strings.Contains(s, ": ") && !strings.Contains(s, " #") && !strings.HasSuffix(s, ":") && !strings.HasSuffix(s, " ") {
		return s
	}
	if printable && !breaks {
		return "'" + strings.ReplaceAll(s, "'", "''") + "'"
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02X`, r)
		case r > 0x7e && r <= 0xff:
			fmt.Fprintf(&b, `\x%02X`, r)
		case r > 0xff && r <= 0xffff:
			fmt.Fprintf(&b, `\u%04X`, r)
		case r > 0xffff:
			fmt.Fprintf(&b, `\U%08X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
