//go:build linux

package main

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/rotationlab/rotation/analysis/fetch"
	"github.com/rotationlab/rotation/analysis/marketdata"
)

// The index files beside -data are served under their caret symbols:
// rotation's client fetches ^NDX from the fake Yahoo into NDX.csv.
func TestServesIndices(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	base := t.TempDir()
	prices, indices := filepath.Join(base, "prices"), filepath.Join(base, "indices")
	for _, d := range []string{prices, indices} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	files := map[string]string{
		filepath.Join(prices, "QQQ.csv"):  "Date,Open,High,Low,Close,Volume\n2024-01-02,1,1,1,1,1\n",
		filepath.Join(indices, "NDX.csv"): "date,close\n2024-01-02,16543.94\n2024-01-03,16368.49\n",
	}
	for p, b := range files {
		if err := os.WriteFile(p, []byte(b), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if code := run([]string{"-data", prices, "-index-data", filepath.Join(base, "none")}); code != 2 {
		t.Errorf("-index-data of no directory: exit %d, want 2", code)
	}
	s := start(t, []string{exe, "-data", prices, "-addr", "127.0.0.1:0"}, "FAKEPROVIDER_BE_MAIN=1")
	c := fetch.NewClient()
	c.YahooURL = "http://" + s.addr
	c.Timeout, c.Retries = 5*time.Second, 0
	c.Now = func() time.Time { return time.Date(2024, 1, 10, 0, 0, 0, 0, time.UTC) }
	out := t.TempDir()
	r, err := c.UpdateIndex(context.Background(), fetch.Yahoo, out, "^NDX", fetch.UpdateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := marketdata.LoadIndex(out, "^NDX")
	if err != nil || r.Days != 2 || got.Len() != 2 || got.Adjusted[1] != 16368.49 {
		t.Errorf("fetched %+v, read back %v, %v", r, got, err)
	}
	if err := syscall.Kill(s.pid, syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	s.waitExit(t)
	s.gone(t)
}
