package show

import (
	"fmt"
	"html"
	"os"

	"github.com/go-gota/gota/dataframe"
	"github.com/janpfeifer/gonb/gonbui"
	"gonum.org/v1/plot"

	"github.com/rotationlab/rotation/analysis/charts"
	"github.com/rotationlab/rotation/analysis/display"
)

// Check ends a notebook cell with the error on stderr and a failing exit
// status, so that nbrun (and a reader) sees the cell fail. It does nothing
// for a nil error.
func Check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

// Table displays a dataframe as an HTML table in GoNB.
func Table(df dataframe.DataFrame, opt display.TableOptions) {
	html, err := display.Table(df, opt)
	Check(err)
	gonbui.DisplayHTML(html)
	gonbui.Sync()
}

// Plot displays a chart as a PNG in GoNB (so that it renders on code
// hosts too). It takes the chart constructor's error as well.
func Plot(p *plot.Plot, err error) {
	Check(err)
	b, err := display.PNG(p, charts.Wide)
	Check(err)
	gonbui.DisplayPNG(b)
	gonbui.Sync()
}

// Text displays preformatted text in GoNB, through the same channel as
// tables and charts: text printed to stdout can overtake or trail a
// display, which would make a cell's outputs come in a different order from
// run to run.
//
// Every function here waits (gonbui.Sync) until GoNB has passed the output
// on: a cell's program that ends with output still in GoNB's pipe can have
// it published after the cell is reported done, and a runner then misses
// it.
func Text(format string, args ...any) {
	gonbui.DisplayHTML("<pre>" + html.EscapeString(fmt.Sprintf(format, args...)) + "</pre>")
	gonbui.Sync()
}
