package report

import (
	"fmt"

	"github.com/rotationlab/rotation/analysis"
)

// ruleWords says in words how an event rule compares A's daily return
// with B's: the verb ("beat", or "trailed" under the mirror), the margin
// ("by 4.00 pp or more", or "by more than 4.00 pp" for >) and the test on
// the spread ("spread >= +4.00%", "spread < -4.00%").
func ruleWords(r analysis.EventRule) (verb, margin, test string) {
	verb, sign, thr := "beat", r.Compare.String(), r.Threshold
	if r.Mirror {
		verb, sign, thr = "trailed", "<"+sign[1:], -r.Threshold
	}
	margin = fmt.Sprintf("by %.2f pp or more", 100*r.Threshold)
	if r.Compare == analysis.Above {
		margin = fmt.Sprintf("by more than %.2f pp", 100*r.Threshold)
	}
	return verb, margin, fmt.Sprintf("spread %s %+.2f%%", sign, 100*thr)
}
