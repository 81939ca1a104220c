package main

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/article"
	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/reproduce"
)

func runReproduce(args []string, stdout, stderr io.Writer, getenv env) error {
	var f studyFlags
	fs := f.register("reproduce", stderr, false)
	operands, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(operands) > 0 {
		return usagef("reproduce takes no arguments, got %q", operands)
	}
	c := article.Equalizer()
	f.a, f.b, f.threshold = c.A, c.B, c.Threshold
	o, err := f.options()
	if err != nil {
		return err
	}
	al, gaps, err := load(marketdata.Dir("", f.data, getenv), o, f.allowGaps)
	if err != nil {
		return err
	}
	rep, err := reproduce.Run(al, c, o)
	if err != nil {
		return err
	}
	if f.json {
		out := reproductionJSON(rep)
		out.Gaps = gaps.Report()
		return writeJSON(stdout, out)
	}
	fmt.Fprint(stdout, gaps.Notice())
	printReproduction(stdout, rep, gaps)
	return nil
}

func printReproduction(w io.Writer, rep *reproduce.Reproduction, g *analysis.Gaps) {
	c := rep.Claims
	fmt.Fprintf(w, "Reproducing %q (%s)\n\n", c.Title, c.Source)
	printStudy(w, rep.Main, c, g)

	fmt.Fprintf(w, "\nThe headline under each convention (events before %s; article: %d events, %s)\n",
		marketdata.FormatDate(c.Before), c.Events, articleMeans(c))
	if len(rep.NoRaw) > 0 {
		fmt.Fprintf(w, "  (raw-close conventions left out: %s %s no raw close, as in Stooq's layout)\n",
			joinTickers(rep.NoRaw), plural(len(rep.NoRaw), "has", "have"))
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := "convention\tevents\t"
	for _, f := range c.Forward {
		head += fmt.Sprintf("%s %dm\t%s %dm\t", c.A, f.Months, c.B, f.Months)
	}
	fmt.Fprintln(tw, head)
	for _, cr := range rep.Conventions {
		row := fmt.Sprintf("%s\t%d\t", cr.Convention, cr.Events)
		for _, h := range cr.Horizons {
			row += pct(h.Events.A.Mean) + "\t" + pct(h.Events.B.Mean) + "\t"
		}
		fmt.Fprintln(tw, row)
	}
	row := fmt.Sprintf("article\t%d\t", c.Events)
	for _, f := range c.Forward {
		row += pct1(f.A) + "\t" + pct1(f.B) + "\t"
	}
	fmt.Fprintln(tw, row)
	tw.Flush()

	fmt.Fprintf(w, "\nLeaving any one of the %d events out moves the means within:\n", len(rep.Main.Events))
	for _, l := range rep.LeaveOneOut {
		if math.IsNaN(l.MinA) {
			fmt.Fprintf(w, "  %s: n/a (fewer than two events reach this horizon)\n", l.Horizon)
			continue
		}
		fmt.Fprintf(w, "  %s: %s %s to %s, %s %s to %s\n", l.Horizon, c.A, pct(l.MinA), pct(l.MaxA), c.B, pct(l.MinB), pct(l.MaxB))
	}

	if rep.Search != nil {
		printSearch(w, rep.Search, c)
	}

	fmt.Fprintf(w, "\nAfter the article: the %s event and every later one\n", marketdata.FormatDate(c.Before))
	a := rep.After
	if a == nil {
		fmt.Fprintln(w, "  the data ends before that day")
		return
	}
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head = "date\tspread\t"
	for _, h := range a.Options.Horizons {
		head += fmt.Sprintf("%s %s\t%s %s\texit\t", c.A, h, c.B, h)
	}
	fmt.Fprintln(tw, head)
	for _, e := range a.Events {
		row := marketdata.FormatDate(e.Date) + "\t" + pct(e.Spread) + "\t"
		for _, f := range e.Forward {
			exit := "data ends first"
			if f.OK {
				exit = marketdata.FormatDate(f.Exit)
			}
			row += pct(f.A) + "\t" + pct(f.B) + "\t" + exit + "\t"
		}
		fmt.Fprintln(tw, row)
	}
	tw.Flush()
	if len(a.Events) == 0 {
		fmt.Fprintln(w, "  no events")
	}
}

// printSearch shows the specification curve's spread and the closest
// specifications to the article.
func printSearch(w io.Writer, s *reproduce.Search, c article.Claims) {
	fmt.Fprintf(w, "\nEvery reasonable specification (%d: price, >= or >, 88 horizon rules, entry at the close, next close or next open, leaving out none or one event):\n", len(s.Specs))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "mean\tmin\t10%\tmedian\t90%\tmax\tours\tarticle\tarticle's rank\t")
	for _, f := range reproduce.CurveFigures(s, c) {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", f.Name, pct(f.Min), pct(f.P10), pct(f.Median), pct(f.P90), pct(f.Max),
			pct(f.Headline), pct1(f.Article), pctWhole(f.ArticleRank))
	}
	tw.Flush()
	fmt.Fprintf(w, "\nClosest to the article's four means (distance: sum of absolute differences in pp; a fit after the fact):\n")
	for i, b := range s.Best {
		ex := "none"
		if !b.Excluded.IsZero() {
			ex = marketdata.FormatDate(b.Excluded)
		}
		fmt.Fprintf(w, "  %d. %.2f pp: %s close, spread %s threshold, %s, entry at %s, left out %s; %d events: %s %s %s, %s %s %s\n",
			i+1, b.Distance, b.Price, b.Rule, b.Horizon, b.Entry, ex, b.Events, c.A, pct(b.ShortA), pct(b.LongA), c.B, pct(b.ShortB), pct(b.LongB))
	}
	fmt.Fprintln(w, "  These were picked for closeness to the article out of all the specifications tried, so their")
	fmt.Fprintln(w, "  closeness is no evidence: any large grid holds near matches. What would make one more than a fit")
	fmt.Fprintln(w, "  is independent support: the article's own data or method (its sample start, its exit rule), or")
	fmt.Fprintln(w, "  the same choice matching other figures the article reports.")
}

