package export_test

import (
	"encoding/base64"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/charts"
	"github.com/rotationlab/rotation/export"
	"github.com/rotationlab/rotation/marketdata"
	"github.com/rotationlab/rotation/notebook"
)

// BenchmarkHTMLTenCharts exports a notebook with ten PNG charts (the
// study's charts at the notebooks' size) and a code cell before each.
func BenchmarkHTMLTenCharts(b *testing.B) {
	s, err := marketdata.LoadAll(filepath.Join("..", "testdata", "prices"), "AAA", "BBB")
	if err != nil {
		b.Fatal(err)
	}
	al, _ := marketdata.Align(s...)
	o := analysis.DefaultOptions()
	o.A, o.B, o.Horizons = "AAA", "BBB", []analysis.Horizon{analysis.Days(2)}
	r, err := analysis.Run(al, o)
	if err != nil {
		b.Fatal(err)
	}
	p, err := charts.Spread(r)
	if err != nil {
		b.Fatal(err)
	}
	png, err := charts.Render(p, charts.Wide, "png")
	if err != nil {
		b.Fatal(err)
	}
	enc := base64.StdEncoding.EncodeToString(png)
	nb := &notebook.Notebook{Format: 4, Minor: 5, Metadata: map[string]any{"language_info": map[string]any{"name": "go"}}}
	for i := range 10 {
		nb.Cells = append(nb.Cells, &notebook.Cell{Type: notebook.Markdown, Source: fmt.Sprintf("## Chart %d\nSome *text*.", i)},
			&notebook.Cell{Type: notebook.Code, Source: "%%\nres, err := study().Run()\ndisplay.Check(err)\ndisplay.ShowPlot(charts.Spread(res))",
				Outputs: []notebook.Output{{"output_type": "display_data", "data": map[string]any{"image/png": enc}, "metadata": map[string]any{}}}})
	}
	b.SetBytes(int64(10 * len(enc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := export.HTML(nb, export.Options{Name: "bench.ipynb"}); err != nil {
			b.Fatal(err)
		}
	}
}
