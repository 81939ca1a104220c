package analysis_test

import (
	"errors"
	"testing"

	"github.com/rotationlab/rotation/analysis"
)

// Validate names the refused field, so that a command can name its flag,
// and its own message reads in words.
func TestOptionErrors(t *testing.T) {
	tests := []struct {
		name  string
		set   func(*analysis.Options)
		field string
		msg   string
	}{
		{"negative threshold", func(o *analysis.Options) { o.Threshold = -0.04 }, "Threshold", "analysis: threshold -0.04 is not a positive number"},
		{"threshold in percent", func(o *analysis.Options) { o.Threshold = 4 }, "Threshold",
			"analysis: threshold 4 is a spread of 400 percentage points in one day (thresholds are fractions: did you mean 0.04?)"},
		{"huge threshold", func(o *analysis.Options) { o.Threshold = 400 }, "Threshold",
			"analysis: threshold 400 is a spread of 40000 percentage points in one day (thresholds are fractions)"},
		{"negative resamples", func(o *analysis.Options) { o.Resamples = -1 }, "Resamples", "analysis: resamples must not be negative (got -1)"},
		{"negative entry lag", func(o *analysis.Options) { o.EntryLag = -2 }, "EntryLag", "analysis: entry lag must not be negative (got -2)"},
		{"negative path days", func(o *analysis.Options) { o.PathDays = -1 }, "PathDays", "analysis: path days must not be negative (got -1)"},
		{"same legs", func(o *analysis.Options) { o.B = o.A }, "Legs", "analysis: legs A and B are both IWM"},
		{"no horizons", func(o *analysis.Options) { o.Horizons = nil }, "Horizons", "analysis: horizons are missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := analysis.DefaultOptions()
			tt.set(&o)
			err := o.Validate()
			var oe *analysis.OptionError
			if !errors.As(err, &oe) {
				t.Fatalf("Validate = %v, want an *OptionError", err)
			}
			if oe.Field != tt.field || err.Error() != tt.msg {
				t.Errorf("Validate = field %q, %q; want %q, %q", oe.Field, err, tt.field, tt.msg)
			}
		})
	}
	s := analysis.ScanOptions{Threshold: 3, Horizons: analysis.DefaultHorizons()}
	var oe *analysis.OptionError
	if err := s.Validate(); !errors.As(err, &oe) || oe.Field != "Threshold" {
		t.Errorf("ScanOptions.Validate = %v, want the threshold refused", err)
	}
}
