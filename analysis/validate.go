package analysis

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// OptionError is a value of Options (or EventRule, ScanOptions,
// GridOptions) that the study refuses. It names the Go field, so that a
// command can name its own flag instead: Message("-resamples") gives
// "-resamples must not be negative (got -1)".
type OptionError struct {
	// Field is the options field: "Threshold", "Resamples"; "Legs" for A
	// and B together.
	Field string
	// Problem says what is wrong, as it follows the name: "-0.04 is not a
	// positive number", "must not be negative (got -1)".
	Problem string
	// Hint, when not empty, says what was probably meant.
	Hint string
}

// Message names the option as name and says what is wrong with it.
func (e *OptionError) Message(name string) string {
	s := name + " " + e.Problem
	if e.Hint != "" {
		s += " (" + e.Hint + ")"
	}
	return s
}

// Error names the option in words: "analysis: threshold -0.04 is not a
// positive number".
func (e *OptionError) Error() string { return "analysis: " + e.Message(fieldWords(e.Field)) }

// fieldWords writes a field name in lower-case words: EntryLag is "entry
// lag".
func fieldWords(field string) string {
	if field == "Legs" {
		return "legs A and B"
	}
	var b strings.Builder
	for i, r := range field {
		if r >= 'A' && r <= 'Z' {
			if i > 0 {
				b.WriteByte(' ')
			}
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// checkThreshold refuses thresholds that are not positive numbers, and
// those of a whole day's doubling or more, which are surely percentages
// typed where a fraction was meant.
func checkThreshold(t float64) error {
	switch {
	case !(t > 0) || math.IsInf(t, 0):
		return &OptionError{Field: "Threshold", Problem: fmt.Sprintf("%v is not a positive number", t)}
	case t >= 1:
		e := &OptionError{Field: "Threshold",
			Problem: fmt.Sprintf("%v is a spread of %s percentage points in one day", t, strconv.FormatFloat(100*t, 'f', -1, 64)),
			Hint:    "thresholds are fractions"}
		if t < 100 {
			e.Hint += ": did you mean " + strconv.FormatFloat(t/100, 'f', -1, 64) + "?"
		}
		return e
	}
	return nil
}

// notNegative refuses a negative count.
func notNegative(field string, n int) error {
	if n < 0 {
		return &OptionError{Field: field, Problem: fmt.Sprintf("must not be negative (got %d)", n)}
	}
	return nil
}
