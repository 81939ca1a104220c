package export

import (
	"bytes"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/rotationlab/rotation/jupyter/nbformat"
)

func TestSVGActive(t *testing.T) {
	for _, tc := range []struct {
		svg    string
		active bool
	}{
		{`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="5" height="5" fill="red"/></svg>`, false},
		{`<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg xmlns="http://www.w3.org/2000/svg"><!-- c --><text>a &lt; b</text></svg>`, false},
		{`<svg xmlns="http://www.w3.org/2000/svg"><defs><linearGradient id="g"/></defs><rect style="fill: url(#g)"/><use href="#g"/></svg>`, false},
		{`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`, true},
		{`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`, true},
		{`<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>`, true},
		{`<svg xmlns="http://www.w3.org/2000/svg"><a href="https://example.org"><text>x</text></a></svg>`, true},
		{`<svg xmlns="http://www.w3.org/2000/svg"><a><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a></svg>`, true},
		{`<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject></svg>`, true},
		{`<svg xmlns="http://www.w3.org/2000/svg"><style>@import "https://example.org/x.css";</style></svg>`, true},
		{`<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill: url( 'https://example.org/x.png' )"/></svg>`, true},
		{`<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg"><text>&a;</text></svg>`, true},
		{`<svg><script>`, true}, // does not parse
	} {
		if got := svgActive(tc.svg); got != tc.active {
			t.Errorf("svgActive(%q) = %v, want %v", tc.svg, got, tc.active)
		}
	}
}

// TestMarkdownSVGFiles: Markdown export writes an SVG output as a file of
// its own only when it cannot do more than draw, else the output's PNG,
// else a note; -trust writes it as it is.
func TestMarkdownSVGFiles(t *testing.T) {
	evil := `<svg xmlns="http://www.w3.org/2000/svg"><script>document.title="ran"</script></svg>`
	plain := `<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>`
	out := func(data nbformat.MimeBundle) nbformat.Output {
		return nbformat.Output{Type: nbformat.DisplayData, Data: data, Metadata: map[string]any{}}
	}
	nb := &nbformat.Notebook{Format: 4, Minor: 5, Metadata: map[string]any{}, Cells: []*nbformat.Cell{
		{Type: nbformat.Code, Source: "x", Metadata: map[string]any{}, Outputs: []nbformat.Output{
			out(nbformat.MimeBundle{"image/svg+xml": evil}),
			out(nbformat.MimeBundle{"image/svg+xml": evil, "image/png": "iVBORw0KGgo="}),
			out(nbformat.MimeBundle{"image/svg+xml": plain}),
		}},
	}}
	for _, trust := range []bool{false, true} {
		md, files, err := Markdown(nb, Options{Name: "x.ipynb", Trust: trust})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, f := range files {
			names = append(names, f.Path)
			if !trust && strings.Contains(string(f.Data), "<script") {
				t.Errorf("%s holds the script", f.Path)
			}
		}
		want := "x_files/cell01-output1.svg x_files/cell01-output2.svg x_files/cell01-output3.svg"
		if !trust {
			want = "x_files/cell01-output2.png x_files/cell01-output3.svg"
			if !strings.Contains(string(md), "output 1 of cell 1, an SVG image that holds scripts") {
				t.Errorf("no note for the SVG left out:\n%s", md)
			}
		}
		if got := strings.Join(names, " "); got != want {
			t.Errorf("trust %v: files %s, want %s", trust, got, want)
		}
	}
}

// TestSVGActiveOnCharts: a gonum/plot chart's SVG (the study draws its
// charts with it) is a plain drawing.
func TestSVGActiveOnCharts(t *testing.T) {
	p := plot.New()
	p.Title.Text = "a & b < c"
	p.X.Label.Text, p.Y.Label.Text = "x", "y"
	l, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 1}, {X: 1, Y: 3}, {X: 2, Y: 2}})
	if err != nil {
		t.Fatal(err)
	}
	p.Add(l, plotter.NewGrid())
	p.Legend.Add("line", l)
	w, err := p.WriterTo(4*vg.Inch, 3*vg.Inch, "svg")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if _, err := w.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "<svg") {
		t.Fatalf("not an SVG: %.200s", b.String())
	}
	if svgActive(b.String()) {
		t.Errorf("a chart counted as active:\n%.500s", b.String())
	}
}
