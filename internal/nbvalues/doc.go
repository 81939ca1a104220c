// Package nbvalues names the channel through which a notebook publishes
// named values to the runner: a display whose data holds MIME, a JSON
// object (or a string holding one) of names to numbers, strings or
// booleans. The study's notebooks publish through it (analysis/show.Values)
// and the runner reads it into a sweep's summary (jupyter/runner), the last
// display of a name winning. The two trees never import each other, so the
// name lives here, where both may.
//
// A display may also carry Meta in its metadata, under the same key: the
// order in which a reader should see the names and how each number is
// formatted on pages (Format.Text), so that a summary page shows "+4.4%"
// where summary.csv keeps 0.044247398118433055.
package nbvalues
