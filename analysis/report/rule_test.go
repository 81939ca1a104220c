package report_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/article"
	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/report"
)

// The reports say which event rule they show: the comparison (>= or >)
// and the mirror, in the headline of the text and in the JSON.
func TestReportsNameTheRule(t *testing.T) {
	tests := []struct {
		name      string
		compare   analysis.Comparison
		mirror    bool
		study     string // the study's headline
		scan      string // the scan's headline
		jsonAbove bool
	}{
		{"default", analysis.AtLeast, false,
			"Days when AAA's daily return beat BBB's by 4.00 pp or more (spread >= +4.00%), adjusted close",
			"Days when A's daily return beat B's by 4.00 pp or more (adjusted close)", false},
		{">", analysis.Above, false,
			"Days when AAA's daily return beat BBB's by more than 4.00 pp (spread > +4.00%), adjusted close",
			"Days when A's daily return beat B's by more than 4.00 pp (adjusted close)", true},
		{"mirror", analysis.AtLeast, true,
			"Days when AAA's daily return trailed BBB's by 4.00 pp or more (spread <= -4.00%), adjusted close",
			"Days when A's daily return trailed B's by 4.00 pp or more (adjusted close)", false},
		{"mirror >", analysis.Above, true,
			"Days when AAA's daily return trailed BBB's by more than 4.00 pp (spread < -4.00%), adjusted close",
			"Days when A's daily return trailed B's by more than 4.00 pp (adjusted close)", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := opts()
			o.Compare, o.Mirror, o.Resamples = tt.compare, tt.mirror, 0
			r, err := analysis.Run(fixture(t), o)
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := report.WriteStudy(&b, r, article.Equalizer(), nil); err != nil {
				t.Fatal(err)
			}
			if got, _, _ := strings.Cut(b.String(), "\n"); got != tt.study {
				t.Errorf("study headline\n%s\nwant\n%s", got, tt.study)
			}
			var js struct {
				Above  bool `json:"above"`
				Mirror bool `json:"mirror"`
			}
			if err := json.Unmarshal([]byte(asJSON(t, report.NewStudy(r, nil))), &js); err != nil {
				t.Fatal(err)
			}
			if js.Above != tt.jsonAbove || js.Mirror != tt.mirror {
				t.Errorf("study JSON above %v, mirror %v; want %v, %v", js.Above, js.Mirror, tt.jsonAbove, tt.mirror)
			}

			so := analysis.ScanOptions{Threshold: 0.04, Compare: tt.compare, Mirror: tt.mirror, Horizons: o.Horizons}
			u, err := analysis.NewUniverse(marketdata.Adjusted, fixture(t).Series...)
			if err != nil {
				t.Fatal(err)
			}
			rows, err := analysis.Scan(u, so)
			if err != nil {
				t.Fatal(err)
			}
			b.Reset()
			if err := report.WriteScan(&b, rows, so, marketdata.Adjusted, nil); err != nil {
				t.Fatal(err)
			}
			if got, _, _ := strings.Cut(b.String(), "\n"); !strings.HasPrefix(got, tt.scan) {
				t.Errorf("scan headline\n%s\nwant it to begin\n%s", got, tt.scan)
			}
			js.Above, js.Mirror = false, false
			if err := json.Unmarshal([]byte(asJSON(t, report.NewScan(rows, so, marketdata.Adjusted, nil))), &js); err != nil {
				t.Fatal(err)
			}
			if js.Above != tt.jsonAbove || js.Mirror != tt.mirror {
				t.Errorf("scan JSON above %v, mirror %v; want %v, %v", js.Above, js.Mirror, tt.jsonAbove, tt.mirror)
			}
		})
	}
}
