// Package report holds the output forms of the study: the JSON documents
// and the text reports of rotation's study, reproduce, scan and check, and
// the one percentage formatter that the text, the notebooks' tables and the
// index page share. The packages that compute (analysis, reproduce,
// quality) return values; this package only writes them.
//
// Each output has a JSON type, built by a New function, whose field names
// are a contract: fields may be added, none renamed or removed. Returns are
// fractions (0.0359, not 3.59), dates YYYY-MM-DD, and figures that are not
// defined (a mean over no events) are null, never NaN. Each output also has
// a Write function for its text form:
//
//	res, err := analysis.Run(al, opt)
//	...
//	if asJSON {
//		return report.WriteJSON(os.Stdout, report.NewStudy(res, gaps))
//	}
//	return report.WriteStudy(os.Stdout, res, article.Equalizer(), gaps)
//
// The gaps argument, from analysis.StudyGaps or analysis.SeriesGaps, may be
// nil; when a series lacks trading days the JSON carries a "gaps" member
// first, and text output over data the gap rule refuses starts with a
// warning (GapNotice).
//
// Percentages are written by Percent, in the styles SignedPct (+3.59%),
// SignedPct1 (+5.9%, as the article quotes), PlainPct, WholePct and
// TablePct; NaN is written as "n/a" (or an empty table cell), never as a
// number.
package report
