// Package reproduce sets the article's claims beside what the data gives:
// its named days, its event count and its four mean forward returns under
// every combination of adjusted or raw close, trading days or calendar
// months, and entry on the event day or the next; how far leaving out any
// one event moves the means; and what followed the article's own day.
//
//	rep, err := reproduce.Run(al, article.Equalizer(), analysis.DefaultOptions())
//	...
//	for _, c := range rep.Conventions {
//		fmt.Println(c.Convention, c.Events, c.Horizons[0].Events.A.Mean)
//	}
//
// The search carries the price of searching (Search.Curve): the
// inferential specification curve under date-shifted event sets
// (analysis.GridNull), run with DefaultShifts shifts by Run, with any number
// by RunShifts.
//
// The claims are only read here: the computations in package analysis never
// see them.
package reproduce
