package marketdata

import (
	"math"
	"strconv"
)

// Price files write most closes as the exact decimal expansion of a binary
// float, such as 33.301666259765625. strconv.ParseFloat handles them
// correctly but slowly: its fast algorithm gives up on exact halfway-looking
// values and falls back to big decimal arithmetic. parseDecimal recognises
// the two cases where the answer is exact without any rounding question and
// leaves everything else to strconv.

var pow5 = func() (p [28]uint64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 5
	}
	return
}()

var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// parseDecimal parses a plain decimal "digits[.digits]" exactly as
// strconv.ParseFloat does; ok is false when b has another form (sign,
// exponent, more than 19 digits) and strconv must be asked instead.
//
// With m the digits read as an integer and k the number of fraction digits,
// the value is m / 10^k. Two cases give the correctly rounded float64
// directly:
//   - m is a multiple of 5^k and q = m / 5^k < 2^53: the value is q / 2^k,
//     which is exact;
//   - m < 2^53 and k <= 22: m and 10^k are exact floats and one IEEE division
//     rounds correctly (Clinger's fast path).
func parseDecimal(b []byte) (float64, bool) {
	var m uint64
	digits, k := 0, -1
	for i, c := range b {
		switch {
		case c >= '0' && c <= '9':
			if digits == 19 {
				return 0, false
			}
			if m != 0 || c != '0' {
				digits++
			}
			m = m*10 + uint64(c-'0')
			if k >= 0 {
				k++
			}
		case c == '.' && k < 0 && i > 0:
			k = 0
		default:
			return 0, false
		}
	}
	if len(b) == 0 || k == 0 || b[len(b)-1] == '.' {
		return 0, false
	}
	if k < 0 {
		k = 0
	}
	const two53 = 1 << 53
	if k < len(pow5) && m%pow5[k] == 0 {
		if q := m / pow5[k]; q < two53 {
			return math.Ldexp(float64(q), -k), true
		}
	}
	if m < two53 && k < len(pow10) {
		return float64(m) / pow10[k], true
	}
	return 0, false
}

// parseNumber parses a finite decimal number.
func parseNumber(b []byte) (float64, error) {
	b = trim(b)
	if v, ok := parseDecimal(b); ok {
		return v, nil
	}
	if len(b) == 0 {
		return 0, ErrNumber
	}
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, ErrNumber
	}
	return v, nil
}
