package charts_test

import (
	"bytes"
	"math"
	"testing"

	"github.com/rotationlab/rotation/analysis/charts"
)

// Null draws a shifted distribution with the observed value, and refuses
// a null with no number or an observed value that is not one.
func TestNull(t *testing.T) {
	null := []float64{-0.02, -0.01, 0, 0.005, 0.01, math.NaN(), 0.015, 0.02}
	p, err := charts.Null(null, 0.08, "12m IWM-QQQ median excess")
	if err != nil {
		t.Fatal(err)
	}
	if p.Title.Text != "12m IWM-QQQ median excess under 7 date shifts" {
		t.Errorf("title %q", p.Title.Text)
	}
	// The observed value lies beyond the null's range, and is drawn.
	if p.X.Max < 8 || p.X.Min > -2 {
		t.Errorf("x range %v to %v does not hold -2%% and +8%%", p.X.Min, p.X.Max)
	}
	b, err := charts.Render(p, charts.Wide, "png")
	if err != nil || !bytes.HasPrefix(b, []byte("\x89PNG")) {
		t.Fatalf("render: %v", err)
	}
	if _, err := charts.Null([]float64{math.NaN()}, 0.1, "x"); err == nil {
		t.Error("no number in the null: no error")
	}
	if _, err := charts.Null(null, math.NaN(), "x"); err == nil {
		t.Error("NaN observed: no error")
	}
}
