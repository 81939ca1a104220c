package fetch_test

import (
	"testing"
	"time"

	"github.com/rotationlab/rotation/analysis/fetch"
)

func TestRound(t *testing.T) {
	for _, tc := range []struct {
		in   time.Duration
		want string
	}{
		{3714819040 * time.Nanosecond, "3.7s"},
		{250400 * time.Microsecond, "250ms"},
		{61500 * time.Millisecond, "1m2s"},
		{1234 * time.Nanosecond, "1µs"},
		{30 * time.Second, "30s"},
		{-3714819040 * time.Nanosecond, "-3.7s"},
	} {
		if got := fetch.Round(tc.in).String(); got != tc.want {
			t.Errorf("Round(%v) = %s, want %s", tc.in, got, tc.want)
		}
	}
}
