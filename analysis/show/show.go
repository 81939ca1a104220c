package show

import (
	"encoding/json"
	"fmt"
	"html"
	"math"
	"os"
	"sort"
	"strings"

	"github.com/go-gota/gota/dataframe"
	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/protocol"
	"gonum.org/v1/plot"

	"github.com/rotationlab/rotation/analysis/charts"
	"github.com/rotationlab/rotation/analysis/display"
	"github.com/rotationlab/rotation/internal/nbvalues"
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

// Values publishes named numbers (or strings) for a sweep's summary: nbrun
// -sweep puts them in its summary table, one column each. The display also
// shows them as a small table for the reader. They go out as a display of
// MIME type nbvalues.MIME, which nbrun reads from the outputs.
func Values(vals map[string]any) {
	names := make([]string, 0, len(vals))
	for k := range vals {
		names = append(names, k)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString(`<table class="rotation"><caption>published for nbrun's summary</caption><tbody>`)
	for _, k := range names {
		fmt.Fprintf(&b, "<tr><th>%s</th><td>%v</td></tr>", html.EscapeString(k), vals[k])
	}
	b.WriteString("</tbody></table>")
	clean := make(map[string]any, len(vals))
	for k, v := range vals {
		if f, ok := v.(float64); ok && (math.IsNaN(f) || math.IsInf(f, 0)) {
			v = nil // undefined: null, never a made-up number
		}
		clean[k] = v
	}
	js, err := json.Marshal(clean)
	Check(err)
	gonbui.SendData(&protocol.DisplayData{Data: map[protocol.MIMEType]any{
		protocol.MIMETextHTML: b.String(),
		nbvalues.MIME:         string(js),
	}})
	gonbui.Sync()
}
