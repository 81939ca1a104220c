package display

import (
	"fmt"
	"html"
	"os"
	"time"

	"github.com/go-gota/gota/dataframe"
	"github.com/janpfeifer/gonb/gonbui"
	"gonum.org/v1/plot"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/charts"
	"github.com/rotationlab/rotation/marketdata"
)

// Study is a notebook's set-up, taken from its parameters cell.
type Study struct {
	// DataDir is the dataDir parameter ("" to look it up, see DataDir).
	DataDir string
	A, B    string
	// Threshold as a fraction; Horizons as for analysis.ParseHorizons.
	Threshold float64
	Horizons  string
	// Cutoff, when set, makes events days strictly before it (YYYY-MM-DD).
	Cutoff string
}

// Options turns the parameters into analysis options.
func (s Study) Options() (analysis.Options, error) {
	o := analysis.DefaultOptions()
	var err error
	if o.A, err = marketdata.ParseTicker(s.A); err != nil {
		return o, err
	}
	if o.B, err = marketdata.ParseTicker(s.B); err != nil {
		return o, err
	}
	o.Threshold = s.Threshold
	if o.Horizons, err = analysis.ParseHorizons(s.Horizons); err != nil {
		return o, err
	}
	if s.Cutoff != "" {
		if o.Before, err = marketdata.ParseDate(s.Cutoff); err != nil {
			return o, err
		}
	}
	return o, o.Validate()
}

// Dir finds the price data for the notebook (see DataDir), from the
// notebook's directory $GONB_DIR.
func (s Study) Dir(tickers ...marketdata.Ticker) (string, error) {
	return DataDir(s.DataDir, os.Getenv("GONB_DIR"), os.Getenv, tickers...)
}

// Load reads and aligns the two legs.
func (s Study) Load() (*marketdata.Aligned, analysis.Options, error) {
	o, err := s.Options()
	if err != nil {
		return nil, o, err
	}
	dir, err := s.Dir(o.A, o.B)
	if err != nil {
		return nil, o, err
	}
	series, err := marketdata.LoadAll(dir, o.A, o.B)
	if err != nil {
		return nil, o, err
	}
	al, err := marketdata.Align(series...)
	return al, o, err
}

// Run loads the data and runs the study with the parameters.
func (s Study) Run() (*analysis.Result, error) {
	al, o, err := s.Load()
	if err != nil {
		return nil, err
	}
	return analysis.Run(al, o)
}

// Check ends a notebook cell with the error on stderr and a failing exit
// status, so that nbrun (and a reader) sees the cell fail. It does nothing
// for a nil error.
func Check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

// ShowTable displays a dataframe as an HTML table in GoNB.
func ShowTable(df dataframe.DataFrame, opt TableOptions) {
	html, err := Table(df, opt)
	Check(err)
	gonbui.DisplayHTML(html)
	gonbui.Sync()
}

// ShowPlot displays a chart as a PNG in GoNB (so that it renders on code
// hosts too). It takes the chart constructor's error as well.
func ShowPlot(p *plot.Plot, err error) {
	Check(err)
	b, err := PNG(p, charts.Wide)
	Check(err)
	gonbui.DisplayPNG(b)
	gonbui.Sync()
}

// Date formats a date for notebook text.
func Date(t time.Time) string { return t.Format(marketdata.DateLayout) }

// ShowText displays preformatted text in GoNB, through the same channel as
// tables and charts: text printed to stdout can overtake or trail a
// display, which would make a cell's outputs come in a different order from
// run to run.
//
// Every Show function waits (gonbui.Sync) until GoNB has passed the output
// on: a cell's program that ends with output still in GoNB's pipe can have
// it published after the cell is reported done, and a runner then misses
// it.
func ShowText(format string, args ...any) {
	gonbui.DisplayHTML("<pre>" + html.EscapeString(fmt.Sprintf(format, args...)) + "</pre>")
	gonbui.Sync()
}
