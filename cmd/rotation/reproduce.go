package main

import (
	"io"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/article"
	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/report"
	"github.com/rotationlab/rotation/analysis/reproduce"
)

// reproduceOptions is `rotation reproduce` parsed: the article's set-up
// with the conventions the flags chose, no data read.
type reproduceOptions struct {
	out    io.Writer
	dir    string
	claims article.Claims
	// base holds the price, horizons, entry lag and bootstrap; the legs,
	// threshold and window are the article's.
	base      analysis.Options
	allowGaps bool
	json      bool
	// shifts are the date shifts of the inferential specification curve
	// (-shifts, seeded by -seed).
	shifts analysis.ShiftOptions
}

func parseReproduce(args []string, stdout, stderr io.Writer, getenv env) (*reproduceOptions, error) {
	var f studyFlags
	fs := f.register("reproduce", stderr, false)
	shifts := fs.Int("shifts", reproduce.DefaultShifts, "date shifts of the inferential specification curve (0: none)")
	fs.Lookup("seed").Usage = "seed of the bootstrap and of the date shifts"
	operands, err := parseFlags(fs, args)
	if err != nil {
		return nil, err
	}
	if len(operands) > 0 {
		return nil, usagef("reproduce takes no arguments, got %q", operands)
	}
	c := article.Equalizer()
	f.a, f.b, f.threshold = string(c.A), string(c.B), c.Threshold
	o, err := f.options()
	if err != nil {
		return nil, err
	}
	if *shifts < 0 {
		return nil, usagef("-shifts must not be negative (got %d)", *shifts)
	}
	warnFewDraws(stderr, "-shifts", *shifts)
	return &reproduceOptions{out: stdout, dir: marketdata.Dir("", f.data, getenv), claims: c, base: o,
		allowGaps: f.allowGaps, json: f.json, shifts: analysis.ShiftOptions{Shifts: *shifts, Seed: f.seed}}, nil
}

func (o *reproduceOptions) run() error {
	al, gaps, err := load(o.dir, o.base, o.allowGaps)
	if err != nil {
		return err
	}
	rep, err := reproduce.RunShifts(al, o.claims, o.base, o.shifts)
	if err != nil {
		return err
	}
	if o.json {
		return report.WriteJSON(o.out, report.NewReproduction(rep, gaps))
	}
	return report.WriteReproduction(o.out, rep, gaps)
}
