// Package fetch downloads daily price histories from public providers, as
// they answer in 2026, and keeps TICKER.csv files in a data directory up to
// date, ready for marketdata.LoadDir.
//
//   - Yahoo Finance's chart API (JSON), with the session the widely used
//     clients keep: a Yahoo page sets a cookie, /v1/test/getcrumb gives a
//     crumb bound to it, and every request carries crumb=. The crumb is
//     kept for the run and renewed once when a request answers 401
//     ("Invalid Crumb"); a crumb whose text is "Too Many Requests" is no
//     crumb. Requests carry a current browser's User-Agent. Written in
//     Yahoo's CSV layout, "null" where Yahoo leaves a cell empty.
//   - Stooq's CSV download, with its API key (apikey=, required since March
//     2026). Stooq answers requests it will not serve with an HTML page and
//     status 200 (asking for a key, or, since July 2026, a proof-of-work
//     browser check): anything that is not CSV is an error that says what
//     came back. Written in Stooq's layout, which has no raw close.
//   - Tiingo's end-of-day API as CSV, with the token in an Authorization
//     header. Written in Tiingo's layout, which keeps the raw and the
//     adjusted close, dividends and splits.
//
// Index histories (^NDX, ^RUT, ^GSPC: marketdata.Index) come from Yahoo
// (the caret URL-escaped, /v8/finance/chart/%5ENDX) or Stooq (^ndx, ^rut,
// and ^spx for the S&P 500); Tiingo has none (ErrNoIndexData).
// UpdateIndex writes them in the date,close layout into the index
// directory, under the name without the caret (NDX.csv), never among the
// ETF files.
//
// Addresses and keys come from the environment (Client.Configure):
// ROTATION_YAHOO_URL stands in for both Yahoo hosts, ROTATION_STOOQ_URL and
// ROTATION_TIINGO_URL for the others, for mirrors, proxies and tests;
// STOOQ_API_KEY and TIINGO_API_KEY are the keys.
//
// Update brings a file up to date: with none, it fetches the whole
// history; with one, it asks for the days from its last day less an
// overlap, checks that the overlap agrees (providers re-adjust whole
// histories after every dividend; when the adjusted overlap moved, the
// whole history is fetched again), and appends the new days. Every request
// has a timeout; network errors, 429 and 5xx answers are retried with
// exponential back-off, honouring Retry-After. When no try reaches the
// host, the error says the machine looks offline (ErrOffline). What is
// downloaded is parsed before anything is written, and files are replaced
// atomically, so a failed fetch never leaves a partial or invalid file and
// never replaces good data with bad.
//
//	c := fetch.NewClient()
//	c.Configure(os.Getenv)
//	r, err := c.Update(ctx, fetch.Yahoo, "data", "IWM", fetch.UpdateOptions{})
//	fmt.Println(r) // IWM: 12 new days from yahoo (to 2026-11-23)
package fetch
