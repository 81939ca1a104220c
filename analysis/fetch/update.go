package fetch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"time"

	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/internal/atomicfile"
)

// Action is what Update did to a file.
type Action int

const (
	// Created: there was no file; the whole history was fetched.
	Created Action = iota + 1
	// Appended: the days after the file's last one were added.
	Appended
	// UpToDate: the provider had no day after the file's last one.
	UpToDate
	// Refetched: the whole history was fetched again and replaced the
	// file, for the reason in Result.Reason.
	Refetched
)

// Result reports one Update.
type Result struct {
	Ticker marketdata.Ticker
	Source Source
	Path   string
	Action Action
	// Days is the number of price rows in the file now; New the rows added
	// (all of them for Created and Refetched).
	Days, New   int
	First, Last time.Time
	// Reason says why the history was fetched again.
	Reason string
}

// String says what happened, in a line.
func (r Result) String() string {
	span := fmt.Sprintf("%s to %s", marketdata.FormatDate(r.First), marketdata.FormatDate(r.Last))
	switch r.Action {
	case Created:
		return fmt.Sprintf("%s: %d days from %s (%s) into %s", r.Ticker, r.Days, r.Source, span, r.Path)
	case Appended:
		return fmt.Sprintf("%s: %d new %s from %s (to %s)", r.Ticker, r.New, plural(r.New, "day", "days"), r.Source, marketdata.FormatDate(r.Last))
	case UpToDate:
		return fmt.Sprintf("%s: up to date (last day %s)", r.Ticker, marketdata.FormatDate(r.Last))
	case Refetched:
		return fmt.Sprintf("%s: %s, fetched again: %d days from %s (%s)", r.Ticker, r.Reason, r.Days, r.Source, span)
	}
	return fmt.Sprintf("%s: %v", r.Ticker, r.Action)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// UpdateOptions configure Update.
type UpdateOptions struct {
	// Overlap is how far before the file's last day the new request
	// starts (default 10 calendar days): those days must agree with the
	// file, or the history is fetched again.
	Overlap time.Duration
	// Full fetches the whole history even when a file exists.
	Full bool
	// Tolerance is the relative difference two closes may have and still
	// agree (default 1e-6: rounding, not a re-adjustment).
	Tolerance float64
}

// ToDir fetches a ticker's whole history and writes dir/TICKER.csv
// atomically, after parsing it. It returns the path and the rows written.
func (c *Client) ToDir(ctx context.Context, src Source, dir string, t marketdata.Ticker) (string, int, error) {
	r, err := c.Update(ctx, src, dir, t, UpdateOptions{Full: true})
	return r.Path, r.Days, err
}

// Update brings dir/TICKER.csv up to date from src. With no file it
// fetches the whole history. With one, it asks only for the days from the
// file's last day less the overlap, checks that the overlapping days agree
// (a provider re-adjusts its whole history after every dividend: when the
// adjusted overlap moved, the whole history is fetched again), and
// replaces the file atomically with the old rows and the new ones. A file
// in another layout than the source's is replaced by a whole history.
// Nothing is written unless the result parses.
func (c *Client) Update(ctx context.Context, src Source, dir string, t marketdata.Ticker, opt UpdateOptions) (Result, error) {
	return c.update(ctx, target{src: src, ticker: t, path: marketdata.Path(dir, t), format: src.Format(),
		fetch: func(ctx context.Context, from time.Time) ([]byte, error) { return c.Fetch(ctx, src, t, from) }}, opt)
}

// UpdateIndex brings an index's file, dir/NAME.csv (marketdata.IndexPath:
// dir/NDX.csv for ^NDX), up to date from src as Update does a ticker's,
// in the date,close layout. dir is the index directory
// (marketdata.IndexDir), never the data directory of the ETF files.
func (c *Client) UpdateIndex(ctx context.Context, src Source, dir string, ix marketdata.Index, opt UpdateOptions) (Result, error) {
	return c.update(ctx, target{src: src, ticker: ix.Ticker(), path: marketdata.IndexPath(dir, ix), format: marketdata.FormatClose,
		fetch: func(ctx context.Context, from time.Time) ([]byte, error) { return c.FetchIndex(ctx, src, ix, from) }}, opt)
}

// target is what Update keeps up to date: a file, the layout it is
// written in and how to fetch its days.
type target struct {
	src    Source
	ticker marketdata.Ticker
	path   string
	format marketdata.Format
	fetch  func(ctx context.Context, from time.Time) ([]byte, error)
}

func (c *Client) update(ctx context.Context, tg target, opt UpdateOptions) (Result, error) {
	if opt.Overlap <= 0 {
		opt.Overlap = 10 * 24 * time.Hour
	}
	if opt.Tolerance <= 0 {
		opt.Tolerance = 1e-6
	}
	path, t := tg.path, tg.ticker
	res := Result{Ticker: t, Source: tg.src, Path: path}
	old, oldBody, err := readExisting(path, t)
	if err != nil {
		return res, err
	}
	switch {
	case old == nil || opt.Full:
		res.Action = Created
		if old != nil {
			res.Action, res.Reason = Refetched, "asked for the whole history"
		}
		return c.whole(ctx, tg, res)
	case old.Format != tg.format:
		res.Reason = fmt.Sprintf("%s is in the %s layout, not %s's", path, old.Format, tg.src)
		if tg.format != tg.src.Format() {
			res.Reason = fmt.Sprintf("%s is in the %s layout, not the %s layout of index levels", path, old.Format, tg.format)
		}
		res.Action = Refetched
		return c.whole(ctx, tg, res)
	}
	last := old.Last()
	body, err := tg.fetch(ctx, last.Add(-opt.Overlap))
	if err != nil {
		return res, err
	}
	recent, err := marketdata.Parse(body, path+" (the new days)", t)
	if errors.Is(err, marketdata.ErrNoRows) {
		res.Action, res.Days, res.First, res.Last = UpToDate, old.Len(), old.First(), last
		return res, nil
	}
	if err != nil {
		return res, fmt.Errorf("%w: %w", ErrBadData, err)
	}
	if why := disagreement(old, recent, opt.Tolerance); why != "" {
		res.Action, res.Reason = Refetched, why
		return c.whole(ctx, tg, res)
	}
	merged, added := appendAfter(oldBody, body, last)
	if added == 0 {
		res.Action, res.Days, res.First, res.Last = UpToDate, old.Len(), old.First(), last
		return res, nil
	}
	s, err := marketdata.Parse(merged, path, t)
	if err != nil {
		return res, fmt.Errorf("%w: the new days do not join the file: %w", ErrBadData, err)
	}
	if err := atomicfile.WriteFile(path, merged, 0o644); err != nil {
		return res, err
	}
	res.Action, res.Days, res.New, res.First, res.Last = Appended, s.Len(), s.Len()-old.Len(), s.First(), s.Last()
	return res, nil
}

// whole fetches the whole history and replaces the file.
func (c *Client) whole(ctx context.Context, tg target, res Result) (Result, error) {
	body, err := tg.fetch(ctx, time.Time{})
	if err != nil {
		return res, err
	}
	s, err := marketdata.Parse(body, res.Path, tg.ticker)
	if err != nil {
		return res, fmt.Errorf("%w: %w", ErrBadData, err)
	}
	if err := os.MkdirAll(filepath.Dir(res.Path), 0o755); err != nil {
		return res, fmt.Errorf("fetch: %w", err)
	}
	if err := atomicfile.WriteFile(res.Path, body, 0o644); err != nil {
		return res, err
	}
	res.Days, res.New, res.First, res.Last = s.Len(), s.Len(), s.First(), s.Last()
	return res, nil
}

// readExisting reads the file, or returns nil when there is none. A file
// that does not parse is an error: it is the user's, and not replaced
// silently.
func readExisting(path string, t marketdata.Ticker) (*marketdata.Series, []byte, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("fetch: %w", err)
	}
	s, err := marketdata.Parse(b, path, t)
	if err != nil {
		return nil, nil, fmt.Errorf("fetch: the existing file does not parse (move it away to fetch it anew): %w", err)
	}
	return s, b, nil
}