func articleMeans(c article.Claims) string {
	s := ""
	for i, f := range c.Forward {
		if i > 0 {
			s += "; "
		}
		s += fmt.Sprintf("%dm %s %s, %s %s", f.Months, c.A, pct1(f.A), c.B, pct1(f.B))
	}
	return s
}

// The JSON form of a reproduction. Fields are in the order of their keys,
// as a map would write them, so the output reads the same as before it
// was typed.
type (
	reproductionOut struct {
		// Gaps, first so that it is seen, is there only when a series
		// lacks trading days.
		Gaps        *analysis.ReportGaps `json:"gaps,omitempty"`
		After       *analysis.Report     `json:"after"` // null when the data ends before the article's day
		Article     articleOut           `json:"article"`
		Conventions []conventionOut      `json:"conventions"`
		NamedDays   []namedDayOut        `json:"named_days"`
		Search      *searchOut           `json:"search"` // null without opens in the data
		Study       analysis.Report      `json:"study"`
	}
	articleOut struct {
		Before  string       `json:"before"`
		Events  int          `json:"events"`
		Forward []articleFwd `json:"forward"`
	}
	articleFwd struct {
		A      float64 `json:"a"`
		B      float64 `json:"b"`
		Months int     `json:"months"`
	}
	conventionOut struct {
		Convention string    `json:"convention"`
		Price      string    `json:"price"`
		Unit       string    `json:"unit"`
		EntryLag   int       `json:"entry_lag"`
		Events     int       `json:"events"`
		Means      []meanOut `json:"means"`
	}
	meanOut struct {
		A       analysis.Number `json:"a"`
		B       analysis.Number `json:"b"`
		Horizon string          `json:"horizon"`
	}
	namedDayOut struct {
		AReturn       analysis.Number `json:"a_return"`
		ArticleSpread float64         `json:"article_spread"`
		BReturn       analysis.Number `json:"b_return"`
		Date          string          `json:"date"`
		Found         bool            `json:"found"`
		Spread        analysis.Number `json:"spread"`
	}
	searchOut struct {
		Best  []bestOut `json:"best"`
		Tried int       `json:"tried"`
	}
	bestOut struct {
		Price    string       `json:"price"`
		Rule     string       `json:"rule"`
		Horizons string       `json:"horizons"`
		Entry    string       `json:"entry"`
		Excluded []string     `json:"excluded"`
		Events   int          `json:"events"`
		Distance float64      `json:"distance"`
		Means    bestMeansOut `json:"means"`
	}
	bestMeansOut struct {
		A12 analysis.Number `json:"a_12m"`
		A3  analysis.Number `json:"a_3m"`
		B12 analysis.Number `json:"b_12m"`
		B3  analysis.Number `json:"b_3m"`
	}
)

