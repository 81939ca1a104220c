package report_test

import (
	"fmt"
	"math"
	"strconv"
	"testing"

	"github.com/rotationlab/rotation/analysis/report"
)

func TestPercent(t *testing.T) {
	tests := []struct {
		style report.Percent
		x     float64
		want  string
	}{
		{report.SignedPct, 0.0359, "+3.59%"},
		{report.SignedPct, -0.0219, "-2.19%"},
		{report.SignedPct, 0, "+0.00%"},
		{report.SignedPct, math.NaN(), "n/a"},
		{report.SignedPct1, 0.059, "+5.9%"},
		{report.PlainPct, 0.1234, "12.34%"},
		{report.TablePct, -0.0219, "-2.19%"},
		{report.TablePct, math.NaN(), ""},
		{report.WholePct, 0.5, "50%"},
		{report.WholePct, 1, "100%"},
		{report.WholePct, math.NaN(), "n/a"},
	}
	for _, tt := range tests {
		if got := tt.style.Format(tt.x); got != tt.want {
			t.Errorf("%+v.Format(%v) = %q, want %q", tt.style, tt.x, got, tt.want)
		}
		if got := string(tt.style.Append([]byte("x"), tt.x)); got != "x"+tt.want {
			t.Errorf("Append: %q", got)
		}
	}
}

func ExamplePercent() {
	fmt.Println(report.SignedPct.Format(0.0359), report.SignedPct1.Format(0.059), report.PlainPct.Format(0.1234),
		report.WholePct.Format(0.5), report.SignedPct.Format(math.NaN()), strconv.Quote(report.TablePct.Format(math.NaN())))
	// Output: +3.59% +5.9% 12.34% 50% n/a ""
}
