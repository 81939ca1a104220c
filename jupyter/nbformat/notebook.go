package nbformat

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/rotationlab/rotation/internal/atomicfile"
)

// CellType is a cell's cell_type.
type CellType string

// The cell types of nbformat 4.
const (
	Code     CellType = "code"
	Markdown CellType = "markdown"
	Raw      CellType = "raw"
)

// Notebook is an nbformat 4 notebook.
type Notebook struct {
	Format, Minor int
	// Metadata is kept as read: numbers are json.Number, objects
	// map[string]any, arrays []any.
	Metadata map[string]any
	Cells    []*Cell
	// Extra holds top-level fields other than the four standard ones.
	Extra map[string]any
}

// Cell is one cell. Source is the joined text.
type Cell struct {
	ID       string
	Type     CellType
	Source   string
	Metadata map[string]any
	// Outputs and ExecutionCount belong to code cells. ExecutionCount is
	// nil for a cell never run (null in the file).
	Outputs        []Output
	ExecutionCount *int
	// Extra holds fields other than the standard ones (attachments, say).
	Extra map[string]any
}

// KernelSpec is metadata.kernelspec: the kernel a notebook asks for.
type KernelSpec struct {
	Name, DisplayName, Language string
}

// KernelSpec returns metadata.kernelspec (zero fields where absent).
func (nb *Notebook) KernelSpec() KernelSpec {
	m, _ := nb.Metadata["kernelspec"].(map[string]any)
	var ks KernelSpec
	ks.Name, _ = m["name"].(string)
	ks.DisplayName, _ = m["display_name"].(string)
	ks.Language, _ = m["language"].(string)
	return ks
}

// SetKernelSpec replaces metadata.kernelspec.
func (nb *Notebook) SetKernelSpec(ks KernelSpec) {
	if nb.Metadata == nil {
		nb.Metadata = map[string]any{}
	}
	m := map[string]any{"name": ks.Name, "display_name": ks.DisplayName}
	if ks.Language != "" {
		m["language"] = ks.Language
	}
	nb.Metadata["kernelspec"] = m
}

// LanguageInfo is metadata.language_info, as the kernel reported it.
type LanguageInfo struct {
	Name, Version, MimeType, FileExtension, PygmentsLexer string
}

// LanguageInfo returns metadata.language_info (zero fields where absent).
func (nb *Notebook) LanguageInfo() LanguageInfo {
	m, _ := nb.Metadata["language_info"].(map[string]any)
	var li LanguageInfo
	li.Name, _ = m["name"].(string)
	li.Version, _ = m["version"].(string)
	li.MimeType, _ = m["mimetype"].(string)
	li.FileExtension, _ = m["file_extension"].(string)
	li.PygmentsLexer, _ = m["pygments_lexer"].(string)
	return li
}

// SetLanguageInfo replaces metadata.language_info with the kernel's own
// object, kept whole (it may carry fields beyond LanguageInfo's).
func (nb *Notebook) SetLanguageInfo(raw map[string]any) {
	if nb.Metadata == nil {
		nb.Metadata = map[string]any{}
	}
	nb.Metadata["language_info"] = raw
}

// Language returns the notebook's language: language_info's name, else
// the kernelspec's language.
func (nb *Notebook) Language() string {
	if n := nb.LanguageInfo().Name; n != "" {
		return n
	}
	return nb.KernelSpec().Language
}

// Tags returns the cell's metadata.tags.
func (c *Cell) Tags() []string {
	raw, _ := c.Metadata["tags"].([]any)
	var tags []string
	for _, t := range raw {
		if s, ok := t.(string); ok {
			tags = append(tags, s)
		}
	}
	return tags
}

// HasTag reports whether the cell carries a tag.
func (c *Cell) HasTag(tag string) bool { return slices.Contains(c.Tags(), tag) }

// ParseError is a problem with a notebook file.
type ParseError struct {
	// File is the notebook's path, or the name it was parsed under.
	File string
	// Line and Column locate bad JSON, counting from 1; 0 otherwise.
	Line, Column int
	// Cell is the index of the cell concerned (from 0), or -1.
	Cell int
	// Msg says what is wrong, in the user's terms.
	Msg string
}

