package main

import (
	"io"
	"path/filepath"
	"slices"
	"testing"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/marketdata"
)

// Parsing is apart from running: parse checks the arguments and returns
// the subcommand's options, reading no data (the directory here does not
// exist).
func TestParseOptions(t *testing.T) {
	absent := filepath.Join(t.TempDir(), "absent")
	parsed := func(t *testing.T, args ...string) command {
		t.Helper()
		cmd, err := parse(args[0], args[1:], io.Discard, io.Discard, noenv)
		if err != nil || cmd == nil {
			t.Fatalf("parse(%q) = %v, %v", args, cmd, err)
		}
		return cmd
	}
	t.Run("study", func(t *testing.T) {
		o := parsed(t, "study", "-data", absent, "-a", "iwm", "-b", "spy", "-threshold", "0.03", "-mirror", "-horizons", "21,3mo", "-json").(*studyOptions)
		if o.dir != absent || o.study.A != "IWM" || o.study.B != "SPY" || o.study.Threshold != 0.03 || !o.study.Mirror || !o.json ||
			!slices.Equal(o.study.Horizons, []analysis.Horizon{analysis.Days(21), analysis.MonthsAhead(3)}) {
			t.Errorf("options %+v", o)
		}
	})
	t.Run("reproduce takes the article's set-up", func(t *testing.T) {
		o := parsed(t, "reproduce", "-data", absent, "-price", "raw").(*reproduceOptions)
		if o.base.A != o.claims.A || o.base.B != o.claims.B || o.base.Threshold != o.claims.Threshold || o.base.Price != marketdata.Raw {
			t.Errorf("options %+v", o)
		}
	})
	t.Run("scan", func(t *testing.T) {
		o := parsed(t, "scan", "aaa", "BBB", "-data", absent, "aaa", "-after", "2024-01-05", "-allow-gaps").(*scanOptions)
		if !slices.Equal(o.tickers, []marketdata.Ticker{"AAA", "BBB"}) || !o.allowGaps || marketdata.FormatDate(o.scan.After) != "2024-01-05" {
			t.Errorf("options %+v", o)
		}
	})
	t.Run("check", func(t *testing.T) {
		o := parsed(t, "check", "-data", absent, "-against", absent, "-tolerance", "0.01", "XLF").(*checkOptions)
		if o.against != absent || o.quality.Tolerance != 0.01 || !slices.Equal(o.tickers, []marketdata.Ticker{"XLF"}) ||
			o.study.A != "IWM" || o.study.Resamples != 0 {
			t.Errorf("options %+v", o)
		}
	})
	t.Run("fetch", func(t *testing.T) {
		o := parsed(t, "fetch", "-data", absent, "-source", "stooq", "-full", "iwm").(*fetchOptions)
		if o.dir != absent || o.src.String() != "stooq" || !o.full || !slices.Equal(o.tickers, []marketdata.Ticker{"IWM"}) {
			t.Errorf("options %+v", o)
		}
	})
	if cmd, err := parse("frobnicate", nil, io.Discard, io.Discard, noenv); cmd != nil || err != nil {
		t.Errorf("unknown command: %v, %v", cmd, err)
	}
}
