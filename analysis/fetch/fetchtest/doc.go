// Package fetchtest plays Yahoo, Stooq and Tiingo on one local HTTP
// server, answering as they do in 2026, for tests and for runs without the
// network (go run ./cmd/fakeprovider): Yahoo's session cookie and
// crumb, Stooq's API key and its HTML pages with status 200, Tiingo's token.
// Failures can be switched on.
//
// Prices come from the Data function, or from a directory of price files
// (FromDir), and are served with each day's real open, high, low, close,
// adjusted close and volume, in each provider's own layout:
//
//   - Yahoo's chart JSON: open, high, low and close as traded (not adjusted
//     for dividends) in indicators.quote with the volume, the adjusted close
//     in indicators.adjclose, a timestamp at 09:30 New York per day;
//   - Stooq's CSV: the adjusted open, high, low and close and the volume
//     (Stooq has no raw close);
//   - Tiingo's CSV: the raw close, high, low and open, the volume, then the
//     adjusted ones.
//
// A file in the archive's layout keeps adjusted prices and the raw close;
// the raw open, high and low are the adjusted ones times the day's
// raw/adjusted close ratio, as Yahoo's clients (yfinance's auto_adjust)
// make the adjusted ones from the raw. Numbers are sent with every digit
// of their float64, so prices fetched through the fake and read back are
// the file's own: the closes and volumes exactly, and the opens, highs and
// lows too except Yahoo's, which the reader takes from the raw columns and
// scales back (within 4 units in the last place). A run of the study on
// them gives the file's figures.
//
// Indices (FromDirs: an index directory of NDX.csv and the like) are
// served under their caret symbols as the providers serve them: Yahoo's
// chart of ^NDX with the level as close and adjclose and a volume of 0,
// Stooq's CSV of ^ndx (and of ^spx for ^GSPC), and Tiingo's 404.
//
// Paths: "/" (Yahoo's cookie page), "/v1/test/getcrumb", "/v8/finance/chart/T"
// (Yahoo), "/q/d/l/" (Stooq), "/tiingo/daily/t/prices" (Tiingo). Point
// ROTATION_YAHOO_URL, ROTATION_STOOQ_URL and ROTATION_TIINGO_URL at it.
package fetchtest