// reproductionJSON is the JSON form of a reproduction.
func reproductionJSON(rep *reproduce.Reproduction) reproductionOut {
	out := reproductionOut{Study: rep.Main.Report(),
		Article: articleOut{Events: rep.Claims.Events, Before: marketdata.FormatDate(rep.Claims.Before)}}
	for _, cr := range rep.Conventions {
		u := "trading_days"
		if cr.Convention.Unit == analysis.Months {
			u = "months"
		}
		cv := conventionOut{Convention: cr.Convention.String(), Price: cr.Convention.Price.String(), Unit: u,
			EntryLag: cr.Convention.EntryLag, Events: cr.Events}
		for _, h := range cr.Horizons {
			cv.Means = append(cv.Means, meanOut{Horizon: h.Horizon.String(),
				A: analysis.Number(h.Events.A.Mean), B: analysis.Number(h.Events.B.Mean)})
		}
		out.Conventions = append(out.Conventions, cv)
	}
	for _, n := range rep.Named {
		out.NamedDays = append(out.NamedDays, namedDayOut{Date: marketdata.FormatDate(n.Claim.Date), Found: n.Found,
			AReturn: analysis.Number(n.A), BReturn: analysis.Number(n.B), Spread: analysis.Number(n.Spread),
			ArticleSpread: n.Claim.Spread})
	}
	for _, f := range rep.Claims.Forward {
		out.Article.Forward = append(out.Article.Forward, articleFwd{Months: f.Months, A: f.A, B: f.B})
	}
	if rep.Search != nil {
		out.Search = &searchOut{Tried: len(rep.Search.Specs)}
		for _, b := range rep.Search.Best {
			ex := []string{}
			if !b.Excluded.IsZero() {
				ex = append(ex, marketdata.FormatDate(b.Excluded))
			}
			out.Search.Best = append(out.Search.Best, bestOut{Price: b.Price.String(), Rule: b.Rule.String(), Horizons: b.Horizon.String(),
				Entry: b.Entry.String(), Excluded: ex, Events: b.Events, Distance: b.Distance, Means: bestMeansOut{
					A3: analysis.Number(b.ShortA), B3: analysis.Number(b.ShortB), A12: analysis.Number(b.LongA), B12: analysis.Number(b.LongB)}})
		}
	}
	if rep.After != nil {
		r := rep.After.Report()
		out.After = &r
	}
	return out
}

// joinTickers lists tickers as "IWM and QQQ".
func joinTickers(ts []marketdata.Ticker) string {
	ss := make([]string, len(ts))
	for i, t := range ts {
		ss[i] = string(t)
	}
	if len(ss) < 2 {
		return strings.Join(ss, "")
	}
	return strings.Join(ss[:len(ss)-1], ", ") + " and " + ss[len(ss)-1]
}
