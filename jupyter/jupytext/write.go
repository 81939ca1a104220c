package jupytext

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/rotationlab/rotation/jupyter/nbformat"
)

// Write returns the notebook in jupytext's percent format for the
// language's files, as jupytext writes it (jupytext --to py:percent, or
// --to go:percent) with its version number left out of the header, so that a
// file written here does not change with jupytext's releases: the header's
// YAML holds the kernelspec (and the other metadata jupytext keeps in a
// text file), each cell follows a "%%" marker line with its title, type and
// metadata, magics are commented, and blank lines between cells follow
// PEP 8 or the cells' lines_to_next_cell. Reading the text back gives the
// notebook's cells, less the metadata jupytext leaves in the .ipynb
// (collapsed, scrolled, ExecuteTime, ...), and no outputs.
//
// Write fails on metadata that cannot be written as YAML or JSON.
func Write(nb *nbformat.Notebook, lang Language) ([]byte, error) {
	if lang != Python && lang != Go {
		return nil, fmt.Errorf("jupytext: language %q not supported (want %q or %q)", lang, Python, Go)
	}
	w := &writer{file: lang, comment: lang.Comment(), py: lang == Python}
	md := nb.Clone().Metadata
	if md == nil {
		md = map[string]any{}
	}
	w.lang = defaultLanguage(md, lang)
	jt, _ := md["jupytext"].(map[string]any)
	w.cellFilter, _ = jt["cell_metadata_filter"].(string)
	w.jsonOptions, _ = jt["cell_metadata_json"].(bool)
	w.cellMarkers, _ = jt["cell_markers"].(string)
	for _, key := range []string{"custom_cell_magics", "custom_language_magics"} {
		s, _ := jt[key].(string)
		for _, m := range strings.Split(s, ",") {
			if m != "" {
				w.custom = append(w.custom, m)
			}
		}
	}
	cells := nb.Cells
	frontMatter := w.frontMatter(&cells)
	var lines []string
	for i := len(cells) - 1; i >= 0; i-- {
		c := cells[i]
		text, err := w.cell(c)
		if err != nil {
			return nil, fmt.Errorf("jupytext: cell %d: %w", i, err)
		}
		n, ok := intValue(c.Metadata["lines_to_next_cell"])
		if !ok {
			n = pep8Lines(text, lines, w.py)
		}
		for range n {
			text = append(text, "")
		}
		lines = append(text, lines...)
	}
	// jupytext guesses the format of a script whose header does not name
	// it: where the guess would not be percent (an indented magic, which
	// the guess takes for an uncommented one), the header names it.
	pin := guessFormat(lines, w.file, w.comment) != "percent"
	header, err := w.header(md, frontMatter, pin)
	if err != nil {
		return nil, err
	}
	out := append(w.preamble(md, nb.Cells), header...)
	n := w.headerLinesNext
	if n < 0 {
		n = pep8Lines(header, lines, w.py)
	}
	for range n {
		out = append(out, "")
	}
	out = append(out, lines...)
	text := strings.Join(out, "\n")
	if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	return []byte(text), nil
}

type writer struct {
	file            Language
	comment         string
	py              bool
	lang            string
	cellFilter      string
	cellMarkers     string
	jsonOptions     bool
	custom          []string
	headerLinesNext int
}

func intValue(v any) (int, bool) {
	switch t := v.(type) {
	case int:
		return t, true
	case json.Number:
		i, err := strconv.Atoi(string(t))
		return i, err == nil
	}
	return 0, false
}

// preamble is the shebang and coding lines jupytext writes first.
func (w *writer) preamble(md map[string]any, cells []*nbformat.Cell) []string {
	jt, _ := md["jupytext"].(map[string]any)
	var out []string
	if e, ok := jt["executable"].(string); ok {
		out = append(out, "#!"+e)
	}
	if e, ok := jt["encoding"].(string); ok {
		return append(out, e)
	}
	if w.lang != "python" {
		for _, c := range cells {
			for i := 0; i < len(c.Source); i++ {
				if c.Source[i] >= 0x80 {
					return append(out, w.comment+" -*- coding: utf-8 -*-")
				}
			}
		}
	}
	return out
}

var headerFence = regexp.MustCompile(`^---` + ws + `*$`)

// header is the commented YAML header: a first raw cell fenced by "---",
// then the notebook metadata under "jupyter:". It takes that cell off.
func (w *writer) header(md map[string]any, yamlLines []string, pin bool) ([]string, error) {
	kept := headerMetadata(md, w.file)
	if pin {
		jt, _ := kept["jupytext"].(map[string]any)
		if jt == nil {
			jt = map[string]any{}
		}
		jt["text_representation"] = map[string]any{"extension": "." + w.ext(), "format_name": "percent"}
		kept["jupytext"] = jt
	}
	if len(kept) > 0 {
		y, err := dumpYAML(map[string]any{"jupyter": kept}, 0)
		if err != nil {
			return nil, fmt.Errorf("jupytext: notebook metadata: %w", err)
		}
		yamlLines = append(yamlLines, y...)
	}
	if len(yamlLines) == 0 {
		return nil, nil
	}
	all := append(append([]string{"---"}, yamlLines...), "---")
	return commentLines(all, w.comment), nil
}

