package display

import (
	"errors"
	"fmt"
	"html"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
	"gonum.org/v1/plot"

	"github.com/rotationlab/rotation/charts"
	"github.com/rotationlab/rotation/marketdata"
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
					text = Percent(v)
				default:
					text = strconv.FormatFloat(v, 'f', opt.Digits, 64)
				}
			case series.Int:
				align = ` style="text-align:right"`
				text = s.Elem(i).String()
			default:
				text = s.Elem(i).String()
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

// Percent formats a fraction as a percentage with two decimals.
func Percent(x float64) string {
	if math.IsNaN(x) {
		return ""
	}
	return strconv.FormatFloat(100*x, 'f', 2, 64) + "%"
}

// PNG renders a plot as PNG bytes at the given size (charts.Wide when
// zero).
func PNG(p *plot.Plot, size charts.Size) ([]byte, error) {
	if size.W == 0 || size.H == 0 {
		size = charts.Wide
	}
	return charts.Render(p, size, "png")
}

// ErrNoData is returned by DataDir when no price data can be found.
var ErrNoData = errors.New("display: no price data")

// DataDir finds the price directory for a notebook running in notebookDir
// (GoNB's $GONB_DIR): param when set, else $ROTATION_DATA, else
// ../shared/data/prices beside the checkout. It checks that the directory
// holds the tickers' files.
func DataDir(param, notebookDir string, getenv func(string) string, tickers ...marketdata.Ticker) (string, error) {
	var tried []string
	try := func(d string) (string, bool) {
		if d == "" {
			return "", false
		}
		if !filepath.IsAbs(d) && notebookDir != "" {
			d = filepath.Join(notebookDir, d)
		}
		tried = append(tried, d)
		for _, t := range tickers {
			if _, err := os.Stat(marketdata.Path(d, t)); err != nil {
				return "", false
			}
		}
		fi, err := os.Stat(d)
		return d, err == nil && fi.IsDir()
	}
	cands := []string{param, getenv(marketdata.EnvDataDir)}
	if notebookDir != "" {
		cands = append(cands, filepath.Join(notebookDir, "..", "..", "shared", "data", "prices"))
	}
	for _, c := range cands {
		if d, ok := try(c); ok {
			return filepath.Clean(d), nil
		}
	}
	return "", fmt.Errorf("%w for %v: tried %s; set the dataDir parameter or $%s, or download prices with 'rotation fetch -data DIR %s'",
		ErrNoData, tickers, strings.Join(tried, ", "), marketdata.EnvDataDir, joinTickers(tickers))
}

func joinTickers(ts []marketdata.Ticker) string {
	s := make([]string, len(ts))
	for i, t := range ts {
		s[i] = string(t)
	}
	return strings.Join(s, " ")
}
