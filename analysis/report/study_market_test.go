package report_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/article"
	"github.com/rotationlab/rotation/analysis/eventstudy"
	"github.com/rotationlab/rotation/analysis/eventstudy/eventstudytest"
	"github.com/rotationlab/rotation/analysis/report"
)

// marketStudy runs the raw study and the event study on the synthetic
// data of eventstudytest as rotation study -market SPY does.
func marketStudy(t *testing.T) (*analysis.Result, *analysis.Gaps, *eventstudy.Result) {
	t.Helper()
	dir := eventstudytest.Dir(t)
	o := setUp(t, "IWM", "QQQ", "20,63", 200)
	r, g := study(t, dir, o, true)
	eo := eventstudy.DefaultOptions()
	eo.Study, eo.Draws = o, 200
	es, err := eventstudy.Run(aligned(t, dir, "IWM", "QQQ", "SPY"), eo)
	if err != nil {
		t.Fatal(err)
	}
	return r, g, es
}

// The study's report against the market, text and JSON, held to golden
// files.
func TestGoldenMarket(t *testing.T) {
	r, g, es := marketStudy(t)
	golden(t, "study-market.txt", text(t, func(b *bytes.Buffer) error {
		return report.WriteStudyMarket(b, r, article.Equalizer(), g, es, "")
	}))
	golden(t, "study-market.json", asJSON(t, report.NewStudyMarket(r, g, es)))
	golden(t, "study-market-none.txt", text(t, func(b *bytes.Buffer) error {
		return report.WriteStudyMarket(b, r, article.Equalizer(), g, nil, "Against the market: none (-market none)")
	}))
}

// Beside the market, the JSON keeps every raw field as NewStudy writes it.
func TestStudyMarketKeepsRawFields(t *testing.T) {
	r, g, es := marketStudy(t)
	var raw, both map[string]any
	if err := json.Unmarshal([]byte(asJSON(t, report.NewStudy(r, g))), &raw); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(asJSON(t, report.NewStudyMarket(r, g, es))), &both); err != nil {
		t.Fatal(err)
	}
	if _, ok := both["market"]; !ok {
		t.Fatal("no market field")
	}
	delete(both, "market")
	if !reflect.DeepEqual(raw, both) {
		t.Errorf("raw fields changed beside the market:\n%v\nwant\n%v", both, raw)
	}
	var none map[string]any
	if err := json.Unmarshal([]byte(asJSON(t, report.NewStudyMarket(r, g, nil))), &none); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(raw, none) {
		t.Error("without a market the JSON differs from NewStudy's")
	}
}
