package fetch_test

import (
	"context"
	"fmt"
	"log"
	"net/http/httptest"
	"os"
	"path/filepath"
	"time"

	"github.com/rotationlab/rotation/analysis/fetch"
	"github.com/rotationlab/rotation/analysis/fetch/fetchtest"
	"github.com/rotationlab/rotation/analysis/marketdata"
)

// Update fetches a ticker's whole history into a data directory, then
// brings it up to date on later runs. Here a local stand-in answers as
// Yahoo does (a session cookie, a crumb, the chart API); a program points
// the client at the real hosts with NewClient alone.
func ExampleClient_Update() {
	srv := httptest.NewServer(fetchtest.FromDir(filepath.Join("..", "..", "testdata", "prices")))
	defer srv.Close()
	dir, err := os.MkdirTemp("", "prices-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	c := fetch.NewClient()
	c.YahooURL = srv.URL
	c.Now = func() time.Time { return time.Date(2024, 1, 17, 0, 0, 0, 0, time.UTC) }
	ctx := context.Background()
	for range 2 {
		r, err := c.Update(ctx, fetch.Yahoo, dir, "AAA", fetch.UpdateOptions{})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(r.Action == fetch.Created, r.Days, marketdata.FormatDate(r.First), marketdata.FormatDate(r.Last))
	}
	s, err := marketdata.ReadFile(filepath.Join(dir, "AAA.csv"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(s.Format, len(s.Dates), "days")
	// Output:
	// true 10 2024-01-02 2024-01-16
	// false 10 2024-01-02 2024-01-16
	// yahoo 10 days
}
