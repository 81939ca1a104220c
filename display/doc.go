// Package display turns the study's tables and charts into what a notebook
// shows: gota dataframes as HTML tables and gonum/plot figures as PNG bytes.
// It does not depend on any kernel; GoNB notebooks pass the results to
// gonbui.DisplayHTML and gonbui.DisplayPNG.
//
//	html, err := display.Table(df, display.TableOptions{Percent: []string{"mean", "median"}})
//	...
//	gonbui.DisplayHTML(html)
//
// DataDir finds the price data for a notebook: its dataDir parameter, else
// $ROTATION_DATA, else ../shared/data/prices beside the checkout, with an
// error that says how to provide it.
package display
