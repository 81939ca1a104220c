package report

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

// Reproduction is the JSON form of a reproduce.Reproduction (rotation
// reproduce -json). Its fields, and those of the types below, are in the
// order of their keys, as a map would write them: the document reads as it
// did before it was typed.
type Reproduction struct {
	// Gaps, first so that it is seen, is there only when a series lacks
	// trading days.
	Gaps *Gaps `json:"gaps,omitempty"`
	// After is the study of the article's own day and every later event;
	// null when the data end before that day.
	After *Study `json:"after"`
	// Article holds the article's own figures.
	Article Article `json:"article"`
	// Conventions are the article's headline under each convention.
	Conventions []Convention `json:"conventions"`
	// NamedDays are the days the article names, as the data have them.
	NamedDays []NamedDay `json:"named_days"`
	// Search is the specification grid; null without opens in the data.
	Search *Search `json:"search"`
	// Study is the study with the article's set-up.
	Study Study `json:"study"`
}

// Article is what the article reports.
type Article struct {
	// Before is the day of the article's own event; its count covers the
	// days before it.
	Before string `json:"before"`
	// Events is the number of events the article counts.
	Events int `json:"events"`
	// Forward holds its average forward returns.
	Forward []ArticleForward `json:"forward"`
}

// ArticleForward is the article's average forward return of each leg over
// some months.
type ArticleForward struct {
	A      float64 `json:"a"`
	B      float64 `json:"b"`
	Months int     `json:"months"`
}

// Convention is the headline under one convention.
type Convention struct {
	// Convention describes it in words: "adjusted close, trading days,
	// entry at event-day close".
	Convention string `json:"convention"`
	// Price is "adjusted" or "raw".
	Price string `json:"price"`
	// Unit of the horizons: "trading_days" or "months".
	Unit string `json:"unit"`
	// EntryLag is 0 for entry at the event day's close, 1 at the next.
	EntryLag int `json:"entry_lag"`
	// Events counts the events before the article's day.
	Events int `json:"events"`
	// Means are the legs' mean forward returns at the article's horizons.
	Means []Mean `json:"means"`
}

// Mean is the mean forward return of both legs at one horizon.
type Mean struct {
	A       Number `json:"a"`
	B       Number `json:"b"`
	Horizon string `json:"horizon"`
}

// NamedDay is a day the article names, as the data have it.
type NamedDay struct {
	// AReturn, BReturn and Spread are ours; null when the day is not in
	// the data.
	AReturn Number `json:"a_return"`
	// ArticleSpread is the spread the article quotes.
	ArticleSpread float64 `json:"article_spread"`
	BReturn       Number  `json:"b_return"`
	Date          string  `json:"date"`
	// Found is false when the day is not a trading day of the data.
	Found  bool   `json:"found"`
	Spread Number `json:"spread"`
}

// Search is the specification grid ranked by distance to the article.
type Search struct {
	// Best are the specifications closest to the article's four means,
	// best first.
	Best []Best `json:"best"`
	// Inference is the inferential specification curve; there only when
	// date shifts were drawn (see CurveInference).
	Inference *CurveInference `json:"inference,omitempty"`
	// Tried counts the specifications.
	Tried int `json:"tried"`
}

// Best is one of the closest specifications.
type Best struct {
	Price string `json:"price"`
	// Rule is the event rule: ">=" or ">".
	Rule string `json:"rule"`
	// Horizons is the horizon rule in words.
	Horizons string `json:"horizons"`
	// Entry is when the legs are entered.
	Entry string `json:"entry"`
	// Excluded holds the event left out, or nothing.
	Excluded []string `json:"excluded"`
	Events   int      `json:"events"`
	// Distance is the sum of the absolute differences, in percentage
	// points, between its four means and the article's.
	Distance float64   `json:"distance"`
	Means    BestMeans `json:"means"`
}

// BestMeans are a specification's four means: A and B at 3 and 12 months.
type BestMeans struct {
	A12 Number `json:"a_12m"`
	A3  Number `json:"a_3m"`
	B12 Number `json:"b_12m"`
	B3  Number `json:"b_3m"`
}

