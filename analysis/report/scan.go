package report

import (
	"bytes"
	"fmt"
	"io"
	"strconv"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/marketdata"
)

// Scan is the JSON form of a scan (rotation scan -json).
type Scan struct {
	// Gaps, first so that it is seen, is there only when a series lacks
	// trading days (see analysis.SeriesGaps).
	Gaps *Gaps `json:"gaps,omitempty"`
	// Pairs are the ordered pairs, most events first, as analysis.Scan
	// returns them.
	Pairs []ScanPair `json:"pairs"`
	// Price is the close scanned: "adjusted" or "raw".
	Price string `json:"price"`
	// Threshold is the spread that makes an event, as a fraction.
	Threshold float64 `json:"threshold"`
	// Above, there only when true, says events pass the threshold
	// strictly: spread > threshold.
	Above bool `json:"above,omitempty"`
	// Mirror, there only when true, says a pair's events are the days A
	// trailed B by the threshold (the reversed pair's events).
	Mirror bool `json:"mirror,omitempty"`
	// Search, there only when date shifts were drawn, is the price of
	// the scan's search (see ScanInference).
	Search *ScanInference `json:"search,omitempty"`
}

// ScanPair is one ordered pair: the days when A's return beat B's by the
// threshold or more (more than it, with above; A trailed B, with mirror).
type ScanPair struct {
	A      marketdata.Ticker `json:"a"`
	B      marketdata.Ticker `json:"b"`
	Events int               `json:"events"`
	// Forward holds the mean forward returns, one per horizon.
	Forward []ScanForward `json:"forward"`
}

// ScanForward is a pair's mean forward returns at one horizon.
type ScanForward struct {
	Horizon string `json:"horizon"`
	// N counts the events whose forward return the data reach.
	N int `json:"n"`
	// A and B are the legs' mean forward returns over those N events.
	A Number `json:"a_mean"`
	B Number `json:"b_mean"`
}

// NewScan returns the JSON form of the rows of analysis.Scan run with opt
// on closes of the kind given; g, when not nil, adds the gaps.
func NewScan(rows []analysis.ScanRow, opt analysis.ScanOptions, kind marketdata.PriceKind, g *analysis.Gaps) Scan {
	out := Scan{Gaps: NewGaps(g), Pairs: make([]ScanPair, len(rows)), Price: kind.String(), Threshold: opt.Threshold,
		Above: opt.Compare == analysis.Above, Mirror: opt.Mirror}
	for i, r := range rows {
		out.Pairs[i] = ScanPair{A: r.A, B: r.B, Events: r.Events}
		for k, f := range r.Forward {
			out.Pairs[i].Forward = append(out.Pairs[i].Forward, ScanForward{opt.Horizons[k].String(), f.N, Number(f.A), Number(f.B)})
		}
	}
	return out
}

// WriteScan writes the scan as a right-aligned table, after the warning of
// GapNotice or, when the data pass the gap rule, a line for each series
// that lacks trading days. A universe of 500 tickers gives 249,500 rows, so
// cells are formatted straight into one buffered writer rather than
// through fmt and text/tabwriter. It returns the first write error.
func WriteScan(w io.Writer, rows []analysis.ScanRow, opt analysis.ScanOptions, kind marketdata.PriceKind, g *analysis.Gaps) error {
	bw := newWriter(w)
	if n := GapNotice(g); n != "" {
		bw.WriteString(n)
	} else {
		for _, l := range GapLines(g) {
			bw.WriteString(l + "\n")
		}
	}
	verb, margin, _ := ruleWords(opt.Rule())
	fmt.Fprintf(bw, "Days when A's daily return %s B's %s (%s close), with mean forward returns after them\n",
		verb, margin, kind)
	tw, ew, nw := 1, len("events"), 1
	for _, r := range rows {
		tw = max(tw, len(r.A), len(r.B))
		ew = max(ew, len(strconv.Itoa(r.Events)))
		for _, f := range r.Forward {
			nw = max(nw, len(strconv.Itoa(f.N)))
		}
	}
	const pw = 9 // "+1234.56%"
	var line []byte
	cell := func(s []byte, width int) {
		for range width - len(s) {
			line = append(line, ' ')
		}
		line = append(line, s...)
		line = append(line, ' ', ' ')
	}
	line = line[:0]
	cell([]byte("A"), tw)
	cell([]byte("B"), tw)
	cell([]byte("events"), ew)
	for _, h := range opt.Horizons {
		cell([]byte("n "+h.String()), max(nw, len("n "+h.String())))
		cell([]byte("A "+h.String()), pw)
		cell([]byte("B "+h.String()), pw)
	}
	bw.Write(append(bytes.TrimRight(line, " "), '\n'))
	var num []byte
	for _, r := range rows {
		line = line[:0]
		cell([]byte(r.A), tw)
		cell([]byte(r.B), tw)
		cell(strconv.AppendInt(num[:0], int64(r.Events), 10), ew)
		for k, f := range r.Forward {
			cell(strconv.AppendInt(num[:0], int64(f.N), 10), max(nw, len("n "+opt.Horizons[k].String())))
			cell(SignedPct.Append(num[:0], f.A), pw)
			cell(SignedPct.Append(num[:0], f.B), pw)
		}
		if _, err := bw.Write(append(bytes.TrimRight(line, " "), '\n')); err != nil {
			return err
		}
	}
	return bw.Flush()
}
