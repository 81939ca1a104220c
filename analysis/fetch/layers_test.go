package fetch_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/rotationlab/rotation/analysis/fetch"
	"github.com/rotationlab/rotation/analysis/marketdata"
)

// errors.As finds the CSV parser's positional error through every layer
// that wraps it: loading a directory, and a download.
func TestParseErrorsThroughLayers(t *testing.T) {
	dir := t.TempDir()
	bad := "Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,1,1,1,abc,1,1\n"
	if err := os.WriteFile(filepath.Join(dir, "AAA.csv"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	var pe *marketdata.ParseError
	_, err := marketdata.LoadAll(dir, "AAA")
	if !errors.As(err, &pe) || pe.Line != 2 {
		t.Errorf("LoadAll: %v does not wrap a ParseError of line 2", err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(bad)) }))
	defer srv.Close()
	c := &fetch.Client{HTTP: srv.Client(), StooqURL: srv.URL}
	_, _, err = c.ToDir(context.Background(), fetch.Stooq, t.TempDir(), "AAA")
	if !errors.As(err, &pe) || !errors.Is(err, fetch.ErrBadData) {
		t.Errorf("fetch: %v wraps no ParseError or not ErrBadData", err)
	}
}
