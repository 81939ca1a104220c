package export

import (
	"html"
	"strconv"
	"strings"
)

// ansiColors are the eight standard and eight bright terminal colours.
var ansiColors = [16]string{
	"#000000", "#c91b00", "#00a600", "#a68a0d", "#0225c7", "#c930c7", "#00a6b2", "#7f7f7f",
	"#666666", "#e74856", "#16c60c", "#c19c00", "#3b78ff", "#b4009e", "#61d6d6", "#cccccc",
}

// ansiToHTML escapes text and turns ANSI SGR colour codes (as in Python
// tracebacks) into styled spans; other escape sequences are dropped.
func ansiToHTML(s string) string {
	var b strings.Builder
	open := false
	var fg, bg string
	bold := false
	flush := func() {
		if open {
			b.WriteString("</span>")
			open = false
		}
		var style []string
		if fg != "" {
			style = append(style, "color:"+fg)
		}
		if bg != "" {
			style = append(style, "background-color:"+bg)
		}
		if bold {
			style = append(style, "font-weight:bold")
		}
		if len(style) > 0 {
			b.WriteString(`<span style="` + strings.Join(style, ";") + `">`)
			open = true
		}
	}
	for len(s) > 0 {
		i := strings.IndexByte(s, 0x1b)
		if i < 0 {
			b.WriteString(html.EscapeString(s))
			break
		}
		b.WriteString(html.EscapeString(s[:i]))
		s = s[i+1:]
		if len(s) == 0 || s[0] != '[' {
			continue // a lone escape: dropped
		}
		// A CSI sequence: parameters, then a final byte in @..~.
		j := 1
		for j < len(s) && (s[j] < '@' || s[j] > '~') {
			j++
		}
		if j == len(s) {
			break
		}
		params, final := s[1:j], s[j]
		s = s[j+1:]
		if final != 'm' {
			continue
		}
		codes := strings.Split(params, ";")
		for k := 0; k < len(codes); k++ {
			n, err := strconv.Atoi(codes[k])
			if codes[k] == "" {
				n, err = 0, nil
			}
			if err != nil {
				continue
			}
			switch {
			case n == 0:
				fg, bg, bold = "", "", false
			case n == 1:
				bold = true
			case n == 22:
				bold = false
			case n >= 30 && n <= 37:
				fg = ansiColors[n-30]
			case n >= 90 && n <= 97:
				fg = ansiColors[n-90+8]
			case n == 39:
				fg = ""
			case n >= 40 && n <= 47:
				bg = ansiColors[n-40]
			case n >= 100 && n <= 107:
				bg = ansiColors[n-100+8]
			case n == 49:
				bg = ""
			case (n == 38 || n == 48) && k+2 < len(codes) && codes[k+1] == "5":
				k += 2 // 256-colour: not mapped, skipped
			case (n == 38 || n == 48) && k+4 < len(codes) && codes[k+1] == "2":
				r, _ := strconv.Atoi(codes[k+2])
				g, _ := strconv.Atoi(codes[k+3])
				bl, _ := strconv.Atoi(codes[k+4])
				c := "rgb(" + strconv.Itoa(r) + "," + strconv.Itoa(g) + "," + strconv.Itoa(bl) + ")"
				if n == 38 {
					fg = c
				} else {
					bg = c
				}
				k += 4
			}
		}
		flush()
	}
	if open {
		b.WriteString("</span>")
	}
	return b.String()
}

// stripANSI removes escape sequences, for Markdown.
func stripANSI(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		i := strings.IndexByte(s, 0x1b)
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		s = s[i+1:]
		if len(s) > 0 && s[0] == '[' {
			j := 1
			for j < len(s) && (s[j] < '@' || s[j] > '~') {
				j++
			}
			if j < len(s) {
				j++
			}
			s = s[j:]
		}
	}
	return b.String()
}
