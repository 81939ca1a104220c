package main

import (
	"io"
	"testing"
)

// -gonb-fast is on unless turned off; it is runner.Options.NoGoNBFast
// negated. What the settings do is tested in package runner.
func TestGoNBFastFlag(t *testing.T) {
	for _, tc := range []struct {
		args []string
		off  bool
	}{
		{[]string{"a.ipynb"}, false},
		{[]string{"a.ipynb", "-gonb-fast"}, false},
		{[]string{"-gonb-fast=false", "a.ipynb"}, true},
		{[]string{"a.ipynb", "-gonb-fast=0"}, true},
	} {
		o, err := parseArgs(tc.args, io.Discard)
		if err != nil {
			t.Fatalf("%q: %v", tc.args, err)
		}
		if o.run.NoGoNBFast != tc.off {
			t.Errorf("%q: NoGoNBFast %v, want %v", tc.args, o.run.NoGoNBFast, tc.off)
		}
	}
}