// frontMatter takes a first raw cell fenced by "---" off the cells: its
// lines start the header.
func (w *writer) frontMatter(cells *[]*nbformat.Cell) []string {
	w.headerLinesNext = -1
	var yamlLines []string
	if len(*cells) > 0 && (*cells)[0].Type == nbformat.Raw {
		c := (*cells)[0]
		ls := splitLines(strings.Trim(c.Source, "\n\t "))
		if len(ls) >= 2 && headerFence.MatchString(ls[0]) && headerFence.MatchString(ls[len(ls)-1]) {
			yamlLines = ls[1 : len(ls)-1]
			if n, ok := intValue(c.Metadata["lines_to_next_cell"]); ok {
				w.headerLinesNext = n
			}
			*cells = (*cells)[1:]
		}
	}
	return yamlLines
}

// headerMetadata is the notebook metadata jupytext writes in the header:
// its default keys (kernelspec, jupytext, ...) and those the notebook's
// notebook_metadata_filter names, less jupytext's own bookkeeping that
// Read adds (text_representation; main_language when it is the kernel's).
func headerMetadata(md map[string]any, file Language) map[string]any {
	out := map[string]any{}
	for k, v := range md {
		out[k] = v
	}
	if jt, ok := out["jupytext"].(map[string]any); ok {
		sub := map[string]any{}
		for k, v := range jt {
			sub[k] = v
		}
		delete(sub, "text_representation")
		delete(sub, "executable") // in the shebang line
		delete(sub, "encoding")   // in the coding line
		ks, _ := md["kernelspec"].(map[string]any)
		kl, _ := ks["language"].(string)
		if kl == "" {
			kl = string(file)
		}
		if ml, ok := sub["main_language"]; ok && ml == kl {
			delete(sub, "main_language")
		}
		if len(sub) == 0 {
			delete(out, "jupytext")
		} else {
			out["jupytext"] = sub
		}
	}
	jt, _ := out["jupytext"].(map[string]any)
	filter, _ := jt["notebook_metadata_filter"].(string)
	keep := filterKeeps(filter, func(k string, add, exc []string) bool {
		return (slices.Contains(add, k) || slices.Contains(defaultNotebookKeys, k)) && !slices.Contains(exc, k)
	})
	for k := range out {
		if !keep(k) || !metadataKey.MatchString(k) {
			delete(out, k)
		}
	}
	return out
}

// filterKeeps is a jupytext metadata filter ("a,b,-c", "all,-c",
// "-all,a") as a test of a key: "all" keeps every key but those taken
// away, "-all" only those added, and otherwise byDefault decides from the
// added and taken-away keys.
func filterKeeps(filter string, byDefault func(k string, add, exc []string) bool) func(string) bool {
	add, exc := parseFilter(filter)
	switch {
	case slices.Contains(add, "all"):
		return func(k string) bool { return !slices.Contains(exc, k) }
	case slices.Contains(exc, "all"):
		return func(k string) bool { return slices.Contains(add, k) }
	}
	return func(k string) bool { return byDefault(k, add, exc) }
}

func parseFilter(s string) (add, exc []string) {
	for _, k := range strings.Split(s, ",") {
		k = strip(k)
		switch {
		case k == "":
		case strings.HasPrefix(k, "-"):
			exc = append(exc, strip(k[1:]))
		case strings.HasPrefix(k, "+"):
			add = append(add, strip(k[1:]))
		default:
			add = append(add, k)
		}
	}
	return add, exc
}

// commentLines comments lines as jupytext's comment_lines: marker, space,
// line; an empty line becomes the marker alone.
func commentLines(lines []string, comment string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		if l == "" {
			out[i] = comment
		} else {
			out[i] = comment + " " + l
		}
	}
	return out
}

// ignoredCellKeys are the cell metadata jupytext does not write to text
// (its _IGNORE_CELL_METADATA).
var ignoredCellKeys = []string{"autoscroll", "collapsed", "scrolled", "trusted", "execution", "ExecuteTime",
	"skipline", "noskipline", "cell_marker", "lines_to_next_cell", "lines_to_end_of_cell_marker"}

