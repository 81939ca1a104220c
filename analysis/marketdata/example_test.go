package marketdata_test

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/rotationlab/rotation/analysis/marketdata"
)

func ExampleRead() {
	csv := "Date,Open,High,Low,Close,Adj Close,Volume\n" +
		"2024-07-10,203.0,204.0,202.0,203.37,201.10,100\n" +
		"2024-07-11,null,null,null,null,null,null\n"
	s, err := marketdata.Read(strings.NewReader(csv), "iwm.csv", "IWM")
	if err != nil {
		fmt.Println(err)
		return
	}
	raw, _ := s.Close(marketdata.Raw)
	fmt.Println(s.Format, s.Len(), raw[0], s.Adjusted[0], len(s.Skipped))

	_, err = marketdata.Read(strings.NewReader("Date,Open,High,Low,Close,Volume\n2024-07-10,1,1,1,-2,0\n"), "bad.csv", "X")
	fmt.Println(err)
	// Output:
	// yahoo 1 203.37 201.1 1
	// bad.csv:2:5: column "Close": price not positive: "-2"
}

// An index keeps its caret as a symbol and drops it in its file name,
// which lives in the index directory beside the price directory.
func ExampleIndexPath() {
	ix, err := marketdata.ParseIndex("^ndx")
	if err != nil {
		fmt.Println(err)
		return
	}
	dir := marketdata.IndexDir("", "", filepath.Join("shared", "data", "prices"), func(string) string { return "" })
	fmt.Println(ix, filepath.ToSlash(marketdata.IndexPath(dir, ix)))
	// Output: ^NDX shared/data/indices/NDX.csv
}
