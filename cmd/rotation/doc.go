// Command rotation reproduces and extends the newsletter study of days when
// small caps (IWM) beat the Nasdaq 100 (QQQ) by four percentage points or
// more, and what both did over the following 3 and 12 months.
//
// Usage:
//
//	rotation study [-data DIR] [-a IWM] [-b QQQ] [-threshold 0.04]
//	               [-after DATE] [-before DATE] [-horizons 63,252]
//	               [-price adjusted|raw] [-decluster N] [-mirror]
//	               [-entry-lag N] [-resamples N] [-seed N] [-allow-gaps] [-json] [-plots DIR]
//	               [-market SPY|none] [-draws N] [-estimation-days N]
//	rotation reproduce [-data DIR] [-price adjusted|raw] [-horizons 63,252] [-entry-lag N] [-shifts N] [-seed N] [-allow-gaps] [-json]
//	rotation check [-data DIR] [-against DIR2] [-a IWM] [-b QQQ] [-threshold 0.04] [-tolerance 0.0025]
//	               [-index QQQ=^NDX,IWM=^RUT [-index-data DIR] [-index-tolerance 0.01]] [-json] TICKER...
//	rotation scan [-data DIR] [-threshold 0.04] [-horizons 63,252] [-after DATE] [-before DATE] [-shifts N] [-seed N] [-allow-gaps] [-json] TICKER...
//	rotation fetch [-source yahoo|stooq|tiingo] [-apikey KEY] [-data DIR] [-index-data DIR] [-if-missing | -full] [-timeout 30s] [-retries 4] TICKER|^INDEX...
//
// Flags may come before, between or after the tickers ("rotation scan IWM
// QQQ -threshold 0.03"); "--" ends them. Every argument is checked before
// any data is read. Values that are surely a mistake are refused with a
// hint: thresholds and tolerances are fractions, so "-threshold 4" (a
// spread of 400 percentage points) asks "did you mean 0.04?".
//
// Bad data are refused, not averaged: study, reproduce and scan stop with
// an error naming the ticker, the count and the first missing days when a
// series lacks more than 1% of the NYSE's trading days over the days the
// study reads, or more than 2 in a row (a return across a missing day
// would count as one day's). -allow-gaps goes on, and the output (text or
// JSON) then starts with a warning saying so. check reports such gaps and
// says whether the study would refuse the data; it does not refuse them.
//
// The data directory holds one CSV file per ticker (TICKER.csv) in Yahoo's,
// Stooq's or the archive layout. It is -data, else $ROTATION_DATA, else
// ./data.
//
// study prints the article's table (events and forward returns) with the
// baseline, the excess over it with a bootstrap interval and p-value, and the
// episodes the events cluster into; beside each figure the article quotes,
// when the set-up is the article's, the article's own number. -json prints
// one JSON object instead (returns as fractions), -plots writes the charts
// as PNG and SVG. Against a market (-market SPY, the default when the data
// directory has SPY.csv; -market none for the raw figures alone) it adds
// each event's market-adjusted and market-model abnormal returns, the CAR
// path, calendar-time regressions and the methods side by side (iid and
// episode bootstraps, date shift, calendar time, sign and rank tests; -draws
// resamples each); see the README's "JSON output (study -json)".
//
// reproduce sets every figure of the article beside ours and recomputes the
// headline under each convention (adjusted or raw close, trading days or
// calendar months, entry on the event day or the next), then shows what
// followed the article's own day. It also searches every reasonable
// specification (price, >= or >, 88 horizon rules, entry, leaving out one
// event) and prints the curve of their means and the closest ones to the
// article's, as a fit after the fact; then the price of that search, the
// inferential specification curve under -shifts date shifts seeded by
// -seed.
//
// check runs the data checks of package quality on each ticker (reversed
// moves, closes outside the range, repeated closes, the NYSE calendar) and,
// with -against, compares against a second source, and with -index
// FUND=^INDEX,... each fund against its index (index files from
// -index-data, $ROTATION_INDEX_DATA, else indices beside the data
// directory); flags on the study's event days are called out. Flags are
// findings: the exit status is 0.
//
// scan runs the event count for every ordered pair of the tickers given,
// then the price of searching them all: per pair and horizon a date-shift
// p-value with Holm's and Benjamini-Hochberg's adjustments and the
// Romano-Wolf stepdown, and White's reality check of the best pair
// (-shifts, -seed; -shifts 0 leaves them out).
//
// fetch downloads daily histories into the data directory and keeps them up
// to date (see package fetch): Yahoo by default or $ROTATION_SOURCE; Stooq
// needs -apikey or $STOOQ_API_KEY, Tiingo $TIINGO_API_KEY; ROTATION_YAHOO_URL,
// ROTATION_STOOQ_URL and ROTATION_TIINGO_URL change the addresses. Index
// symbols (^NDX) go to the index directory as NDX.csv, in the date,close
// layout; Tiingo has no indices.
//
// Exit status: 0 on success, 1 when the work failed (unreadable or bad
// data, data over the gap rule, a failed download), 2 on bad usage, 3 when
// the output could not be written (standard output or a chart, as on a
// full disk: "rotation study > /dev/full"). Errors go to standard error as
// "rotation: ...".
package main
