// Package analysis holds the event study: daily returns of two legs, the
// spread between them, the days when the spread crosses a threshold
// (events), and what both legs did over the following horizons.
//
// The study follows the newsletter article it reproduces: A is IWM (small
// caps), B is QQQ (the Nasdaq 100), an event is a day when A's close-to-close
// return beat B's by 4 percentage points or more, and the forward horizons
// are 63 and 252 trading days (3 and 12 months). Everything is an option:
// the legs, the threshold, the mirror case, a window of dates, declustering,
// horizons in trading days or calendar months, adjusted or raw closes, and
// entry at the event's close or a later one.
//
// Beyond the article, each horizon carries the unconditional baseline (the
// same forward return from every day in the window), the excess of the
// events over it with a seeded bootstrap interval and p-value, and the
// number of episodes the events cluster into. Scan runs the event count for
// every ordered pair of a universe of tickers; Sweep reruns the study over
// thresholds. The price of searching: GridNull runs the specification grid
// under date-shifted event sets (the inferential specification curve), and
// SearchScan gives every pair of a scan a date-shift p-value, adjusted for
// the number tested, and a data-snooping test of the best pair.
//
// The package computes over slices and aligned series (package marketdata)
// only. Its neighbours build on it: tables renders results as gota
// dataframes, charts draws them with gonum/plot, reproduce sets the
// article's claims (package article) beside them, report writes them as
// JSON and text (rotation's output), display and show put them in
// notebooks.
//
//	al, err := marketdata.Align(iwm, qqq)
//	...
//	opt := analysis.DefaultOptions()
//	opt.Before = time.Date(2024, 7, 11, 0, 0, 0, 0, time.UTC)
//	res, err := analysis.Run(al, opt)
//	...
//	for _, h := range res.Horizons {
//		fmt.Println(h.Horizon, h.N, h.Events.A.Mean, h.Baseline.A.Mean, h.Excess.A.P)
//	}
//
// What makes a day an event is defined once, by an EventRule: the
// threshold, its comparison (>= or >), the mirror and the window
// [After, Before). Options and GridOptions embed it, ScanOptions holds its
// fields (ScanOptions.Rule); Run, Grid and Scan all select their events
// with its Window and Hit, so the same rule gives the same days in each.
// A scan's mirror is the reversed pair: under it, row (A, B) is the
// unmirrored row (B, A).
//
// Options.Validate (and ScanOptions.Validate) refuse values that are
// surely a mistake, such as a threshold of 4 (a 400-point spread: did you
// mean 0.04?), with an *OptionError naming the field, so that a command
// names its own flag. StudyGaps measures the NYSE trading days the aligned
// series lack; its Err refuses data over marketdata.DefaultGapRule, whose
// returns would span missing days.
//
// Returns are always fractions: 0.0359 is 3.59%.
package analysis
