package reproduce_test

import (
	"fmt"
	"time"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/article"
	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/reproduce"
)

// Run sets an article's claims beside the data: its named day, its event
// count, and the count under each convention (adjusted or raw close,
// trading days or calendar months, entry on the event day or the next).
// These prices have no opens, so the specification search is left out.
func ExampleRun() {
	day := func(d int) time.Time { return time.Date(2024, 1, d, 0, 0, 0, 0, time.UTC) }
	dates := []time.Time{day(2), day(3), day(4), day(5), day(8), day(9), day(10)}
	// SMALL beats LARGE by 6 pp on the 3rd and by 4.46 pp on the 8th.
	small := &marketdata.Series{Ticker: "SMALL", Dates: dates,
		Adjusted: []float64{100, 105, 106, 110, 116, 117, 118}, Raw: []float64{100, 105, 106, 110, 116, 117, 118}}
	large := &marketdata.Series{Ticker: "LARGE", Dates: dates,
		Adjusted: []float64{200, 198, 200, 202, 204, 205, 206}, Raw: []float64{200, 198, 200, 202, 204, 205, 206}}
	al, err := marketdata.Align(small, large)
	if err != nil {
		fmt.Println(err)
		return
	}
	claims := article.Claims{
		Title: "Small beats large", A: "SMALL", B: "LARGE", Threshold: 0.04,
		Before: day(10), Events: 3,
		Days:    []article.Day{{Date: day(3), Spread: 0.06}},
		Forward: []article.Forward{{Months: 3, A: 0.05, B: 0.01}, {Months: 12, A: 0.10, B: 0.02}},
	}
	base := analysis.DefaultOptions()
	base.Horizons = []analysis.Horizon{analysis.Days(1)}
	base.Resamples = 0
	rep, err := reproduce.Run(al, claims, base)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, n := range rep.Named {
		fmt.Printf("%s: spread %.4f, article %.4f\n", marketdata.FormatDate(n.Claim.Date), n.Spread, n.Claim.Spread)
	}
	fmt.Printf("events: %d, article %d\n", len(rep.Main.Events), claims.Events)
	for _, c := range rep.Conventions {
		fmt.Printf("%s: %d events\n", c.Convention, c.Events)
	}
	fmt.Println("search:", rep.Search != nil, "after the article:", len(rep.After.Events), "events")
	// Output:
	// 2024-01-03: spread 0.0600, article 0.0600
	// events: 2, article 3
	// adjusted close, trading days, entry at event-day close: 2 events
	// adjusted close, trading days, entry at next-day close: 2 events
	// adjusted close, calendar months, entry at event-day close: 2 events
	// adjusted close, calendar months, entry at next-day close: 2 events
	// raw close, trading days, entry at event-day close: 2 events
	// raw close, trading days, entry at next-day close: 2 events
	// raw close, calendar months, entry at event-day close: 2 events
	// raw close, calendar months, entry at next-day close: 2 events
	// search: false after the article: 0 events
}
