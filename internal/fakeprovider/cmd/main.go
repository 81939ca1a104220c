// Command fakeprovider serves the price files of a directory as Yahoo,
// Stooq and Tiingo answer, on a local address, so that `make run` can be
// tried end to end without the network:
//
//	go run ./internal/fakeprovider/cmd -data DIR -addr 127.0.0.1:8765 &
//	ROTATION_YAHOO_URL=http://127.0.0.1:8765 make run
package main

import (
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"strings"

	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/internal/fakeprovider"
)

func main() {
	data := flag.String("data", "", "directory of TICKER.csv files to serve (any supported layout)")
	addr := flag.String("addr", "127.0.0.1:8765", "address to listen on (loopback only)")
	stooqKey := flag.String("stooq-key", "", "API key Stooq's fake wants (empty: none)")
	tiingoKey := flag.String("tiingo-key", "", "token Tiingo's fake wants")
	flag.Parse()
	if *data == "" || !strings.HasPrefix(*addr, "127.") {
		fmt.Fprintln(os.Stderr, "usage: fakeprovider -data DIR [-addr 127.0.0.1:PORT]")
		os.Exit(2)
	}
	s := &fakeprovider.Server{StooqKey: *stooqKey, TiingoKey: *tiingoKey,
		StooqPage: []byte("<!DOCTYPE html><html><head><title>Stooq</title></head><body>API key required</body></html>"),
		Data: func(t marketdata.Ticker) (*marketdata.Series, bool) {
			s, err := marketdata.LoadDir(*data, t)
			return s, err == nil
		}}
	log.Printf("serving %s as yahoo, stooq and tiingo on http://%s", *data, *addr)
	log.Fatal(http.ListenAndServe(*addr, s))
}