// NewReproduction returns the JSON form of rep; g, when not nil, adds the
// gaps.
func NewReproduction(rep *reproduce.Reproduction, g *analysis.Gaps) Reproduction {
	out := Reproduction{Gaps: NewGaps(g), Study: NewStudy(rep.Main, nil),
		Article: Article{Events: rep.Claims.Events, Before: marketdata.FormatDate(rep.Claims.Before)}}
	for _, cr := range rep.Conventions {
		u := "trading_days"
		if cr.Convention.Unit == analysis.Months {
			u = "months"
		}
		cv := Convention{Convention: cr.Convention.String(), Price: cr.Convention.Price.String(), Unit: u,
			EntryLag: cr.Convention.EntryLag, Events: cr.Events}
		for _, h := range cr.Horizons {
			cv.Means = append(cv.Means, Mean{Horizon: h.Horizon.String(),
				A: Number(h.Events.A.Mean), B: Number(h.Events.B.Mean)})
		}
		out.Conventions = append(out.Conventions, cv)
	}
	for _, n := range rep.Named {
		out.NamedDays = append(out.NamedDays, NamedDay{Date: marketdata.FormatDate(n.Claim.Date), Found: n.Found,
			AReturn: Number(n.A), BReturn: Number(n.B), Spread: Number(n.Spread),
			ArticleSpread: n.Claim.Spread})
	}
	for _, f := range rep.Claims.Forward {
		out.Article.Forward = append(out.Article.Forward, ArticleForward{Months: f.Months, A: f.A, B: f.B})
	}
	if rep.Search != nil {
		out.Search = &Search{Tried: len(rep.Search.Specs), Inference: NewCurveInference(rep.Search.Curve, rep.Claims)}
		for _, b := range rep.Search.Best {
			ex := []string{}
			if !b.Excluded.IsZero() {
				ex = append(ex, marketdata.FormatDate(b.Excluded))
			}
			out.Search.Best = append(out.Search.Best, Best{Price: b.Price.String(), Rule: b.Compare.String(), Horizons: b.Horizon.String(),
				Entry: b.Entry.String(), Excluded: ex, Events: b.Events, Distance: b.Distance, Means: BestMeans{
					A3: Number(b.ShortA), B3: Number(b.ShortB), A12: Number(b.LongA), B12: Number(b.LongB)}})
		}
	}
	if rep.After != nil {
		r := NewStudy(rep.After, nil)
		out.After = &r
	}
	return out
}

// WriteReproduction writes the text report of rep (rotation reproduce):
// the study with the article's set-up (as WriteStudy), the headline under
// each convention beside the article's, how far leaving out one event moves
// the means, the specification curve and the closest specifications, and
// what followed the article's own day. g is as for WriteStudy. It returns
// the first write error.
func WriteReproduction(w io.Writer, rep *reproduce.Reproduction, g *analysis.Gaps) error {
	bw := newWriter(w)
	bw.WriteString(GapNotice(g))
	writeReproduction(bw, rep, g)
	return bw.Flush()
}

func writeReproduction(w io.Writer, rep *reproduce.Reproduction, g *analysis.Gaps) {
	c := rep.Claims
	fmt.Fprintf(w, "Reproducing %q (%s)\n\n", c.Title, c.Source)
	writeStudy(w, rep.Main, c, g)

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
		writeSearch(w, rep.Search, c)
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

// writeSearch shows the specification curve's spread and the closest
// specifications to the article.
func writeSearch(w io.Writer, s *reproduce.Search, c article.Claims) {
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
			i+1, b.Distance, b.Price, b.Compare, b.Horizon, b.Entry, ex, b.Events, c.A, pct(b.ShortA), pct(b.LongA), c.B, pct(b.ShortB), pct(b.LongB))
	}
	fmt.Fprintln(w, "  These were picked for closeness to the article out of all the specifications tried, so their")
	fmt.Fprintln(w, "  closeness is no evidence: any large grid holds near matches. What would make one more than a fit")
	fmt.Fprintln(w, "  is independent support: the article's own data or method (its sample start, its exit rule), or")
	fmt.Fprintln(w, "  the same choice matching other figures the article reports.")
	if s.Curve != nil {
		writeCurve(w, s.Curve, c)
	}
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