// disagreement compares the closes of the days both series have; it
// returns why they disagree, or "".
func disagreement(old, recent *marketdata.Series, tol float64) string {
	at := make(map[time.Time]int, 32)
	for i, d := range old.Dates[max(0, old.Len()-64):] {
		at[d] = max(0, old.Len()-64) + i
	}
	common := 0
	for j, d := range recent.Dates {
		i, ok := at[d]
		if !ok {
			continue
		}
		common++
		if a, b := old.Adjusted[i], recent.Adjusted[j]; !agree(a, b, tol) {
			return fmt.Sprintf("history re-adjusted since the last fetch (the adjusted close of %s was %g, now %g)", marketdata.FormatDate(d), a, b)
		}
		if old.Raw != nil && recent.Raw != nil && !agree(old.Raw[i], recent.Raw[j], tol) {
			return fmt.Sprintf("the provider corrected the close of %s (was %g, now %g)", marketdata.FormatDate(d), old.Raw[i], recent.Raw[j])
		}
	}
	if common == 0 {
		return "the new days do not overlap the file's, so they cannot be checked"
	}
	return ""
}

func agree(a, b, tol float64) bool { return math.Abs(a-b) <= tol*math.Max(math.Abs(a), math.Abs(b)) }

// appendAfter returns the old file with the new body's rows dated after
// last appended, and how many rows were added.
func appendAfter(old, recent []byte, last time.Time) ([]byte, int) {
	out := bytes.TrimRight(old, "\r\n")
	nl := []byte("\n")
	if bytes.Contains(old, []byte("\r\n")) {
		nl = []byte("\r\n")
	}
	out = append(append([]byte(nil), out...), nl...)
	added := 0
	lines := bytes.Split(recent, []byte("\n"))
	for _, line := range lines[min(1, len(lines)):] { // the header stays the old one
		row := bytes.TrimRight(line, "\r")
		if len(bytes.TrimSpace(row)) == 0 {
			continue
		}
		field, _, _ := bytes.Cut(row, []byte(","))
		d, err := marketdata.ParseDate(string(bytes.TrimSpace(field)))
		if err != nil || !d.After(last) {
			continue
		}
		out = append(append(out, row...), nl...)
		added++
	}
	return out, added
}
