package export_test

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/rotationlab/rotation/jupyter/export"
	"github.com/rotationlab/rotation/jupyter/nbformat"
)

// BenchmarkHTMLTenCharts exports a notebook with ten PNG charts (the
// study's charts at the notebooks' size) and a code cell before each.
func BenchmarkHTMLTenCharts(b *testing.B) {
	// A chart-sized PNG (1000x600, about the size of the study's charts),
	// made here so that the runner's tests import nothing of the study.
	img := image.NewRGBA(image.Rect(0, 0, 1000, 600))
	rng := rand.New(rand.NewPCG(1, 2))
	for y := range 600 {
		for x := range 1000 {
			v := uint8(255)
			if (x+y)%53 == 0 || rng.IntN(2000) == 0 {
				v = uint8(rng.IntN(128))
			}
			img.Set(x, y, color.RGBA{v, v, 255, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		b.Fatal(err)
	}
	enc := base64.StdEncoding.EncodeToString(buf.Bytes())
	nb := &nbformat.Notebook{Format: 4, Minor: 5, Metadata: map[string]any{"language_info": map[string]any{"name": "go"}}}
	for i := range 10 {
		nb.Cells = append(nb.Cells, &nbformat.Cell{Type: nbformat.Markdown, Source: fmt.Sprintf("## Chart %d\nSome *text*.", i)},
			&nbformat.Cell{Type: nbformat.Code, Source: "%%\nres, err := study().Run()\nshow.Check(err)\nshow.Plot(charts.Spread(res))",
				Outputs: []nbformat.Output{{Type: nbformat.DisplayData, Data: nbformat.MimeBundle{"image/png": enc}, Metadata: map[string]any{}}}})
	}
	b.SetBytes(int64(10 * len(enc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := export.HTML(nb, export.Options{Name: "bench.ipynb"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHTMLTables exports a notebook with twenty HTML tables of 50
// rows and 10 right-aligned cells (the study's tables, about 04-is-it-real's
// load), sanitized (the default) and trusted: the sanitizer's cost.
func BenchmarkHTMLTables(b *testing.B) {
	var t strings.Builder
	t.WriteString(`<table class="rotation"><caption>c</caption><thead><tr>`)
	for c := range 10 {
		fmt.Fprintf(&t, "<th>col %d</th>", c)
	}
	t.WriteString("</tr></thead>\n<tbody>\n")
	for r := range 50 {
		t.WriteString("<tr>")
		for c := range 10 {
			fmt.Fprintf(&t, `<td style="text-align:right">%.4f</td>`, float64(r*c)/7)
		}
		t.WriteString("</tr>\n")
	}
	t.WriteString("</tbody></table>")
	nb := &nbformat.Notebook{Format: 4, Minor: 5, Metadata: map[string]any{"language_info": map[string]any{"name": "go"}}}
	for range 20 {
		nb.Cells = append(nb.Cells, &nbformat.Cell{Type: nbformat.Code, Source: "show.Table(t)",
			Outputs: []nbformat.Output{{Type: nbformat.DisplayData, Data: nbformat.MimeBundle{"text/html": t.String()}, Metadata: map[string]any{}}}})
	}
	for _, trust := range []bool{false, true} {
		b.Run(map[bool]string{false: "sanitized", true: "trusted"}[trust], func(b *testing.B) {
			b.SetBytes(int64(20 * t.Len()))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := export.HTML(nb, export.Options{Name: "bench.ipynb", Trust: trust}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
