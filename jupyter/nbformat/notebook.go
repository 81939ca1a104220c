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

// Cell types.
const (
	Code     = "code"
	Markdown = "markdown"
	Raw      = "raw"
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
	Type     string
	Source   string
	Metadata map[string]any
	// Outputs and ExecutionCount belong to code cells. ExecutionCount is
	// nil for a cell never run (null in the file).
	Outputs        []Output
	ExecutionCount *int
	// Extra holds fields other than the standard ones (attachments, say).
	Extra map[string]any
}

// Output is one output of a code cell, as its JSON object: "output_type"
// and the fields of that type. Multi-line strings are joined.
type Output map[string]any

// Type returns the output's output_type.
func (o Output) Type() string { s, _ := o["output_type"].(string); return s }

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

// Error is a problem with a notebook file.
type Error struct {
	File string
	// Line and Column locate bad JSON; 0 otherwise.
	Line, Column int
	// Cell is the index of the cell concerned, or -1.
	Cell int
	Msg  string
}

func (e *Error) Error() string {
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

// ErrInvalid is wrapped by every *Error for errors.Is.
var ErrInvalid = errors.New("nbformat: invalid notebook")

func (e *Error) Unwrap() error { return ErrInvalid }

var idPattern = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,64}$`)

// ReadFile reads a notebook file.
func ReadFile(path string) (*Notebook, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("nbformat: %w", err)
	}
	return Parse(b, path)
}

// Parse parses notebook JSON; name is used in errors.
func Parse(data []byte, name string) (*Notebook, error) {
	fail := func(cell int, format string, args ...any) error {
		return &Error{File: name, Cell: cell, Msg: fmt.Sprintf(format, args...)}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var top any
	if err := dec.Decode(&top); err != nil {
		e := &Error{File: name, Cell: -1, Msg: "bad JSON: " + err.Error()}
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		off := int64(-1)
		switch {
		case errors.As(err, &se):
			off = max(se.Offset-1, 0) // Offset counts the offending byte
			if errors.Is(err, io.ErrUnexpectedEOF) || se.Offset >= int64(len(data)) {
				off = se.Offset
			}
		case errors.As(err, &te):
			off = te.Offset
		case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
			off = int64(len(data))
		}
		if off >= 0 {
			e.Line, e.Column = lineCol(data, off)
		}
		return nil, e
	}
	if dec.More() {
		off := dec.InputOffset()
		l, c := lineCol(data, off)
		return nil, &Error{File: name, Line: l, Column: c, Cell: -1, Msg: "bad JSON: data after the notebook object"}
	}
	obj, ok := top.(map[string]any)
	if !ok {
		return nil, fail(-1, "not a JSON object")
	}
	format, err := intField(obj, "nbformat")
	if err != nil {
		return nil, fail(-1, "%v", err)
	}
	if format != 4 {
		return nil, fail(-1, "nbformat %d is not supported, only 4 (convert it with: jupyter nbconvert --to notebook --nbformat 4)", format)
	}
	minor, err := intField(obj, "nbformat_minor")
	if err != nil {
		return nil, fail(-1, "%v", err)
	}
	nb := &Notebook{Format: format, Minor: minor, Extra: map[string]any{}}
	md, ok := obj["metadata"].(map[string]any)
	if !ok {
		return nil, fail(-1, `missing or non-object "metadata"`)
	}
	nb.Metadata = md
	cells, ok := obj["cells"].([]any)
	if !ok {
		return nil, fail(-1, `missing or non-array "cells"`)
	}
	for k, v := range obj {
		switch k {
		case "nbformat", "nbformat_minor", "metadata", "cells":
		default:
			nb.Extra[k] = v
		}
	}
	seen := map[string]int{}
	for i, raw := range cells {
		co, ok := raw.(map[string]any)
		if !ok {
			return nil, fail(i, "not a JSON object")
		}
		c := &Cell{Extra: map[string]any{}}
		if c.Type, ok = co["cell_type"].(string); !ok {
			return nil, fail(i, `missing "cell_type"`)
		}
		if c.Type != Code && c.Type != Markdown && c.Type != Raw {
			return nil, fail(i, "unknown cell_type %q (want code, markdown or raw)", c.Type)
		}
		src, ok := JoinText(co["source"])
		if !ok {
			return nil, fail(i, `missing or malformed "source" (want a string or a list of strings)`)
		}
		c.Source = src
		if c.Metadata, ok = co["metadata"].(map[string]any); !ok {
			return nil, fail(i, `missing or non-object "metadata"`)
		}
		if id, present := co["id"]; present {
			s, ok := id.(string)
			if !ok || !idPattern.MatchString(s) {
				return nil, fail(i, "bad cell id %v (want 1-64 letters, digits, '-' or '_')", id)
			}
			if j, dup := seen[s]; dup {
				return nil, fail(i, "duplicate cell id %q (also cell %d)", s, j)
			}
			seen[s] = i
			c.ID = s
		}
		if c.Type == Code {
			outs, ok := co["outputs"].([]any)
			if !ok {
				return nil, fail(i, `code cell without an "outputs" list`)
			}
			for j, o := range outs {
				om, ok := o.(map[string]any)
				if !ok {
					return nil, fail(i, "output %d is not an object", j)
				}
				if _, ok := om["output_type"].(string); !ok {
					return nil, fail(i, `output %d has no "output_type"`, j)
				}
				c.Outputs = append(c.Outputs, joinOutput(om))
			}
			ec, present := co["execution_count"]
			if !present {
				return nil, fail(i, `code cell without "execution_count"`)
			}
			if ec != nil {
				n, ok := ec.(json.Number)
				v, err := strconv.Atoi(string(n))
				if !ok || err != nil {
					return nil, fail(i, "execution_count %v is not an integer or null", ec)
				}
				c.ExecutionCount = &v
			}
		}
		for k, v := range co {
			switch k {
			case "id", "cell_type", "source", "metadata", "outputs", "execution_count":
			default:
				c.Extra[k] = v
			}
		}
		nb.Cells = append(nb.Cells, c)
	}
	return nb, nil
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

// isJSONMime reports whether a MIME type holds JSON, which is never split
// or joined.
func isJSONMime(m string) bool {
	return m == "application/json" || strings.HasPrefix(m, "application/") && strings.HasSuffix(m, "+json")
}

// joinOutput joins list-of-lines fields of an output, as nbformat does on
// reading.
func joinOutput(o map[string]any) Output {
	switch o["output_type"] {
	case "stream":
		if s, ok := JoinText(o["text"]); ok {
			o["text"] = s
		}
	case "display_data", "execute_result":
		if data, ok := o["data"].(map[string]any); ok {
			for k, v := range data {
				if _, isList := v.([]any); isList && !isJSONMime(k) {
					if s, ok := JoinText(v); ok {
						data[k] = s
					}
				}
			}
		}
	}
	return Output(o)
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
		h := crc32.ChecksumIEEE([]byte(strconv.Itoa(i) + "\x00" + c.Type + "\x00" + c.Source))
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
