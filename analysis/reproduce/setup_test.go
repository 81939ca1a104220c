package reproduce_test

import (
	"testing"
	"time"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/article"
	"github.com/rotationlab/rotation/analysis/reproduce"
)

// The article's figures stand beside ours only for its set-up: its legs
// and its whole event rule, with no declustering.
func TestSameSetUp(t *testing.T) {
	c := article.Equalizer()
	articleOptions := func() analysis.Options {
		o := analysis.DefaultOptions()
		o.EventRule = reproduce.Rule(c)
		return o
	}
	tests := []struct {
		name string
		set  func(*analysis.Options)
		want bool
	}{
		{"the article's", func(*analysis.Options) {}, true},
		{"its cut-off in another zone", func(o *analysis.Options) { o.Before = c.Before.In(time.FixedZone("EST", -5*3600)) }, true},
		{"other legs", func(o *analysis.Options) { o.A, o.B = o.B, o.A }, false},
		{"another threshold", func(o *analysis.Options) { o.Threshold = 0.03 }, false},
		{">", func(o *analysis.Options) { o.Compare = analysis.Above }, false},
		{"mirror", func(o *analysis.Options) { o.Mirror = true }, false},
		{"a window start", func(o *analysis.Options) { o.After = c.Before.AddDate(-10, 0, 0) }, false},
		{"another cut-off", func(o *analysis.Options) { o.Before = c.Before.AddDate(0, 0, 1) }, false},
		{"declustered", func(o *analysis.Options) { o.Decluster = 5 }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := articleOptions()
			tt.set(&o)
			if got := reproduce.SameSetUp(o, c); got != tt.want {
				t.Errorf("SameSetUp = %v, want %v", got, tt.want)
			}
		})
	}
}
