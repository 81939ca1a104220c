// Package marketdata reads daily price series from CSV files and lines them
// up on common dates.
//
// Three real layouts are recognised by their header line:
//
//   - Yahoo Finance's download, "Date,Open,High,Low,Close,Adj Close,Volume".
//     Close is the traded close (split-adjusted), Adj Close is adjusted for
//     splits and dividends. Rows whose cells read "null" are holidays Yahoo
//     left in; they are skipped and their dates listed in Series.Skipped.
//   - Stooq's download, "Date,Open,High,Low,Close,Volume". Its Close is
//     already adjusted, so such a series has no raw close. CRLF line ends are
//     accepted.
//   - The archive layout, "date,open,high,low,close,volume,dividend,unadj_close",
//     where close is adjusted and unadj_close is the raw close.
//   - An index level, "date,close" (FormatClose): the close is the adjusted
//     and the raw close alike (a price index has no dividends to adjust
//     for); there is no open, high, low or volume.
//
// A data directory holds one file per ticker, named TICKER.csv; LoadDir reads
// one of them and Dir resolves which directory to use.
//
// Market indices (^NDX, ^RUT, ^GSPC) are their own typed value, Index,
// parsed with its caret. Their files live in an index directory of their
// own, never among the ETF files, and drop the caret: ^NDX is NDX.csv
// (the caret is a shell metacharacter in cmd.exe and zsh and must be
// escaped in URLs). IndexDir finds the directory as Dir does: -index-data,
// then $ROTATION_INDEX_DATA, then "indices" beside the price directory;
// LoadIndex reads one index and CheckIndexDir names what is missing:
//
//	ixDir := marketdata.IndexDir("", "", dir, os.Getenv)
//	ndx, err := marketdata.LoadIndex(ixDir, "^NDX") // ixDir/NDX.csv
//
// Every problem in a file is reported as a *ParseError naming the file, the
// line and, where it applies, the column: an empty file, an unknown header, a
// row with too few or too many fields, a date that does not parse or repeats
// or goes backwards, a price that is not a positive finite number.
//
// Series keep real dates (time.Time at midnight UTC) and both closes where the
// format has them; Series.Close picks one by PriceKind. Align puts two or more
// series on their common dates and reports, per series, the dates it lacks
// inside the common range, so that no gap passes unnoticed:
//
//	iwm, err := marketdata.LoadDir(dir, "IWM")
//	...
//	qqq, err := marketdata.LoadDir(dir, "QQQ")
//	...
//	al, err := marketdata.Align(iwm, qqq)
//	...
//	fmt.Println(al.Report()) // common range and any missing dates
//	a, _ := al.Close(0, marketdata.Adjusted)
//
// MissingDays measures what each aligned series lacks of a Calendar's
// trading days, and a GapRule (DefaultGapRule: at most 1% of them, at most
// 2 in a row) says whether a study may use them; its Check returns a
// *GapError naming the series it refuses.
package marketdata
