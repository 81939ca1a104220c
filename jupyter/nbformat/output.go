package nbformat

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// OutputType is an output's output_type.
type OutputType string

// The output types of nbformat 4.
const (
	Stream        OutputType = "stream"
	DisplayData   OutputType = "display_data"
	ExecuteResult OutputType = "execute_result"
	Error         OutputType = "error"
)

// StreamName names a stream output's stream.
type StreamName string

// The streams a kernel writes.
const (
	Stdout StreamName = "stdout"
	Stderr StreamName = "stderr"
)

// MimeBundle maps MIME types to data, as display_data and execute_result
// carry it: text types (text/*, SVG, JavaScript) and base64 images as one
// joined string, JSON types (application/json, application/*+json) as the
// decoded JSON value.
type MimeBundle map[string]any

// Text returns the bundle's value for mime when it is a string.
func (b MimeBundle) Text(mime string) (string, bool) {
	s, ok := b[mime].(string)
	return s, ok
}

// Output is one output of a code cell. Only the fields of its Type are
// used; Extra keeps any other field as read, so that a notebook round-trips
// unchanged.
type Output struct {
	Type OutputType
	// Name and Text: stream.
	Name StreamName
	Text string
	// Data and Metadata: display_data and execute_result.
	Data     MimeBundle
	Metadata map[string]any
	// ExecutionCount: execute_result (nil for null).
	ExecutionCount *int
	// Ename, Evalue and Traceback: error.
	Ename, Evalue string
	Traceback     []string
	// Extra holds fields nbformat does not define for the type.
	Extra map[string]any
}

// fieldsOf lists the fields nbformat defines for each output type, besides
// output_type.
var fieldsOf = map[OutputType][]string{
	Stream:        {"name", "text"},
	DisplayData:   {"data", "metadata"},
	ExecuteResult: {"data", "execution_count", "metadata"},
	Error:         {"ename", "evalue", "traceback"},
}

// parseOutput reads one output object, joining list-of-lines fields as
// nbformat does on reading. An output of an unknown type is kept whole in
// Extra.
func parseOutput(o map[string]any) (Output, error) {
	t, ok := o["output_type"].(string)
	if !ok {
		return Output{}, fmt.Errorf(`no "output_type"`)
	}
	out := Output{Type: OutputType(t)}
	known := map[string]bool{"output_type": true}
	for _, f := range fieldsOf[out.Type] {
		known[f] = true
	}
	var err error
	switch out.Type {
	case Stream:
		name, ok := o["name"].(string)
		if !ok {
			return out, fmt.Errorf(`stream output without a "name"`)
		}
		out.Name = StreamName(name)
		if out.Text, ok = JoinText(o["text"]); !ok {
			return out, fmt.Errorf(`stream output with a missing or malformed "text"`)
		}
	case DisplayData, ExecuteResult:
		if out.Data, err = parseBundle(o["data"]); err != nil {
			return out, fmt.Errorf("%s output: %w", out.Type, err)
		}
		if md, present := o["metadata"]; present {
			if out.Metadata, ok = md.(map[string]any); !ok {
				return out, fmt.Errorf(`%s output: "metadata" is not an object`, out.Type)
			}
		}
		if out.Type == ExecuteResult {
			if out.ExecutionCount, err = parseCount(o["execution_count"]); err != nil {
				return out, fmt.Errorf("execute_result output: %w", err)
			}
		}
	case Error:
		if out.Ename, ok = o["ename"].(string); !ok {
			return out, fmt.Errorf(`error output without an "ename"`)
		}
		if out.Evalue, ok = o["evalue"].(string); !ok {
			return out, fmt.Errorf(`error output without an "evalue"`)
		}
		tb, ok := o["traceback"].([]any)
		if !ok {
			return out, fmt.Errorf(`error output without a "traceback" list`)
		}
		out.Traceback = make([]string, len(tb))
		for i, l := range tb {
			if out.Traceback[i], ok = l.(string); !ok {
				return out, fmt.Errorf("error output: traceback line %d is not a string", i)
			}
		}
	}
	for k, v := range o {
		if !known[k] {
			if out.Extra == nil {
				out.Extra = map[string]any{}
			}
			out.Extra[k] = v
		}
	}
	return out, nil
}

