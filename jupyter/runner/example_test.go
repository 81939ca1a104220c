package runner_test

import (
	"fmt"

	"github.com/rotationlab/rotation/jupyter/params"
	"github.com/rotationlab/rotation/jupyter/runner"
)

// A sweep of two parameters over two notebooks, split into two shards:
// the plan reads nothing, so a coordinator can plan runs of notebooks it
// does not hold.
func ExampleNewPlan() {
	plan, err := runner.NewPlan(runner.Options{
		Notebooks: []string{"events.ipynb", "after.ipynb"},
		Params:    []params.Value{{Name: "ticker", Raw: "IWM"}},
		Sweeps: []runner.Sweep{
			{Name: "threshold", Values: []string{"0.03", "0.05"}},
			{Name: "horizon", Values: []string{"63", "252"}},
		},
		OutDir: "out",
		Shard:  runner.Shard{K: 1, N: 2},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, j := range plan.Jobs {
		fmt.Printf("%d %s -> %s\n", j.Index, j.Label(), j.Out)
	}
	// Output:
	// 0 events.ipynb [threshold=0.03 horizon=63] -> out/events-threshold=0.03-horizon=63.ipynb
	// 2 events.ipynb [threshold=0.05 horizon=63] -> out/events-threshold=0.05-horizon=63.ipynb
	// 4 after.ipynb [threshold=0.03 horizon=63] -> out/after-threshold=0.03-horizon=63.ipynb
	// 6 after.ipynb [threshold=0.05 horizon=63] -> out/after-threshold=0.05-horizon=63.ipynb
}

// A template names the output files after the notebook and the
// parameters; two runs that would write one file are refused.
func ExampleNewPlan_template() {
	opt := runner.Options{
		Notebooks: []string{"events.ipynb"},
		Sweeps:    []runner.Sweep{{Name: "threshold", Values: []string{"0.03", "0.05"}}},
		OutDir:    "out/{notebook}-{threshold}.ipynb",
	}
	plan, err := runner.NewPlan(opt)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, j := range plan.Jobs {
		fmt.Println(j.Out)
	}
	opt.OutDir = "out/{notebook}.ipynb"
	_, err = runner.NewPlan(opt)
	fmt.Println(err)
	// Output:
	// out/events-0.03.ipynb
	// out/events-0.05.ipynb
	// -o: events.ipynb [threshold=0.03] and events.ipynb [threshold=0.05] would both be written to out/events.ipynb (add the swept names to the template)
}
