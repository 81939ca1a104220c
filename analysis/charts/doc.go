// Package charts draws the study's figures with gonum/plot and renders
// them to PNG or SVG.
//
//   - Spread: the daily spread of A over B through time, the threshold as a
//     line and the events as points (the article's chart).
//   - Forward: mean forward returns of A and B per horizon, events beside the
//     unconditional baseline.
//   - Path: the average cumulative return of A and B for each trading day
//     after an event.
//
// Each function returns a *plot.Plot that callers may adjust; Render turns a
// plot into bytes and Save writes it to a file atomically, choosing the
// format from the extension:
//
//	p, err := charts.Spread(res)
//	...
//	err = charts.Save(p, "out/spread.png", charts.Wide)
package charts
