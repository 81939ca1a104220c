// Package eventstudy measures the study's events against the market and
// sets the methods of inference side by side.
//
// # Abnormal returns
//
// Three series are aligned: the legs A and B and the market (SPY). For
// every row t of the data (an event on row t, a position entered at row
// t+EntryLag, held over a horizon) and each leg (A, B and the spread, long
// A short B) there are three measures (PerRow):
//
//   - Raw: the forward return; its figures are in excess of the baseline,
//     the same return from every row of the window, as in package
//     analysis.
//   - MarketAdjusted: the forward return less the market's over the same
//     days.
//   - MarketModel: the buy-and-hold abnormal return (BHAR),
//     prod(1+r) - prod(1+alpha+beta*m) over the holding days, alpha and
//     beta the OLS of the leg's daily returns on the market's over the
//     estimation window, by default the 250 returns ending 11 trading days
//     before the event, the study's event days left out (the window
//     reaches back past them; Options.KeepEventDays keeps them). Rows
//     whose window lacks data have NaN; events there say why
//     (Event.Missing) and are left out of this measure only.
//
// The market models of all rows cost O(rows) together (FitRollingSkip runs
// prefix sums), so the date-shift test can move the events to any row.
// The horizon EventDay is the event day's own return.
//
// # Inference
//
// Result.Methods sets, for each horizon, leg and measure, the methods side
// by side, each as a Row (estimate, interval, p-value, count and detail):
//
//   - IIDBootstrap: events resampled as if independent (for Raw, the
//     study's own bootstrap, analysis.Result's Excess).
//   - EpisodeBootstrap: whole episodes resampled (resample.EpisodeBootstrap).
//   - DateShift: the set of event dates moved by random offsets along the
//     window, circularly (resample.DateShift); its interval inverts the test.
//   - CalendarTime: the portfolio of open events each day regressed on the
//     market, Newey-West standard errors (stat.OLS); a daily figure.
//   - SignTest (generalized: against the baseline's share of positive
//     values) and RankTest (Corrado) for the event day and the short
//     horizons.
//
// The CAR path (Result.CAR) is the mean cumulative market-model abnormal
// return from day -PreDays to the longest horizon, with the episode
// bootstrap's band.
//
//	al, err := marketdata.Align(iwm, qqq, spy)
//	...
//	res, err := eventstudy.Run(al, eventstudy.DefaultOptions())
//	...
//	for _, r := range res.Methods {
//		fmt.Println(r.Horizon, r.Leg.Name(res.Study.Options), r.Measure, r.Method, r.Estimate, r.P)
//	}
package eventstudy
