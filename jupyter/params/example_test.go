package params_test

import (
	"fmt"

	"github.com/rotationlab/rotation/jupyter/params"
)

func ExampleGoCell() {
	declared, err := params.GoDeclared("var (\n\tthreshold = 0.04\n\tticker = \"IWM\"\n)\nconst horizon = 63\n")
	if err != nil {
		fmt.Println(err)
		return
	}
	code, err := params.GoCell(declared, []params.Value{{Name: "threshold", Raw: "0.05"}, {Name: "horizon", Raw: "21"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(code)
	_, err = params.GoCell(declared, []params.Value{{Name: "ticker", Raw: "x"}, {Name: "tresh", Raw: "1"}})
	fmt.Println(err)
	// Output:
	// // Parameters injected by nbrun.
	// var threshold float64 = 0.05
	// const horizon = 21
	// params: unknown parameter "tresh"; declared: threshold (float64), ticker (string), horizon (int)
}
