package nbvalues

import (
	"math"
	"strconv"
)

// MIME is the MIME type of a display of published values.
const MIME = "application/vnd.nbrun.values+json"

// Meta is what a display of published values carries in its metadata,
// under the key MIME: how a reader should see the values. The values
// themselves (the display's data) keep full precision; Meta only says in
// which order and how pages show them. Both fields may be absent: names
// then come sorted and numbers with Number's few significant digits.
//
// The metadata may hold Meta as a JSON object or as a string holding one:
// GoNB passes a display's metadata from the cell's program to the kernel
// through gob, which carries strings but not nested objects, so the
// study's notebooks send the string; readers accept both.
type Meta struct {
	// Order lists the names in the order a reader should see them (the
	// publisher's order), for summary columns and tables.
	Order []string `json:"order,omitempty"`
	// Formats says how each number is shown on pages.
	Formats map[string]Format `json:"formats,omitempty"`
}

// Format is how a published number is shown to people.
type Format string

// The formats.
const (
	// Percent: a fraction shown as a signed percentage with one decimal
	// (0.0442 reads +4.4%).
	Percent Format = "percent"
	// Number: four significant digits (the default); whole numbers in
	// full.
	Number Format = "number"
	// Integer: a count, without decimals (as Number shows whole numbers;
	// the name says what the value is).
	Integer Format = "integer"
)

// Valid reports whether f is one of the formats (or empty, meaning Number).
func (f Format) Valid() bool {
	switch f {
	case "", Percent, Number, Integer:
		return true
	}
	return false
}

// Text formats v for a page. NaN and infinities read "n/a": a page never
// shows a made-up number.
func (f Format) Text(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "n/a"
	}
	switch f {
	case Percent:
		s := strconv.FormatFloat(100*v, 'f', 1, 64)
		if s[0] != '-' && s != "0.0" {
			s = "+" + s
		}
		if s == "-0.0" {
			s = "0.0"
		}
		return s + "%"
	}
	// A whole number (a count, a seed, a number of draws) reads in full.
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}
