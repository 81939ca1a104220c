package report

import (
	"bufio"
	"encoding/json"
	"io"
	"math"
	"strconv"
	"time"

	"github.com/rotationlab/rotation/analysis/marketdata"
)

// Number is a float64 that encodes NaN and infinities as JSON null.
type Number float64

// MarshalJSON writes the number, or null when it is not finite.
func (n Number) MarshalJSON() ([]byte, error) {
	f := float64(n)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, f, 'g', -1, 64), nil
}

// WriteJSON writes v as one JSON document indented by two spaces, as every
// rotation command with -json does.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// optionalDate writes a date, or "" for the zero time (an unset bound).
func optionalDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return marketdata.FormatDate(t)
}

// newWriter buffers a text report. bufio.Writer keeps its first error:
// every later write and the final Flush return it, so a report written in
// many small calls is checked once, by Flush.
func newWriter(w io.Writer) *bufio.Writer { return bufio.NewWriterSize(w, 1<<16) }
