// Package fetch downloads full daily price histories from public providers
// and writes them into a data directory as TICKER.csv, ready for
// marketdata.LoadDir.
//
// Two sources are supported:
//
//   - Yahoo Finance's chart API (JSON), converted to Yahoo's CSV download
//     layout "Date,Open,High,Low,Close,Adj Close,Volume" with "null" for
//     the cells Yahoo leaves empty;
//   - Stooq's CSV download, written in Stooq's own layout
//     "Date,Open,High,Low,Close,Volume". Stooq's closes are already
//     adjusted and it publishes no raw close, so the file says so by its
//     header instead of pretending an adjusted close is a raw one.
//
// A Client has a per-request timeout and retries network errors, HTTP 429 and
// 5xx answers with exponential back-off (honouring Retry-After). When every
// try fails to reach the host, the error says the machine looks offline.
// Downloads are parsed with marketdata before anything is written, and the
// file is written atomically, so a failed fetch never leaves a half-written
// or invalid file behind and never replaces good data with bad.
//
//	c := fetch.NewClient()
//	path, n, err := c.ToDir(ctx, fetch.Yahoo, "data", "IWM")
package fetch
