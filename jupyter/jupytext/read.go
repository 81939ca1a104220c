package jupytext

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/rotationlab/rotation/jupyter/nbformat"
)

// Options say how to read a text notebook.
type Options struct {
	// Language is the script's language, which sets its comment marker:
	// Python ("#") or Go ("//"). Required.
	Language Language
	// Name names the notebook in errors (its file name, say).
	Name string
}

// ErrInvalid is wrapped by every *ParseError, for errors.Is.
var ErrInvalid = errors.New("jupytext: invalid text notebook")

// ParseError is a problem with a text notebook, with its place.
type ParseError struct {
	File string
	// Line counts from 1; 0 when the problem is the whole file.
	Line int
	Msg  string
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("jupytext: %s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("jupytext: %s: %s", e.File, e.Msg)
}

func (e *ParseError) Unwrap() error { return ErrInvalid }

// ReadFile reads a text notebook, in the language of its extension (.py,
// .go).
func ReadFile(path string) (*nbformat.Notebook, error) {
	lang, ok := LanguageOf(path)
	if !ok {
		return nil, fmt.Errorf("jupytext: %s: not a text notebook (want a .py or .go file)", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("jupytext: %w", err)
	}
	defer f.Close()
	return Read(f, Options{Language: lang, Name: path})
}

// Read reads a notebook in jupytext's percent format (or its hydrogen
// variant, when the header names it) and returns it as nbformat 4.5, with
// deterministic cell ids. Errors about the text are *ParseError.
func Read(r io.Reader, opt Options) (*nbformat.Notebook, error) {
	name := opt.Name
	if name == "" {
		name = "notebook"
	}
	comment := opt.Language.Comment()
	if opt.Language != Python && opt.Language != Go {
		return nil, fmt.Errorf("jupytext: %s: language %q not supported (want %q or %q)", name, opt.Language, Python, Go)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("jupytext: %s: %w", name, err)
	}
	if !utf8.Valid(data) {
		return nil, &ParseError{File: name, Msg: "not valid UTF-8"}
	}
	nb, err := parse(splitLines(string(data)), opt.Language, comment)
	if err != nil {
		var pe *ParseError
		if errors.As(err, &pe) {
			pe.File = name
			return nil, pe
		}
		return nil, &ParseError{File: name, Msg: err.Error()}
	}
	return nb, nil
}

// A reader holds what the cells of one notebook share.
type reader struct {
	file        Language
	ext         string // ".py" or ".go"
	comment     string
	py          bool   // PEP 8 blank lines count (Python files)
	lang        string // the notebook's language (kernel or main_language)
	magics      bool   // magics are commented (percent; not hydrogen)
	start, alt  *regexp.Regexp
	jsonOptions bool // some cell's options were JSON
}

var gonbMagic = regexp.MustCompile(`^((//` + ws + `*)*)(//` + ws + `*gonb:%%)`)

// markers are the patterns of one comment marker's files: cell markers
// (with options, or bare), the coding line, and the lines jupytext's
// format guess counts as markers.
type markers struct {
	start, alt, coding, guess *regexp.Regexp
}

var markersOf = map[string]markers{"#": newMarkers("#"), "//": newMarkers("//")}

func newMarkers(comment string) markers {
	q := regexp.QuoteMeta(comment)
	return markers{
		start:  regexp.MustCompile(`^` + ws + `*` + q + ws + `*%%(%*)` + ws + `(.*)$`),
		alt:    regexp.MustCompile(`^` + ws + `*` + q + ws + `*(%%|<codecell>|In\[[0-9 ]*\]:?)` + ws + `*$`),
		coding: regexp.MustCompile(`^[ \t\f]*` + q + `.*?coding[:=][ \t]*([-_.a-zA-Z0-9]+)`),
		guess:  regexp.MustCompile(`^` + q + `(?:( %%|%%)($|` + ws + `)|( <codecell>| In\[[0-9 ]*\]:?))`),
	}
}

func parse(lines []string, file Language, comment string) (*nbformat.Notebook, error) {
	py := file == Python
	h, err := readHeader(lines, comment, py)
	if err != nil {
		return nil, err
	}
	ext := "." + string(file)
	if file == Python {
		ext = ".py"
	}
	format, err := formatOf(lines, h, ext, file, comment)
	if err != nil {
		return nil, err
	}
	md := h.metadata
	m := markersOf[comment]
	r := &reader{
		file: file, ext: ext, comment: comment, py: py,
		lang:   defaultLanguage(md, file),
		magics: format == "percent",
		start:  m.start,
		alt:    m.alt,
	}
	jt, _ := md["jupytext"].(map[string]any)
	if b, ok := jt["comment_magics"].(bool); ok {
		r.magics = b
	}
	var cells []*nbformat.Cell
	if h.raw != nil {
		c := &nbformat.Cell{Type: nbformat.Raw, Source: *h.raw, Metadata: map[string]any{}}
		if h.rawLinesNext >= 0 {
			c.Metadata["lines_to_next_cell"] = json.Number(fmt.Sprint(h.rawLinesNext))
		}
		cells = append(cells, c)
	}
	for pos := h.next; pos < len(lines); {
		c, n, err := r.cell(lines[pos:])
		if err != nil {
			return nil, &ParseError{Line: pos + 1, Msg: err.Error()}
		}
		cells = append(cells, c)
		pos += n
	}
	if err := cellLanguages(md, cells, file, jt); err != nil {
		return nil, err
	}
	setFilters(md, h.hasJupyter, cells)
	jt = jupytextMetadata(md)
	if r.jsonOptions {
		if _, ok := jt["cell_metadata_json"]; !ok {
			jt["cell_metadata_json"] = true
		}
	}
	tr, _ := jt["text_representation"].(map[string]any)
	if tr == nil {
		tr = map[string]any{}
	}
	tr["extension"] = ext
	tr["format_name"] = format
	jt["text_representation"] = tr
	nb := &nbformat.Notebook{Format: 4, Minor: 5, Metadata: md, Cells: cells, Extra: map[string]any{}}
	nb.AssignIDs()
	return nb, nil
}

// jupytextMetadata returns metadata.jupytext, made a mapping if it was not.
func jupytextMetadata(md map[string]any) map[string]any {
	jt, ok := md["jupytext"].(map[string]any)
	if !ok {
		jt = map[string]any{}
		md["jupytext"] = jt
	}
	return jt
}

// formatOf is the format jupytext reads the file in: the one the header
// names, else its guess from the lines (percent, or hydrogen when magics
// are not commented). Other formats are an error: this package reads
// only these two.
func formatOf(lines []string, h header, ext string, file Language, comment string) (string, error) {
	name := namedFormat(h.metadata, ext)
	if name == "" {
		name = guessFormat(lines[h.next:], file, comment)
		if name == "" {
			if slices.ContainsFunc(lines[h.next:], func(l string) bool { return !isBlank(l) }) {
				return "", fmt.Errorf("no %s %%%% cell marker: not a notebook in jupytext's percent format (jupytext would read it in its light format)", comment)
			}
			name = "percent"
		}
	}
	if name != "percent" && name != "hydrogen" {
		return "", fmt.Errorf("the header says the format is %q: only jupytext's percent (and hydrogen) format is read here", name)
	}
	return name, nil
}

// namedFormat is the format the metadata names for the extension, or "".
func namedFormat(md map[string]any, ext string) string {
	jt, _ := md["jupytext"].(map[string]any)
	tr, _ := jt["text_representation"].(map[string]any)
	if e, _ := tr["extension"].(string); strings.HasSuffix(e, ext) {
		if f, _ := tr["format_name"].(string); f != "" {
			return f
		}
	}
	formats, _ := jt["formats"].(string)
	for _, f := range strings.Split(formats, ",") {
		path, fmtName, _ := strings.Cut(strip(f), ":")
		if i := strings.LastIndexAny(path, "/."); i >= 0 {
			path = path[i+1:]
		}
		if "."+path == ext {
			return fmtName
		}
	}
	if _, ok := tr["format_name"]; ok {
		return "light" // jupytext's default for scripts
	}
	return ""
}

// guessFormat is jupytext's guess for a script whose header names no
// format: percent if a line is a %% marker, hydrogen if, moreover, a line
// is an uncommented magic; "" when no line is a marker.
func guessFormat(lines []string, file Language, comment string) string {
	marker := markersOf[comment].guess
	markers, magics := 0, 0
	quotes := newQuotes("python")
	for _, line := range lines {
		quotes.read(line)
		if quotes.quoted() {
			continue
		}
		if marker.MatchString(line) {
			markers++
		}
		if !strings.HasPrefix(line, comment) && isMagic(line, string(file), false) {
			magics++
		}
	}
	switch {
	case markers == 0:
		return ""
	case magics > 0:
		return "hydrogen"
	}
	return "percent"
}

// cell reads the cell at the start of lines and returns it with the number
// of lines it takes.
func (r *reader) cell(lines []string) (*nbformat.Cell, int, error) {
	md := map[string]any{}
	if r.start.MatchString(lines[0]) {
		line := uncommentLine(lines[0], r.comment)
		opts := line[strings.Index(line, "%%")+2:]
		r.jsonOptions = r.jsonOptions || isJSONOptions(opts)
		var err error
		if md, err = r.options(opts); err != nil {
			return nil, 0, err
		}
	}
	lang := ""
	if v, ok := md["language"]; ok {
		s, isStr := v.(string)
		if !isStr {
			return nil, 0, fmt.Errorf("cell metadata language=%v is not a string", v)
		}
		lang = s
		delete(md, "language")
	}
	comment := r.comment
	var cellType string
	if v, ok := md["cell_type"]; ok {
		cellType, _ = v.(string)
		if cellType == "" {
			cellType = "other"
		}
		delete(md, "cell_type")
	} else {
		inNotebook, err := isActive("ipynb", md, true)
		if err != nil {
			return nil, 0, err
		}
		if !inNotebook {
			if md["active"] == "" {
				delete(md, "active")
			}
			cellType = "raw"
			if inScript, err := isActive(r.ext[1:], md, true); err != nil {
				return nil, 0, err
			} else if inScript {
				comment = ""
			}
		} else {
			cellType = "code"
		}
	}
	// The cell ends before the next marker outside a string, less one or
	// two blank lines.
	quotes := newQuotes(or(lang, r.lang))
	next := len(lines)
	for i, line := range lines {
		if quotes.quoted() {
			quotes.read(line)
			continue
		}
		quotes.read(line)
		if i > 0 && (r.start.MatchString(line) || r.alt.MatchString(line)) {
			next = i
			break
		}
	}
	end := next
	switch {
	case lastTwoBlank(lines[:next]):
		end = next - 2
	case next > 0 && isBlank(lines[next-1]):
		end = next - 1
	}
	begin := 0
	if r.start.MatchString(lines[0]) || r.alt.MatchString(lines[0]) {
		begin = 1
	}
	org := lines[begin:end]
	content, err := r.content(slices.Clone(org), md, cellType, lang, comment)
	if err != nil {
		return nil, 0, err
	}
	linesNext := 1
	if end < len(lines) {
		linesNext = next - end
		if next >= len(lines) {
			linesNext++
		}
	}
	want := 1
	if r.py {
		if len(org) == 0 {
			org = []string{""}
		}
		want = pep8Lines(org, lines[next:], true)
	}
	if linesNext != want {
		md["lines_to_next_cell"] = json.Number(fmt.Sprint(linesNext))
	}
	if lang != "" {
		md["language"] = lang
	}
	c := &nbformat.Cell{Source: strings.Join(content, "\n"), Metadata: md}
	switch cellType {
	case "code":
		c.Type = nbformat.Code
	case "markdown":
		c.Type = nbformat.Markdown
	default:
		c.Type = nbformat.Raw
	}
	return c, next, nil
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// options reads the text after a cell marker's %%: title, cell type,
// depth and metadata.
func (r *reader) options(opts string) (map[string]any, error) {
	title, md, err := parseOptions(opts)
	if err != nil {
		return nil, err
	}
	for _, t := range []string{"markdown", "raw", "md"} {
		code := "[" + t + "]"
		if strings.Contains(title, code) {
			title = strip(strings.ReplaceAll(title, code, ""))
			md["cell_type"] = t
			if t == "md" {
				md["region_name"] = "md"
				md["cell_type"] = "markdown"
			}
			break
		}
	}
	depth := 0
	for strings.HasPrefix(title, "%") {
		depth++
		title = title[1:]
	}
	if depth > 0 {
		md["cell_depth"] = json.Number(fmt.Sprint(depth))
		title = strip(title)
	}
	if title != "" {
		md["title"] = title
	}
	return md, nil
}

// content turns a cell's lines in the file into its source lines.
func (r *reader) content(lines []string, md map[string]any, cellType, lang, comment string) ([]string, error) {
	inScript, err := isActive(r.ext[1:], md, cellType == "code")
	if err != nil {
		return nil, err
	}
	if r.py && !inScript {
		if src, marker, ok := tripleQuoted(lines); ok {
			if marker != "" {
				md["cell_marker"] = marker
			}
			return src, nil
		}
	}
	if inScript, _ = isActive(r.ext[1:], md, true); !inScript {
		return uncomment(lines, comment), nil
	}
	if _, ok := md["active"]; !ok && lang != "" && lang != r.lang {
		return uncomment(lines, comment), nil
	}
	if r.magics {
		uncommentMagics(lines, or(lang, r.lang), true)
	}
	if r.lang == "go" && lang == "" {
		for i, l := range lines {
			lines[i] = gonbMagic.ReplaceAllString(l, "${1}%%")
		}
	}
	if cellType == "code" {
		unescapeCodeStarts(lines, r.comment, or(lang, r.lang))
		return lines, nil
	}
	return uncomment(lines, comment), nil
}

// tripleQuoted reads a Python cell written as one (raw) triple-quoted
// string, as jupytext writes markdown with cell_marker metadata.
func tripleQuoted(lines []string) (src []string, marker string, ok bool) {
	text := strip(strings.Join(lines, "\n"))
	for _, prefix := range []string{"", "r", "R"} {
		for _, q := range []string{`"""`, `'''`} {
			left, right := prefix+q, q
			if !strings.HasPrefix(text, left) || !strings.HasSuffix(text, right) || len(text) < len(left)+len(right) {
				continue
			}
			text = text[len(left) : len(text)-len(right)]
			if t, cut := strings.CutPrefix(text, "\n"); cut {
				text, left = t, left+"\n"
			}
			if t, cut := strings.CutSuffix(text, "\n"); cut {
				text, right = t, "\n"+right
			}
			switch {
			case prefix == "":
				if len(left) == 4 && len(right) == 4 {
					marker = left[:3]
				}
			case len(left) == 5 && len(right) == 4:
				marker = left[:4]
			default:
				marker = left + "," + right
			}
			return splitLines(text), marker, true
		}
	}
	return nil, "", false
}

// uncomment removes the comment marker, and a space after it, from the
// lines that start with it.
func uncomment(lines []string, comment string) []string {
	if comment == "" {
		return lines
	}
	for i, l := range lines {
		lines[i] = uncommentLine(l, comment)
	}
	return lines
}

func uncommentLine(l, comment string) string {
	if rest, ok := strings.CutPrefix(l, comment+" "); ok {
		return rest
	}
	return strings.TrimPrefix(l, comment)
}

func lastTwoBlank(lines []string) bool {
	n := len(lines)
	return n >= 3 && !isBlank(lines[n-3]) && isBlank(lines[n-2]) && isBlank(lines[n-1])
}

// isActive reports whether the cell runs in files of the extension (no
// dot): jupytext's frozen cells, active-EXT tags and "active" metadata.
func isActive(ext string, md map[string]any, def bool) (bool, error) {
	if rc, ok := md["run_control"].(map[string]any); ok && rc["frozen"] == true {
		return ext == "ipynb", nil
	}
	if tags, ok := md["tags"].([]any); ok {
		for _, t := range tags {
			if s, ok := t.(string); ok && strings.HasPrefix(s, "active-") {
				return slices.Contains(strings.Split(s, "-"), ext), nil
			}
		}
	}
	v, ok := md["active"]
	if !ok {
		return def, nil
	}
	s, ok := v.(string)
	if !ok {
		return false, fmt.Errorf("cell metadata active=%v is not a string", v)
	}
	return slices.Contains(strings.FieldsFunc(s, func(r rune) bool { return r == '.' || r == ',' }), ext), nil
}

// cellLanguages does what jupytext's set_main_and_cell_language does on
// reading: it records the main language when the kernelspec has none, and
// turns a cell's "language" metadata (other than the notebook's) into a
// %%language cell magic.
func cellLanguages(md map[string]any, cells []*nbformat.Cell, file Language, jt map[string]any) error {
	main := defaultLanguage(md, file)
	ks, _ := md["kernelspec"].(map[string]any)
	if _, ok := ks["language"]; !ok && len(cells) > 0 {
		jupytextMetadata(md)["main_language"] = main
	}
	custom := map[string]bool{}
	for _, key := range []string{"custom_cell_magics", "custom_language_magics"} {
		s, _ := jt[key].(string)
		for _, m := range strings.Split(s, ",") {
			custom[m] = true
		}
	}
	for _, c := range cells {
		v, ok := c.Metadata["language"]
		if !ok {
			continue
		}
		lang, ok := v.(string)
		if !ok {
			return fmt.Errorf("cell metadata language=%v is not a string", v)
		}
		if lang == main {
			delete(c.Metadata, "language")
			continue
		}
		if usualName(lang) == main || !(cellMagicLanguages[lang] || custom[lang]) {
			continue
		}
		delete(c.Metadata, "language")
		magic := "%%"
		if main == "csharp" {
			magic = "#!"
		}
		head := magic + lang
		if args, ok := c.Metadata["magic_args"]; ok {
			delete(c.Metadata, "magic_args")
			head += " " + pyStr(args)
		}
		c.Source = head + "\n" + c.Source
	}
	return nil
}

// pyStr is Python's str() of a metadata value, as an f-string shows it.
func pyStr(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case nil:
		return "None"
	case bool:
		if t {
			return "True"
		}
		return "False"
	case json.Number:
		return string(t)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// jupytextCellKeys are cell metadata of jupytext's own, never listed in
// a cell metadata filter.
var jupytextCellKeys = []string{"skipline", "noskipline", "cell_marker", "lines_to_next_cell", "lines_to_end_of_cell_marker"}

// defaultNotebookKeys are the notebook metadata jupytext keeps in the
// text header without being told.
var defaultNotebookKeys = []string{"jupytext", "kernelspec", "kernel_info", "orphan", "tocdepth"}

// setFilters records, as jupytext's update_metadata_filters does, which
// metadata the text holds, so that writing the text again keeps them.
// jupytext lists the cell keys in set order; they are sorted here.
func setFilters(md map[string]any, hasJupyter bool, cells []*nbformat.Cell) {
	keySet := map[string]bool{}
	for _, c := range cells {
		for k := range c.Metadata {
			keySet[k] = true
		}
	}
	keys := make([]string, 0, len(keySet))
	for k := range keySet {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	jt, _ := md["jupytext"].(map[string]any)
	if !hasJupyter {
		jt = jupytextMetadata(md)
		jt["notebook_metadata_filter"] = "-all"
		if _, ok := jt["cell_metadata_filter"]; !ok {
			var entries []string
			for _, k := range keys {
				if !slices.Contains(jupytextCellKeys, k) {
					entries = append(entries, k)
				}
			}
			jt["cell_metadata_filter"] = strings.Join(append(entries, "-all"), ",")
		}
		return
	}
	if f, ok := jt["cell_metadata_filter"]; ok {
		if s, isStr := f.(string); isStr {
			jt["cell_metadata_filter"] = extendCellFilter(s, keys)
		}
		return
	}
	s, _ := jt["notebook_metadata_filter"].(string)
	var filter []string
	for _, k := range strings.Split(s, ",") {
		if k != "" {
			filter = append(filter, k)
		}
	}
	if slices.Contains(filter, "all") || slices.Contains(filter, "-all") {
		return
	}
	top := make([]string, 0, len(md))
	for k := range md {
		top = append(top, k)
	}
	slices.Sort(top)
	for _, k := range top {
		if slices.Contains(defaultNotebookKeys, k) || slices.Contains(filter, k) || slices.Contains(filter, "-"+k) {
			continue
		}
		filter = append(filter, k)
	}
	if len(filter) > 0 {
		jupytextMetadata(md)["notebook_metadata_filter"] = strings.Join(filter, ",")
	}
}

// extendCellFilter adds the keys to a cell metadata filter's included
// keys and takes them out of its excluded ones.
func extendCellFilter(filter string, keys []string) string {
	var add, exc []string
	addAll, excAll := false, false
	for _, k := range strings.Split(filter, ",") {
		k = strip(k)
		switch {
		case strings.HasPrefix(k, "-"):
			exc = append(exc, strip(k[1:]))
		case strings.HasPrefix(k, "+"):
			add = append(add, strip(k[1:]))
		default:
			add = append(add, k)
		}
	}
	if slices.Contains(add, "all") {
		addAll = true
	}
	if slices.Contains(exc, "all") {
		excAll = true
	}
	var entries []string
	if addAll {
		entries = []string{"all"}
	} else {
		for _, k := range add {
			if k != "" && !slices.Contains(jupytextCellKeys, k) {
				entries = append(entries, k)
			}
		}
		for _, k := range keys {
			if !slices.Contains(add, k) && !slices.Contains(jupytextCellKeys, k) {
				entries = append(entries, k)
			}
		}
	}
	if excAll {
		entries = append(entries, "-all")
	} else {
		for _, k := range exc {
			if k != "" && !slices.Contains(keys, k) {
				entries = append(entries, "-"+k)
			}
		}
	}
	return strings.Join(entries, ",")
}
