// Package tables renders the study's results as gota dataframes, for
// notebooks: the events, the summary per horizon and leg, the episodes,
// prices, chosen days, the article's named days and conventions, threshold
// sweeps and scans. Dates are strings in YYYY-MM-DD form, returns are
// fractions (0.0359 is 3.59%), and missing values are NaN. Every function
// checks the frame's Err and returns it.
//
//	res, err := analysis.Run(al, opt)
//	...
//	df, err := tables.Events(res)
package tables
