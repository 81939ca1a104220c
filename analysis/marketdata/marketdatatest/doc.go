// Package marketdatatest finds price data for tests of any package, as
// net/http/httptest serves HTTP for them: the hand-written fixtures in the
// module's testdata/prices (AAA and BBB, ten days each; see
// analysis/study_test.go for the table of closes), and the real price data
// by the same rule as the command and the notebooks (marketdata.Dir):
// $ROTATION_DATA, else data/ in the checkout.
//
//	al := marketdatatest.Prices(t)         // AAA and BBB, aligned
//	dir := marketdatatest.RealDir(t)       // skips the test when there is none
//	p := marketdatatest.Path(t, "formats") // the module's testdata/formats
//
// Every function fails the test (or skips it, for RealDir) instead of
// returning an error.
package marketdatatest
