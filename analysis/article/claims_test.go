package article_test

import (
	"testing"

	"github.com/rotationlab/rotation/analysis/article"
	"github.com/rotationlab/rotation/analysis/marketdata"
)

// The claims' legs are tickers, typed as everywhere else (not strings
// compared by hand), and valid ones: ParseTicker gives them back unchanged.
func TestClaimsTickers(t *testing.T) {
	c := article.Equalizer()
	for _, leg := range []marketdata.Ticker{c.A, c.B} {
		got, err := marketdata.ParseTicker(string(leg))
		if err != nil || got != leg {
			t.Errorf("ParseTicker(%q) = %q, %v; want it unchanged", leg, got, err)
		}
	}
	if c.A == c.B {
		t.Errorf("both legs are %s", c.A)
	}
}