func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", e.Line, e.Column)
	}
	b.WriteString(": ")
	if e.Cell >= 0 {
		fmt.Fprintf(&b, "cell %d: ", e.Cell)
	}
	b.WriteString(e.Msg)
	return b.String()
}

// ErrInvalid is wrapped by every *ParseError for errors.Is.
var ErrInvalid = errors.New("nbformat: invalid notebook")

func (e *ParseError) Unwrap() error { return ErrInvalid }

var idPattern = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,64}$`)

// ReadFile reads a notebook file.
func ReadFile(path string) (*Notebook, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("nbformat: %w", err)
	}
	return Parse(b, path)
}

// Parse parses notebook JSON; name is used in errors, which are
// *ParseError.
func Parse(data []byte, name string) (*Notebook, error) {
	obj, err := decodeTop(data, name)
	if err != nil {
		return nil, err
	}
	nb, cells, err := parseTop(obj, name)
	if err != nil {
		return nil, err
	}
	seen := map[string]int{}
	for i, raw := range cells {
		c, err := parseCell(raw, seen, i)
		if err != nil {
			return nil, &ParseError{File: name, Cell: i, Msg: err.Error()}
		}
		nb.Cells = append(nb.Cells, c)
	}
	return nb, nil
}

// decodeTop decodes the JSON object, with numbers kept as json.Number; a
// syntax error gets its line and column.
func decodeTop(data []byte, name string) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var top any
	if err := dec.Decode(&top); err != nil {
		e := &ParseError{File: name, Cell: -1, Msg: "bad JSON: " + err.Error()}
		if off := errorOffset(err, data); off >= 0 {
			e.Line, e.Column = lineCol(data, off)
		}
		return nil, e
	}
	if dec.More() {
		l, c := lineCol(data, dec.InputOffset())
		return nil, &ParseError{File: name, Line: l, Column: c, Cell: -1, Msg: "bad JSON: data after the notebook object"}
	}
	obj, ok := top.(map[string]any)
	if !ok {
		return nil, &ParseError{File: name, Cell: -1, Msg: "not a JSON object"}
	}
	return obj, nil
}

// errorOffset is the byte offset a JSON decoding error points at, or -1.
func errorOffset(err error, data []byte) int64 {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		if errors.Is(err, io.ErrUnexpectedEOF) || se.Offset >= int64(len(data)) {
			return se.Offset
		}
		return max(se.Offset-1, 0) // Offset counts the offending byte
	case errors.As(err, &te):
		return te.Offset
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return int64(len(data))
	}
	return -1
}

// parseTop reads the notebook's own fields and returns its cells, still
// raw.
func parseTop(obj map[string]any, name string) (*Notebook, []any, error) {
	fail := func(format string, args ...any) error {
		return &ParseError{File: name, Cell: -1, Msg: fmt.Sprintf(format, args...)}
	}
	format, err := intField(obj, "nbformat")
	if err != nil {
		return nil, nil, fail("%v", err)
	}
	if format != 4 {
		return nil, nil, fail("nbformat %d is not supported, only 4 (convert it with: jupyter nbconvert --to notebook --nbformat 4)", format)
	}
	minor, err := intField(obj, "nbformat_minor")
	if err != nil {
		return nil, nil, fail("%v", err)
	}
	nb := &Notebook{Format: format, Minor: minor, Extra: map[string]any{}}
	md, ok := obj["metadata"].(map[string]any)
	if !ok {
		return nil, nil, fail(`missing or non-object "metadata"`)
	}
	nb.Metadata = md
	cells, ok := obj["cells"].([]any)
	if !ok {
		return nil, nil, fail(`missing or non-array "cells"`)
	}
	for k, v := range obj {
		switch k {
		case "nbformat", "nbformat_minor", "metadata", "cells":
		default:
			nb.Extra[k] = v
		}
	}
	return nb, cells, nil
}

// parseCell reads cell i; seen maps the ids read so far to their cells.
func parseCell(raw any, seen map[string]int, i int) (*Cell, error) {
	co, ok := raw.(map[string]any)
	if !ok {
		return nil, errors.New("not a JSON object")
	}
	c := &Cell{Extra: map[string]any{}}
	ct, ok := co["cell_type"].(string)
	if !ok {
		return nil, errors.New(`missing "cell_type"`)
	}
	c.Type = CellType(ct)
	if c.Type != Code && c.Type != Markdown && c.Type != Raw {
		return nil, fmt.Errorf("unknown cell_type %q (want code, markdown or raw)", c.Type)
	}
	if c.Source, ok = JoinText(co["source"]); !ok {
		return nil, errors.New(`missing or malformed "source" (want a string or a list of strings)`)
	}
	if c.Metadata, ok = co["metadata"].(map[string]any); !ok {
		return nil, errors.New(`missing or non-object "metadata"`)
	}
	if id, present := co["id"]; present {
		s, ok := id.(string)
		if !ok || !idPattern.MatchString(s) {
			return nil, fmt.Errorf("bad cell id %v (want 1-64 letters, digits, '-' or '_')", id)
		}
		if j, dup := seen[s]; dup {
			return nil, fmt.Errorf("duplicate cell id %q (also cell %d)", s, j)
		}
		seen[s] = i
		c.ID = s
	}
	if c.Type == Code {
		if err := parseCodeFields(c, co); err != nil {
			return nil, err
		}
	}
	for k, v := range co {
		switch k {
		case "id", "cell_type", "source", "metadata", "outputs", "execution_count":
		default:
			c.Extra[k] = v
		}
	}
	return c, nil
}

// parseCodeFields reads a code cell's outputs and execution count.
func parseCodeFields(c *Cell, co map[string]any) error {
	outs, ok := co["outputs"].([]any)
	if !ok {
		return errors.New(`code cell without an "outputs" list`)
	}
	for j, o := range outs {
		om, ok := o.(map[string]any)
		if !ok {
			return fmt.Errorf("output %d is not an object", j)
		}
		out, err := parseOutput(om)
		if err != nil {
			return fmt.Errorf("output %d: %w", j, err)
		}
		c.Outputs = append(c.Outputs, out)
	}
	ec, present := co["execution_count"]
	if !present {
		return errors.New(`code cell without "execution_count"`)
	}
	var err error
	c.ExecutionCount, err = parseCount(ec)
	return err
}

func intField(obj map[string]any, key string) (int, error) {
	v, ok := obj[key]
	if !ok {
		return 0, fmt.Errorf("missing %q", key)
	}
	n, ok := v.(json.Number)
	if !ok {
		return 0, fmt.Errorf("%q is not a number", key)
	}
	i, err := strconv.Atoi(string(n))
	if err != nil {
		return 0, fmt.Errorf("%q is not an integer: %s", key, n)
	}
	return i, nil
}

// lineCol turns a byte offset into a 1-based line and column.
func lineCol(data []byte, off int64) (int, int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	before := data[:off]
	line := bytes.Count(before, []byte{'\n'}) + 1
	col := int(off) - bytes.LastIndexByte(before, '\n')
	return line, col
}

// JoinText joins a multi-line field as nbformat stores it: a string, or a
// list of strings. ok is false for anything else.
func JoinText(v any) (string, bool) {
	switch t := v.(type) {
	case string:
		return t, true
	case []any:
		var b strings.Builder
		for _, x := range t {
			s, ok := x.(string)
			if !ok {
				return "", false
			}
			b.WriteString(s)
		}
		return b.String(), true
	}
	return "", false
}

// AssignIDs gives every cell without an id one, derived from its position
// and source so that the same notebook always gets the same ids, and unique
// among the notebook's ids.
func (nb *Notebook) AssignIDs() {
	used := map[string]bool{}
	for _, c := range nb.Cells {
		if c.ID != "" {
			used[c.ID] = true
		}
	}
	for i, c := range nb.Cells {
		if c.ID != "" {
			continue
		}
		h := crc32.ChecksumIEEE([]byte(strconv.Itoa(i) + "\x00" + string(c.Type) + "\x00" + c.Source))
		id := fmt.Sprintf("%08x", h)
		for n := 1; used[id]; n++ {
			id = fmt.Sprintf("%08x-%d", h, n)
		}
		used[id] = true
		c.ID = id
	}
}

// WriteFile writes the notebook atomically.
func WriteFile(path string, nb *Notebook) error {
	b, err := Marshal(nb)
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(path, b, 0o644)
}
