package display

import (
	"fmt"
	"html"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
	"gonum.org/v1/plot"

	"github.com/rotationlab/rotation/analysis/charts"
	"github.com/rotationlab/rotation/analysis/report"
)

// TableOptions control Table.
type TableOptions struct {
	// Percent names columns of fractions to show as percentages with two
	// decimals (0.0359 as 3.59%).
	Percent []string
	// Digits is the number of decimals for other float columns (default 4).
	Digits int
	// Caption is shown above the table.
	Caption string
	// MaxRows limits the rows shown (0: all); a last row says how many
	// were left out.
	MaxRows int
}

// Table renders a dataframe as an HTML table. Text is escaped; NaN shows
// as an empty cell. The frame's Err is checked first.
func Table(df dataframe.DataFrame, opt TableOptions) (string, error) {
	if df.Err != nil {
		return "", fmt.Errorf("display: %w", df.Err)
	}
	if opt.Digits <= 0 {
		opt.Digits = 4
	}
	rows, cols := df.Dims()
	names := df.Names()
	var b strings.Builder
	b.WriteString(`<table class="rotation">` + "\n")
	if opt.Caption != "" {
		b.WriteString("<caption>" + html.EscapeString(opt.Caption) + "</caption>\n")
	}
	b.WriteString("<thead><tr>")
	for _, n := range names {
		b.WriteString("<th>" + html.EscapeString(n) + "</th>")
	}
	b.WriteString("</tr></thead>\n<tbody>\n")
	shown := rows
	if opt.MaxRows > 0 && rows > opt.MaxRows {
		shown = opt.MaxRows
	}
	colsData := make([]series.Series, cols)
	for j := range cols {
		colsData[j] = df.Col(names[j])
	}
	for i := range shown {
		b.WriteString("<tr>")
		for j := range cols {
			s := colsData[j]
			align := ""
			var text string
			switch s.Type() {
			case series.Float:
				align = ` style="text-align:right"`
				v := s.Elem(i).Float()
				switch {
				case math.IsNaN(v):
					text = ""
				case slices.Contains(opt.Percent, names[j]):
					text = report.TablePct.Format(v)
				default:
					text = strconv.FormatFloat(v, 'f', opt.Digits, 64)
				}
			case series.Int:
				align = ` style="text-align:right"`
				text = s.Elem(i).String()
			default:
				text = s.Elem(i).String()
			}
			// A cell of one word (a date, a number, a ticker) never
			// breaks: on a narrow screen the table scrolls instead of
			// splitting 2000-09-21 over two lines. Cells of several words
			// wrap.
			switch {
			case text == "" || strings.Contains(text, " "):
			case align == "":
				align = ` style="white-space:nowrap"`
			default:
				align = ` style="text-align:right;white-space:nowrap"`
			}
			b.WriteString("<td" + align + ">" + html.EscapeString(text) + "</td>")
		}
		b.WriteString("</tr>\n")
	}
	if shown < rows {
		fmt.Fprintf(&b, `<tr><td colspan="%d">… %d more rows</td></tr>`+"\n", cols, rows-shown)
	}
	b.WriteString("</tbody>\n</table>\n")
	return b.String(), nil
}

// PNG renders a plot as PNG bytes at the given size (charts.Wide when
// zero).
func PNG(p *plot.Plot, size charts.Size) ([]byte, error) {
	if size.W == 0 || size.H == 0 {
		size = charts.Wide
	}
	return charts.Render(p, size, "png")
}
