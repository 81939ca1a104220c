package analysis_test

import (
	"math"
	"testing"

	"github.com/rotationlab/rotation/analysis"
)

func TestPercent(t *testing.T) {
	tests := []struct {
		style analysis.Percent
		x     float64
		want  string
	}{
		{analysis.SignedPct, 0.0359, "+3.59%"},
		{analysis.SignedPct, -0.0219, "-2.19%"},
		{analysis.SignedPct, 0, "+0.00%"},
		{analysis.SignedPct, math.NaN(), "n/a"},
		{analysis.SignedPct1, 0.059, "+5.9%"},
		{analysis.PlainPct, 0.1234, "12.34%"},
		{analysis.TablePct, -0.0219, "-2.19%"},
		{analysis.TablePct, math.NaN(), ""},
		{analysis.WholePct, 0.5, "50%"},
		{analysis.WholePct, 1, "100%"},
		{analysis.WholePct, math.NaN(), "n/a"},
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
