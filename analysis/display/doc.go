// Package display turns the study's tables and charts into what a notebook
// shows: gota dataframes as HTML tables and gonum/plot figures as PNG bytes.
// It does not depend on any kernel (package show passes its results to
// GoNB), so the rotation command links no GoNB.
//
//	html, err := display.Table(df, display.TableOptions{Percent: []string{"mean", "median"}})
//	...
//	gonbui.DisplayHTML(html)
//
// Study turns a notebook's parameters into the study's options, finds its
// data (the dataDir parameter, else $ROTATION_DATA, else data/ in the
// checkout: marketdata.Dir's rule) and runs it.
package display
