package jupytext_test

import (
	"fmt"
	"strings"

	"github.com/rotationlab/rotation/jupyter/jupytext"
)

func ExampleRead() {
	text := `// ---
// jupyter:
//   kernelspec:
//     display_name: Go (gonb)
//     language: go
//     name: gonb
// ---

// %% [markdown]
// # A GoNB notebook

// %% tags=["parameters"]
var threshold = 0.03

// %%
// %args -v
//gonb:%%
fmt.Println(threshold)
`
	nb, err := jupytext.Read(strings.NewReader(text), jupytext.Options{Language: jupytext.Go, Name: "study.go"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("kernel:", nb.KernelSpec().Name)
	for _, c := range nb.Cells {
		fmt.Printf("%s %s %v\n%s\n", c.ID, c.Type, c.Tags(), c.Source)
	}
	// Output:
	// kernel: gonb
	// 7e206ac8 markdown []
	// # A GoNB notebook
	// 75333255 code [parameters]
	// var threshold = 0.03
	// c5866681 code []
	// %args -v
	// %%
	// fmt.Println(threshold)
}
