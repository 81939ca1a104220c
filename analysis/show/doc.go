// Package show displays the study's tables, charts and text in a GoNB
// notebook, through gonbui. It is the only package of the study that
// imports GoNB; package display, which it builds on, renders without it.
//
//	res, err := study().Run()
//	show.Check(err)
//	df, err := tables.Events(res)
//	show.Check(err)
//	show.Table(df, display.TableOptions{Percent: []string{"IWM", "QQQ"}})
//	show.Plot(charts.Forward(res))
//
// Values publishes figures for nbrun's sweep summary, in the order given,
// each saying how pages show it:
//
//	show.Values(show.Count("events", len(res.Events)),
//		show.Pct("A mean 63d", res.Horizons[0].Events.A.Mean))
//
// Every function waits (gonbui.Sync) until GoNB has passed the output on,
// so a cell's outputs are complete and in order when the cell ends.
package show
