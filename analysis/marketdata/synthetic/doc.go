// Package synthetic writes large price files for benchmarks: two
// instruments, IWM and QQQ, as random walks in the archive layout
// (date,open,high,low,close,volume,dividend,unadj_close), so that the
// command's defaults read them.
//
// The walks are independent with 1.5% daily volatility, so the spread of
// their daily returns has a standard deviation of about 2.1% and crosses
// 4 percentage points on about 3% of days: a hard case for the study, with
// tens of thousands of events in a million rows. The log price is pulled
// weakly towards 100 (by 0.1% of its distance a day) so that prices stay
// between roughly 10 and 1,000 over millions of days and print with four
// decimals; the daily returns are still close to the walk's.
//
// Dates are consecutive calendar days from 0001-01-01. The reader accepts
// four-digit years, 0001 to 9999: that is 3,652,059 days, while 3 million
// weekdays would need about 11,500 years. So the files have weekends, and
// MaxRows bounds their length.
//
//	err := synthetic.Write(dir, 1_000_000, 1) // dir/IWM.csv and dir/QQQ.csv
//
// The files belong in a test's temporary directory: they are hundreds of
// megabytes at a few million rows and are never committed.
package synthetic
