package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rotationlab/rotation/analysis/marketdata/marketdatatest"
)

// A price file that does not read is named on the page by its name, not
// by its path on this machine (the page may be published).
func TestBadFileNamedByName(t *testing.T) {
	data := marketdatatest.PairDir(t, "IWM", "QQQ")
	if err := os.WriteFile(filepath.Join(data, "BAD.csv"), []byte("date,close\n2024-01-02,x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := outDir(t)
	page := filepath.Join(out, "index.html")
	var stdout, stderr bytes.Buffer
	if code := runAt([]string{"-data", data, "-o", page, sampleNotebook}, &stdout, &stderr, func(string) string { return "" }, fixedClock); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	b, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "does not read: BAD.csv") {
		t.Errorf("the page does not say BAD.csv does not read:\n%s", b)
	}
	if strings.Contains(string(b), data) {
		t.Errorf("the page names the data directory's path %s", data)
	}
}

// -o in a directory that does not exist yet: the directory is made.
func TestPageDirectoryMade(t *testing.T) {
	data := marketdatatest.PairDir(t, "IWM", "QQQ")
	page := filepath.Join(t.TempDir(), "new", "index.html")
	var stdout, stderr bytes.Buffer
	if code := runAt([]string{"-data", data, "-o", page, sampleNotebook}, &stdout, &stderr, func(string) string { return "" }, fixedClock); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if _, err := os.Stat(page); err != nil {
		t.Error(err)
	}
}
