package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The command never replaces a user's price files unless told to.
func TestRefusesToReplacePrices(t *testing.T) {
	dir := t.TempDir()
	mine := "date,open,high,low,close,volume,dividend,unadj_close\n2024-01-02,1,1,1,1,1,0,1\n"
	path := filepath.Join(dir, "IWM.csv")
	if err := os.WriteFile(path, []byte(mine), 0o644); err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	if code := run([]string{"-o", dir, "-rows", "10"}, &stderr); code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	if !strings.Contains(stderr.String(), "IWM.csv exists") {
		t.Errorf("stderr %q does not say why", stderr.String())
	}
	if b, _ := os.ReadFile(path); string(b) != mine {
		t.Fatal("the user's file was replaced")
	}
	if _, err := os.Stat(filepath.Join(dir, "QQQ.csv")); err == nil {
		t.Error("QQQ.csv was written although the run was refused")
	}
	if code := run([]string{"-force", "-o", dir, "-rows", "10"}, io.Discard); code != 0 {
		t.Fatalf("-force: exit %d", code)
	}
	if b, _ := os.ReadFile(path); string(b) == mine || strings.Count(string(b), "\n") != 11 {
		t.Errorf("-force did not write 10 rows:\n%s", b)
	}
}
