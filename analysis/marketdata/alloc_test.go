package marketdata_test

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/marketdata/synthetic"
)

// allocated returns the bytes f allocates on the heap. Two collections
// first empty the pools, so that f cannot borrow what an earlier call left.
func allocated(f func()) uint64 {
	runtime.GC()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// seriesBytes is the size of what a series of n days in the archive layout
// holds: a date and three prices a day.
func seriesBytes(n int) uint64 {
	return uint64(n) * uint64(24+3*8)
}

// TestReadFileMemory: reading a file costs about the series it gives, not
// the file's size on top (the file was once read whole into memory), nor
// slices grown by doubling.
func TestReadFileMemory(t *testing.T) {
	const rows = 200_000
	dir := t.TempDir()
	if err := synthetic.Write(dir, rows, 1); err != nil {
		t.Fatal(err)
	}
	path := marketdata.Path(dir, "IWM")
	var s *marketdata.Series
	got := allocated(func() {
		var err error
		if s, err = marketdata.ReadFile(path); err != nil {
			t.Fatal(err)
		}
	})
	if s.Len() != rows {
		t.Fatalf("%d rows, want %d", s.Len(), rows)
	}
	// The slices with their estimated room, and the read buffer.
	if limit := seriesBytes(rows)*11/10 + 1<<20; got > limit {
		t.Errorf("reading %d rows allocated %d bytes, want at most %d (the series holds %d)", rows, got, limit, seriesBytes(rows))
	}
}

// TestAlignMemory: aligning series that have the same days copies neither
// the dates nor the prices: the cost does not grow with the rows.
func TestAlignMemory(t *testing.T) {
	const rows = 100_000
	day0 := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	mk := func(tk marketdata.Ticker) *marketdata.Series {
		s := &marketdata.Series{Ticker: tk, Format: marketdata.FormatStooq}
		for k := range rows {
			s.Dates = append(s.Dates, day0.AddDate(0, 0, k))
			s.Adjusted = append(s.Adjusted, 100+float64(k%7))
		}
		return s
	}
	a, b := mk("A"), mk("B")
	var al *marketdata.Aligned
	got := allocated(func() {
		var err error
		if al, err = marketdata.Align(a, b); err != nil {
			t.Fatal(err)
		}
		if _, err := al.Close(0, marketdata.Adjusted); err != nil {
			t.Fatal(err)
		}
		if _, err := al.Close(1, marketdata.Adjusted); err != nil {
			t.Fatal(err)
		}
	})
	if al.Len() != rows {
		t.Fatalf("%d common days, want %d", al.Len(), rows)
	}
	if got > 4096 {
		t.Errorf("aligning two series of %d identical days allocated %d bytes, want at most 4096", rows, got)
	}
}

// A file of a header and blank lines is refused without the reader first
// sizing its columns for millions of rows from the short lines at its head.
func TestReadFileBlankLinesMemory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "IWM.csv")
	body := "date,open,high,low,close,volume,dividend,unadj_close\n" + strings.Repeat("\n", 4<<20)
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := marketdata.ReadFile(path)
	runtime.ReadMemStats(&after)
	if err == nil {
		t.Fatal("a file of blank lines was read")
	}
	// The columns of the rows 4 MB could hold at the shortest row length:
	// about 220 k rows, a few MB; not a slot for every blank line.
	if got := after.TotalAlloc - before.TotalAlloc; got > 32<<20 {
		t.Errorf("%d MB allocated to refuse a 4 MB file of blank lines", got>>20)
	}
}