func parseBundle(v any) (MimeBundle, error) {
	data, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf(`"data" is missing or not an object`)
	}
	b := make(MimeBundle, len(data))
	for mime, val := range data {
		if _, isList := val.([]any); isList && !isJSONMime(mime) {
			s, ok := JoinText(val)
			if !ok {
				return nil, fmt.Errorf("data %q is a list of non-strings", mime)
			}
			val = s
		}
		b[mime] = val
	}
	return b, nil
}

func parseCount(v any) (*int, error) {
	if v == nil {
		return nil, nil
	}
	n, ok := v.(json.Number)
	i, err := strconv.Atoi(string(n))
	if !ok || err != nil {
		return nil, fmt.Errorf("execution_count %v is not an integer or null", v)
	}
	return &i, nil
}

// isJSONMime reports whether a MIME type holds JSON, which is never split
// or joined.
func isJSONMime(m string) bool {
	return m == "application/json" || strings.HasPrefix(m, "application/") && strings.HasSuffix(m, "+json")
}

// splitsLines reports whether nbformat writes a MIME type's string as a
// list of lines: every text/* type, JavaScript and SVG.
func splitsLines(m string) bool {
	return strings.HasPrefix(m, "text/") || m == "application/javascript" || m == "image/svg+xml"
}

// jsonValue returns the output as nbformat writes it: the fields of its
// type, multi-line strings split into lines as nbformat's split_lines does,
// and Extra.
func (o Output) jsonValue() map[string]any {
	m := make(map[string]any, len(o.Extra)+4)
	for k, v := range o.Extra {
		m[k] = v
	}
	m["output_type"] = string(o.Type)
	switch o.Type {
	case Stream:
		m["name"] = string(o.Name)
		m["text"] = splitLines(o.Text)
	case DisplayData, ExecuteResult:
		d := make(map[string]any, len(o.Data))
		for k, v := range o.Data {
			if s, ok := v.(string); ok && splitsLines(k) {
				d[k] = splitLines(s)
			} else {
				d[k] = v
			}
		}
		m["data"] = d
		m["metadata"] = orEmpty(o.Metadata)
		if o.Type == ExecuteResult {
			if o.ExecutionCount != nil {
				m["execution_count"] = *o.ExecutionCount
			} else {
				m["execution_count"] = nil
			}
		}
	case Error:
		tb := make([]any, len(o.Traceback))
		for i, l := range o.Traceback {
			tb[i] = l
		}
		m["ename"], m["evalue"], m["traceback"] = o.Ename, o.Evalue, tb
	}
	return m
}

// Clone returns a deep enough copy of o: its maps and slices are new, so
// that changing the copy's Data, Metadata, Traceback or Extra leaves o as
// it was (values inside JSON data are shared).
func (o Output) Clone() Output {
	c := o
	if o.Data != nil {
		c.Data = make(MimeBundle, len(o.Data))
		for k, v := range o.Data {
			c.Data[k] = v
		}
	}
	if o.Metadata != nil {
		c.Metadata = make(map[string]any, len(o.Metadata))
		for k, v := range o.Metadata {
			c.Metadata[k] = v
		}
	}
	if o.Extra != nil {
		c.Extra = make(map[string]any, len(o.Extra))
		for k, v := range o.Extra {
			c.Extra[k] = v
		}
	}
	if o.ExecutionCount != nil {
		n := *o.ExecutionCount
		c.ExecutionCount = &n
	}
	c.Traceback = append([]string(nil), o.Traceback...)
	return c
}
