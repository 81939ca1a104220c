// Package charts draws the study's figures with gonum/plot and renders
// them to PNG or SVG.
//
//   - Spread: the daily spread of A over B through time, the threshold as a
//     line and the events as points (the article's chart).
//   - Forward: mean forward returns of A and B per horizon, events beside the
//     unconditional baseline.
//   - Path: the average cumulative return of A and B for each trading day
//     after an event.
//   - Prices, Histogram, Rebased, CAR, SpecCurve, Null and PairHeatMap for
//     the notebooks.
//
// A chart's legend is drawn in rows above its data area, below the title,
// never over a line or a bar (the plot reserves the room; gonum's own
// p.Legend stays empty). A heat map has a colour scale at its right, and
// writes each cell's value in black or white, whichever contrasts more with
// the cell's colour. The legends are laid out for charts of width Wide.
//
// Each function returns a *plot.Plot that callers may adjust; Render turns a
// plot into bytes and Save writes it to a file atomically, choosing the
// format from the extension:
//
//	p, err := charts.Spread(res)
//	...
//	err = charts.Save(p, "out/spread.png", charts.Wide)
package charts