// cellMetadata is the cell's metadata jupytext writes, in the order it
// writes them (the notebook's keys sorted, as nbformat stores them).
func (w *writer) cellMetadata(md map[string]any) ([]string, map[string]any) {
	keep := filterKeeps(w.cellFilter, func(k string, add, exc []string) bool {
		if k == "tags" {
			if t, ok := md["tags"].([]any); ok && len(t) == 0 {
				return false
			}
		}
		return !slices.Contains(exc, k) && (!slices.Contains(ignoredCellKeys, k) || slices.Contains(add, k))
	})
	out := map[string]any{}
	var order []string
	for k, v := range md {
		if keep(k) && metadataKey.MatchString(k) {
			out[k] = v
			order = append(order, k)
		}
	}
	slices.Sort(order)
	return order, out
}

// gonbEscape is jupytext's pattern; like Python, Go's ${1} is the last
// repetition of the group, so "// // %%" loses one "// " as in jupytext.
var gonbEscape = regexp.MustCompile(`^(//` + ws + `*)*(%%` + ws + `*$|%%` + ws + `+-.*$)`)
var goCellMagic = regexp.MustCompile(`^(%%` + ws + `*|%%` + ws + `+-.*)$`)

// cell is the cell's text: its marker line, then its lines.
func (w *writer) cell(c *nbformat.Cell) ([]string, error) {
	source := []string{""}
	if c.Source != "" {
		source = splitLines(c.Source)
		if strings.HasSuffix(c.Source, "\n") {
			source = append(source, "")
		}
	}
	order, md := w.cellMetadata(c.Metadata)
	// A first line %%lang is the cell's language (jupytext's cell_language).
	lang := ""
	if len(source) > 0 && !(w.lang == "go" && goCellMagic.MatchString(source[0])) && strings.HasPrefix(source[0], "%%") {
		l, args, _ := strings.Cut(source[0][2:], " ")
		if cellMagicLanguages[l] || slices.Contains(w.custom, l) {
			lang = l
			source = source[1:]
			if args != "" {
				md["magic_args"] = args
				order = append(order, "magic_args")
			}
		}
	}
	if lang != "" {
		md["language"] = lang
		order = append(order, "language")
	}
	if lang == "" {
		lang, _ = c.Metadata["language"].(string)
	}
	if lang == "" {
		lang = w.lang
	}
	if c.Type == nbformat.Raw {
		if _, ok := md["active"]; !ok && !hasActiveTag(md) {
			md["active"] = ""
			order = append(order, "active")
		}
	}
	if w.lang == "go" && lang == "go" {
		for i, l := range source {
			source[i] = gonbEscape.ReplaceAllString(l, "${1}//gonb:${2}")
		}
	}
	active, err := isActive(w.ext(), md, usualName(lang) == usualName(w.lang))
	if err != nil {
		return nil, err
	}
	if c.Type == nbformat.Raw && md["active"] == "" {
		delete(md, "active")
		order = slices.DeleteFunc(order, func(k string) bool { return k == "active" })
	}
	_, hasActive := md["active"]
	isCode := c.Type == nbformat.Code || hasActiveTag(md) || (c.Type == nbformat.Raw && hasActive)
	opts, err := w.options(order, md, c.Type, isCode)
	if err != nil {
		return nil, err
	}
	indent := ""
	if isCode && active && len(source) > 0 && strip(source[0]) != "" {
		indent = source[0][:len(source[0])-len(lstrip(source[0]))]
	}
	marker := indent + w.comment + " %%"
	if opts != "" && !strings.HasPrefix(opts, "%") {
		marker += " "
	}
	if strings.Trim(opts, "%") == "" && opts != "" {
		// A depth alone: jupytext writes "# %%%", which is no cell marker
		// (one needs white space after the %s); the space keeps the cell.
		opts += " "
	}
	lines := []string{marker + opts}
	if isCode && active {
		commentMagics(source, lang)
		if len(source) == 1 && source[0] == "" {
			return lines, nil
		}
		return append(lines, source...), nil
	}
	return append(lines, w.markdown(source, c.Metadata)...), nil
}

func (w *writer) ext() string {
	if w.file == Python {
		return "py"
	}
	return string(w.file)
}

func hasActiveTag(md map[string]any) bool {
	tags, _ := md["tags"].([]any)
	for _, t := range tags {
		if s, ok := t.(string); ok && strings.HasPrefix(s, "active-") {
			return true
		}
	}
	return false
}

