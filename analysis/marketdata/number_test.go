package marketdata

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

func TestParseDecimal(t *testing.T) {
	for _, s := range []string{"33.301666259765625", "45.71875", "0.1", "1", "100", "0.0", "007.50",
		"32.79285974035013", "203.37", "9007199254740993", "123456789012345678", "0.000001"} {
		want, _ := strconv.ParseFloat(s, 64)
		got, ok := parseDecimal([]byte(s))
		if ok && math.Float64bits(got) != math.Float64bits(want) {
			t.Errorf("parseDecimal(%q) = %v, want %v", s, got, want)
		}
	}
	for _, s := range []string{"", ".", "1.", ".5", "-1", "+1", "1e5", "1.2.3", "12345678901234567890", "NaN", "1,5"} {
		if _, ok := parseDecimal([]byte(s)); ok {
			t.Errorf("parseDecimal(%q) claimed the fast path", s)
		}
	}
}

// FuzzParseDecimal checks that the fast path never disagrees with strconv.
func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"33.301666259765625", "45.71875", "0.1", "1234567890.123456789", "0.00000000000000000000001"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := parseDecimal([]byte(s))
		if !ok {
			return
		}
		want, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("fast path accepted %q, strconv says %v", s, err)
		}
		if math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("parseDecimal(%q) = %v, strconv %v", s, got, want)
		}
	})
}

// FuzzCheckNumber checks the classifier against strconv.
func FuzzCheckNumber(f *testing.F) {
	for _, s := range []string{"1", "-0", "0.0", "1e5", "abc", " 2 ", "1e", "NaN", "+.5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		kind := checkNumber([]byte(s))
		v, err := parseNumber([]byte(s))
		// strconv accepts forms the classifier refuses on purpose (hex,
		// underscores, long exponents), so only accepted input is checked.
		if kind == notNumber {
			return
		}
		if err != nil {
			if _, perr := strconv.ParseFloat(strings.TrimSpace(s), 64); perr == nil || !strings.Contains(perr.Error(), "range") {
				t.Fatalf("%q: classified a number, but it does not parse: %v", s, err)
			}
			return // overflow to infinity, the documented difference
		}
		switch {
		case kind == positive && !(v > 0) && v != 0:
			t.Fatalf("%q: classified positive, value %v", s, v)
		case kind == negative && !(v < 0) && v != 0:
			t.Fatalf("%q: classified negative, value %v", s, v)
		case kind == zero && v != 0:
			t.Fatalf("%q: classified zero, value %v", s, v)
		}
	})
}
