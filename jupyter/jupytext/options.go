package jupytext

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// The options after a cell marker ("# %% [markdown] Title key=value"), read
// as jupytext reads them: a title, then metadata written either as
// key=value pairs (values in JSON, or as Python literals), bare keys
// (null) and .attributes, or as one JSON object.

var (
	identifier  = regexp.MustCompile(`^[a-zA-Z_\.]+[a-zA-Z0-9_\.]*$`)
	metadataKey = regexp.MustCompile(`^[a-zA-Z0-9_\.@/-]+$`)
)

// badMetadataKey is where jupytext keeps options it cannot read.
const badMetadataKey = "incorrectly_encoded_metadata"

// isJSONOptions reports whether the options hold a JSON object, as
// jupytext's is_json_metadata decides: a '{' before any '='.
func isJSONOptions(text string) bool {
	curly := strings.IndexByte(text, '{')
	if curly < 0 {
		return false
	}
	eq := strings.IndexByte(text, '=')
	return eq < 0 || curly < eq
}

// parseOptions splits the options into the cell's title and metadata.
func parseOptions(text string) (string, map[string]any, error) {
	text = strip(text)
	curly := strings.IndexByte(text, '{')
	eq := strings.IndexByte(text, '=')
	if curly >= 0 && (eq < 0 || eq > curly) {
		v, err := relaxedValue(text[curly:], true)
		if err != nil {
			return "", nil, err
		}
		md, ok := v.(map[string]any)
		if !ok {
			return "", nil, fmt.Errorf("cell metadata %s is not an object", text[curly:])
		}
		return strip(text[:curly]), md, nil
	}
	var words []string
	if eq >= 0 {
		words = strings.Split(text[:eq], " ")
		for len(words) > 0 && words[len(words)-1] == "" {
			words = words[:len(words)-1]
		}
		if len(words) > 0 {
			words = words[:len(words)-1] // the key of the first '='
		}
	} else {
		words = strings.Split(text, " ")
	}
	for len(words) > 0 {
		w := words[len(words)-1]
		if strip(w) != "" && !strings.HasPrefix(w, ".") {
			break
		}
		words = words[:len(words)-1]
	}
	title := strings.Join(words, " ")
	md, err := parseKeyValues(text[len(title):])
	return title, md, err
}

// parseKeyValues reads "key1=value1 key2 .attr key3=value3", from the
// right: a bare identifier is a key with value null; else the rightmost
// '=' whose left is a valid key and whose right is a value.
func parseKeyValues(text string) (map[string]any, error) {
	text = strip(text)
	if text == "" {
		return map[string]any{}, nil
	}
	lastSpace := strings.LastIndexByte(text, ' ')
	if last := text[lastSpace+1:]; !strings.HasPrefix(text, "--") && identifier.MatchString(last) {
		md := map[string]any{last: nil}
		if lastSpace > 0 {
			left, err := parseKeyValues(text[:lastSpace])
			if err != nil {
				return nil, err
			}
			for k, v := range left {
				md[k] = v
			}
		}
		return md, nil
	}
	end := len(text)
	for {
		eq := strings.LastIndexByte(text[:end], '=')
		if eq < 0 {
			return map[string]any{badMetadataKey: text}, nil
		}
		end = eq
		prevSpace := strings.LastIndexByte(rstrip(text[:eq]), ' ')
		key := strip(text[prevSpace+1 : eq])
		if !metadataKey.MatchString(key) {
			continue
		}
		v, err := relaxedValue(text[eq+1:], false)
		if errors.Is(err, errNotValue) {
			continue
		}
		if err != nil {
			return nil, err
		}
		md := map[string]any{}
		if prevSpace > 0 {
			if md, err = parseKeyValues(text[:prevSpace]); err != nil {
				return nil, err
			}
		}
		md[key] = v
		return md, nil
	}
}

// errNotValue: the text is neither JSON nor a Python literal.
var errNotValue = errors.New("not a value")

// relaxedValue reads a value as jupytext's relax_json_loads: JSON, else a
// Python literal. With keep, text that is neither becomes
// {"incorrectly_encoded_metadata": text}; without, the error is
// errNotValue. A value JSON cannot hold (NaN, a set) is an error.
func relaxedValue(text string, keep bool) (any, error) {
	text = strip(text)
	v, jsonErr := decodeJSON(text)
	if jsonErr == nil {
		return v, nil
	}
	if errors.Is(jsonErr, errUnrepresentable) {
		return nil, jsonErr
	}
	v, err := parsePyLiteral(text)
	switch {
	case err == nil:
		return v, nil
	case errors.Is(err, errUnrepresentable):
		return nil, err
	case keep:
		return map[string]any{badMetadataKey: text}, nil
	}
	return nil, errNotValue
}

// errUnrepresentable: jupytext would read the value, but nbformat's JSON
// cannot hold it.
var errUnrepresentable = errors.New("cannot be stored in a notebook")

// decodeJSON decodes one JSON value as Python's json.loads, numbers kept
// as json.Number in Python's spelling. Python also reads NaN and Infinity,
// which no notebook can hold: an error here.
func decodeJSON(text string) (any, error) {
	if !json.Valid([]byte(text)) {
		nan := strings.NewReplacer("-Infinity", "null", "Infinity", "null", "NaN", "null").Replace(text)
		if json.Valid([]byte(nan)) {
			return nil, fmt.Errorf("cell metadata %s: NaN and Infinity %w", text, errUnrepresentable)
		}
		return nil, errNotValue
	}
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, errNotValue
	}
	return pyNumbers(v)
}

// pyNumbers rewrites the JSON numbers of v as Python writes them back:
// integers as they are, other numbers as Python's float repr.
func pyNumbers(v any) (any, error) {
	switch t := v.(type) {
	case json.Number:
		return pyNumber(string(t))
	case []any:
		for i, x := range t {
			y, err := pyNumbers(x)
			if err != nil {
				return nil, err
			}
			t[i] = y
		}
	case map[string]any:
		for k, x := range t {
			y, err := pyNumbers(x)
			if err != nil {
				return nil, err
			}
			t[k] = y
		}
	}
	return v, nil
}
