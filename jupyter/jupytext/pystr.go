package jupytext

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The reader follows jupytext, which is written in Python: lines are split,
// stripped and matched as Python's str methods and re module do. These
// helpers give the Python meaning to "line" and "white space".

// ws is Python's \s for str patterns: the characters str.isspace accepts.
const ws = `[\t\n\v\f\r \x{1c}-\x{1f}\x{85}\p{Z}]`

// isSpace reports whether Python's str.isspace holds for r.
func isSpace(r rune) bool {
	return unicode.IsSpace(r) || (r >= 0x1c && r <= 0x1f)
}

func strip(s string) string  { return strings.TrimFunc(s, isSpace) }
func lstrip(s string) string { return strings.TrimLeftFunc(s, isSpace) }
func rstrip(s string) string { return strings.TrimRightFunc(s, isSpace) }

// isBlank is jupytext's _BLANK_LINE: the line is empty or white space.
func isBlank(s string) bool { return strip(s) == "" }

// splitLines splits text as Python's str.splitlines does: at \n, \r, \r\n,
// \v, \f, \x1c, \x1d, \x1e, U+0085, U+2028 and U+2029, with no empty last
// line for a text that ends with a line break.
func splitLines(s string) []string {
	var lines []string
	start := 0
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= 0x80 {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		switch r {
		case '\n', '\v', '\f', 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029:
			lines = append(lines, s[start:i])
			i += size
			start = i
		case '\r':
			lines = append(lines, s[start:i])
			i++
			if i < len(s) && s[i] == '\n' {
				i++
			}
			start = i
		default:
			i += size
		}
	}
	if start < len(s) {
		lines = append(lines, s[start:])
	}
	return lines
}
