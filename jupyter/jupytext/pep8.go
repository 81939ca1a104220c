package jupytext

import "strings"

// jupytext keeps PEP 8's blank lines between the cells of a Python script:
// two before and after a function or class, one elsewhere. A cell whose
// blank lines after it differ from that count records them in its
// lines_to_next_cell metadata. These functions count as jupytext's pep8.py.

// startsWithDef reports whether the first line of code (skipping comments,
// decorators and indented lines) defines a function or class.
func startsWithDef(lines []string) bool {
	q := newQuotes("python")
	for i, line := range lines {
		if q.quoted() {
			q.read(line)
			continue
		}
		q.read(line)
		if strip(line) == "" {
			if i > 0 && strip(lines[i-1]) == "" {
				return false
			}
			continue
		}
		if isDef(line) {
			return true
		}
		if strings.HasPrefix(line, "#") || strings.HasPrefix(line, "@") || strings.HasPrefix(line, " ") || strings.HasPrefix(line, ")") {
			continue
		}
		return false
	}
	return false
}

func isDef(line string) bool {
	return strings.HasPrefix(line, "def ") || strings.HasPrefix(line, "async ") || strings.HasPrefix(line, "class ")
}

// endsWithDef reports whether the last unindented line of code, outside
// strings, is in a function or class.
func endsWithDef(lines []string) bool {
	var outside []string
	q := newQuotes("python")
	for _, line := range lines {
		if !q.quoted() {
			outside = append(outside, line)
		}
		q.read(line)
	}
	for i := len(outside) - 1; i >= 0; i-- {
		line := outside[i]
		if strip(line) == "" {
			if i < len(outside)-1 && strip(outside[i+1]) == "" {
				return false
			}
			continue
		}
		if strings.HasPrefix(line, "#") || strings.HasPrefix(line, " ") || strings.HasPrefix(line, ")") {
			continue
		}
		return isDef(line)
	}
	return false
}

func endsWithCode(lines []string) bool {
	if len(lines) == 0 {
		return false
	}
	last := lines[len(lines)-1]
	return strip(last) != "" && !strings.HasPrefix(last, "#")
}

func hasCode(lines []string) bool {
	for i, line := range lines {
		s := strip(line)
		if strings.HasPrefix(s, "#") {
			continue
		}
		if s == "" {
			if i > 0 && strip(lines[i-1]) == "" {
				return false
			}
			continue
		}
		return true
	}
	return false
}

// pep8Lines is the number of blank lines jupytext expects between a cell
// (its lines as in the file) and the lines after it; 1 outside Python.
func pep8Lines(prev, next []string, py bool) int {
	switch {
	case len(next) == 0:
		return 1
	case len(prev) == 0:
		return 0
	case !py:
		return 1
	case endsWithDef(prev):
		if hasCode(next) {
			return 2
		}
		return 1
	case endsWithCode(prev) && startsWithDef(next):
		return 2
	}
	return 1
}
