// ---
// jupyter:
//   kernelspec:
//     display_name: Go (gonb)
//     language: go
//     name: gonb
// ---

// %% [markdown]
// A GoNB notebook kept as a script, as jupytext writes it.

// %% tags=["parameters"]
var threshold = 0.04
var ticker = "IWM"
var horizons = []int{63, 252}

// %%
//gonb:%%
fmt.Println(threshold, ticker, horizons)

// %%
// %args --who=Wally

var flagWho = flag.String("who", "", "whom to look for")

func main() {
	flag.Parse()
	fmt.Printf("where is %s?\n", *flagWho)
}
