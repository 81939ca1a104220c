// Package eventstudytest writes a small synthetic data directory for the
// tests of the event study's report, tables, charts and command: legs IWM
// and QQQ and the market SPY, with planted events.
//
//	dir := eventstudytest.Dir(t) // IWM.csv, QQQ.csv and SPY.csv, 1400 days
//	al := marketdatatest.Aligned(t, dir, "IWM", "QQQ", "SPY")
//	es, err := eventstudy.Run(al, eventstudy.DefaultOptions())
package eventstudytest
