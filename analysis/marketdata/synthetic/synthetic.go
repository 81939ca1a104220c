package synthetic

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"path/filepath"
	"strconv"
	"time"

	"github.com/rotationlab/rotation/internal/atomicfile"
)

// Tickers are the instruments Write writes, leg A first.
var Tickers = [2]string{"IWM", "QQQ"}

// Header is the first line of every file: the archive layout.
const Header = "date,open,high,low,close,volume,dividend,unadj_close"

// Vol is the daily volatility of each walk.
const Vol = 0.015

// start is the first date of every file.
var start = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)

// MaxRows is the number of calendar days from 0001-01-01 to 9999-12-31,
// the most rows a file can have with four-digit years.
var MaxRows = int((time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC).Unix()-start.Unix())/86400) + 1

// Write writes dir/IWM.csv and dir/QQQ.csv with rows days each, the same
// days in both. The same rows and seed give the same bytes. Each file is
// written whole or not at all. Files of those names already in dir are
// replaced: a command that writes into a user's directory checks first
// (cmd/synthetic refuses without -force).
func Write(dir string, rows int, seed uint64) error {
	if rows < 1 || rows > MaxRows {
		return fmt.Errorf("synthetic: %d rows; want 1 to %d (calendar days from 0001-01-01 to 9999-12-31)", rows, MaxRows)
	}
	for i, t := range Tickers {
		if err := writeFile(filepath.Join(dir, t+".csv"), rows, rand.New(rand.NewPCG(seed, uint64(i)))); err != nil {
			return err
		}
	}
	return nil
}

func writeFile(path string, rows int, rng *rand.Rand) error {
	// Written in full beside the path and then renamed: a failed write
	// leaves no half file, and a file already there stays as it was.
	err := atomicfile.Write(path, 0o644, func(f io.Writer) error { return fill(f, rows, rng) })
	if err != nil {
		return fmt.Errorf("synthetic: %w", err)
	}
	return nil
}

// fill writes a file's rows to f.
func fill(f io.Writer, rows int, rng *rand.Rand) error {
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString(Header + "\n")
	const center = 4.605170185988092 // log(100)
	x := center
	var line []byte
	d := start
	for i := range rows {
		prev := math.Exp(x)
		if i > 0 {
			x += Vol*rng.NormFloat64() - 0.001*(x-center)
		}
		c := math.Exp(x)
		open := prev
		hi, lo := max(open, c)*(1+0.002*rng.Float64()), min(open, c)*(1-0.002*rng.Float64())
		line = d.AppendFormat(line[:0], "2006-01-02")
		for _, v := range [...]float64{open, hi, lo, c} {
			line = append(line, ',')
			line = strconv.AppendFloat(line, v, 'f', 4, 64)
		}
		line = append(line, ",1000,0.0,"...)
		line = strconv.AppendFloat(line, c, 'f', 4, 64)
		line = append(line, '\n')
		if _, err := w.Write(line); err != nil {
			return fmt.Errorf("synthetic: %w", err)
		}
		d = d.AddDate(0, 0, 1)
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("synthetic: %w", err)
	}
	return nil
}
