// Package params injects parameters into notebooks, as papermill does for
// Python, and does the same for Go notebooks, which papermill cannot.
//
// A cell tagged "parameters" holds the defaults. Inject reads the names and
// types declared there and writes the given values into a new code cell
// tagged "injected-parameters" right after it (replacing an earlier
// injected cell). A Python notebook without a parameters cell gets them
// at the top, any name, as papermill does; a Go notebook's are refused,
// since a Go literal is written from the declared type. The record
// Inject returns, for metadata.papermill.parameters, is the value each
// injected literal stands for: a string exactly as given, quotes and
// backslashes included, a number, a bool.
//
// For Go (GoNB) the defaults are Go declarations, parsed with go/parser:
//
//	var threshold = 0.04                 // float64
//	const ticker = "IWM"                 // untyped string constant
//	var (
//		horizon = 63                     // int
//		cutoff  = time.Date(2024, 7, 11, 0, 0, 0, 0, time.UTC) // time.Time
//		wait    = 5 * time.Second        // time.Duration
//		legs    = []string{"IWM", "QQQ"}
//	)
//
// and each value is written as a Go literal of the declared type: numbers,
// strings, bools, time.Duration ("90s"), dates (YYYY-MM-DD), and slices of
// those (comma-separated). For Python the defaults are assignments and the
// values Python literals. An unknown name, or a value that does not fit the
// type, is an error that lists the declared parameters.
package params
