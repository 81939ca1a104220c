package nbvalues_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/rotationlab/rotation/internal/nbvalues"
)

func TestFormatText(t *testing.T) {
	for _, tc := range []struct {
		f    nbvalues.Format
		v    float64
		want string
	}{
		{nbvalues.Percent, 0.044247398118433055, "+4.4%"},
		{nbvalues.Percent, -0.038622089016417116, "-3.9%"},
		{nbvalues.Percent, 0, "0.0%"},
		{nbvalues.Percent, -0.0001, "0.0%"},
		{nbvalues.Percent, 1.5, "+150.0%"},
		{nbvalues.Number, 0.12743578903030164, "0.1274"},
		{"", 1234567, "1234567"},
		{nbvalues.Number, 20240611, "20240611"},
		{nbvalues.Number, 1234567.5, "1.235e+06"},
		{nbvalues.Number, 1e15, "1e+15"},
		{nbvalues.Integer, 24, "24"},
		{nbvalues.Integer, 2.5, "2.5"},
		{nbvalues.Percent, math.NaN(), "n/a"},
		{nbvalues.Number, math.Inf(-1), "n/a"},
	} {
		if got := tc.f.Text(tc.v); got != tc.want {
			t.Errorf("Format(%q).Text(%v) = %q, want %q", tc.f, tc.v, got, tc.want)
		}
	}
}

func TestFormatValid(t *testing.T) {
	for _, f := range []nbvalues.Format{"", nbvalues.Percent, nbvalues.Number, nbvalues.Integer} {
		if !f.Valid() {
			t.Errorf("%q not valid", f)
		}
	}
	if nbvalues.Format("pct").Valid() {
		t.Error(`"pct" valid`)
	}
}

func ExampleFormat_Text() {
	fmt.Println(nbvalues.Percent.Text(0.0442), nbvalues.Number.Text(2.0/3), nbvalues.Integer.Text(23))
	// Output: +4.4% 0.6667 23
}