// options is the text after "%%": depth, title, [type], then metadata.
func (w *writer) options(order []string, md map[string]any, typ nbformat.CellType, isCode bool) (string, error) {
	var text []string
	if t, ok := md["title"].(string); ok {
		text = append(text, t)
		order = slices.DeleteFunc(order, func(k string) bool { return k == "title" })
	}
	if d, ok := intValue(md["cell_depth"]); ok {
		text = append([]string{strings.Repeat("%", d)}, text...)
		order = slices.DeleteFunc(order, func(k string) bool { return k == "cell_depth" })
	}
	if !isCode {
		name := string(typ)
		if r, ok := md["region_name"].(string); ok {
			name = r
			order = slices.DeleteFunc(order, func(k string) bool { return k == "region_name" })
		}
		text = append(text, "["+name+"]")
	}
	order = slices.DeleteFunc(order, func(k string) bool { return slices.Contains(jupytextCellKeys, k) })
	if w.jsonOptions {
		if len(order) > 0 {
			var b bytes.Buffer
			b.WriteByte('{')
			for i, k := range order {
				if i > 0 {
					b.WriteString(", ")
				}
				pyDumps(&b, k)
				b.WriteString(": ")
				if err := pyDumps(&b, md[k]); err != nil {
					return "", err
				}
			}
			b.WriteByte('}')
			text = append(text, b.String())
		}
		return strings.Join(text, " "), nil
	}
	for _, k := range order {
		v := md[k]
		switch {
		case k == badMetadataKey:
			s, _ := v.(string)
			text = append(text, s)
		case v == nil:
			text = append(text, k)
		default:
			var b bytes.Buffer
			if err := pyDumps(&b, v); err != nil {
				return "", err
			}
			text = append(text, k+"="+b.String())
		}
	}
	return strings.Join(text, " "), nil
}

// markdown is the text of a cell shown as comments: commented lines, or a
// triple-quoted string when its cell_marker (or the notebook's
// cell_markers) says so. Like jupytext, it may return lines holding line
// breaks: the blank-line rules see them so.
func (w *writer) markdown(source []string, md map[string]any) []string {
	m, ok := md["cell_marker"].(string)
	if !ok {
		m = w.cellMarkers
	}
	if m != "" {
		var left, right string
		if l, r, found := strings.Cut(m, ","); found {
			left, right = l, r
		} else {
			left = m + "\n"
			if m[0] == 'r' || m[0] == 'R' {
				m = m[1:]
			}
			right = "\n" + m
		}
		isR := len(left) > 0 && (left[0] == 'r' || left[0] == 'R')
		tail := last3(right)
		if (first3(left) == tail || (isR && first3(left[1:]) == tail)) && (tail == `"""` || tail == `'''`) {
			if !isR && strings.Contains(strings.Join(source, "\n"), `\`) {
				left = "r" + left
			}
			out := slices.Clone(source)
			out[0] = left + out[0]
			out[len(out)-1] += right
			return out
		}
	}
	return commentLines(source, w.comment)
}

func first3(s string) string { return s[:min(3, len(s))] }
func last3(s string) string  { return s[max(0, len(s)-3):] }

// commentMagics comments the magics of a code cell (jupytext's
// comment_magic), skipping lines in strings.
func commentMagics(lines []string, lang string) {
	c, ok := commentOf[lang]
	if !ok {
		return
	}
	q := newQuotes(lang)
	next := false
	for i, line := range lines {
		if !q.quoted() && (next || isMagic(line, lang, true)) {
			body, indent := line, ""
			if !next {
				body = lstrip(line)
				indent = line[:len(line)-len(body)]
			}
			lines[i] = indent + c + " " + body
			next = lang == "python" && continued.MatchString(line)
		}
		q.read(line)
	}
}

// pyDumps writes a value as Python's json.dumps does by default: ", " and
// ": " separators, non-ASCII characters escaped, keys in the notebook's
// (sorted) order.
func pyDumps(b *bytes.Buffer, v any) error {
	switch t := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(t))
	case json.Number:
		b.WriteString(string(t))
	case string:
		b.WriteByte('"')
		for _, r := range t {
			switch {
			case r == '"':
				b.WriteString(`\"`)
			case r == '\\':
				b.WriteString(`\\`)
			case r == '\n':
				b.WriteString(`\n`)
			case r == '\r':
				b.WriteString(`\r`)
			case r == '\t':
				b.WriteString(`\t`)
			case r == '\b':
				b.WriteString(`\b`)
			case r == '\f':
				b.WriteString(`\f`)
			case r >= 0x10000:
				r -= 0x10000
				fmt.Fprintf(b, `\u%04x\u%04x`, 0xd800+(r>>10), 0xdc00+(r&0x3ff))
			case r < 0x20 || r > 0x7e:
				fmt.Fprintf(b, `\u%04x`, r)
			default:
				b.WriteRune(r)
			}
		}
		b.WriteByte('"')
	case []any:
		b.WriteByte('[')
		for i, x := range t {
			if i > 0 {
				b.WriteString(", ")
			}
			if err := pyDumps(b, x); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteString(", ")
			}
			pyDumps(b, k)
			b.WriteString(": ")
			if err := pyDumps(b, t[k]); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	default:
		return fmt.Errorf("metadata value %v (%T) cannot be written", v, v)
	}
	return nil
}
