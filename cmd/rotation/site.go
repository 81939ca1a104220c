package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/article"
	"github.com/rotationlab/rotation/display"
	"github.com/rotationlab/rotation/export"
	"github.com/rotationlab/rotation/internal/atomicfile"
	"github.com/rotationlab/rotation/marketdata"
	"github.com/rotationlab/rotation/notebook"
)

// runSite writes the index page of the notebook pages nbrun -html wrote:
// a link per notebook with its title, and the study's headline table.
func runSite(args []string, stdout, stderr io.Writer, getenv env) error {
	fs := newFlagSet("site", stderr)
	data := fs.String("data", "", "data `dir`ectory (default $ROTATION_DATA, then ./data)")
	out := fs.String("o", "out/index.html", "index page to write")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: rotation site [-data DIR] [-o out/index.html] NOTEBOOK...")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("site needs the notebooks whose pages it links")
	}
	var entries []export.Entry
	for _, p := range fs.Args() {
		nb, err := notebook.ReadFile(p)
		if err != nil {
			return err
		}
		stem := strings.TrimSuffix(filepath.Base(p), filepath.Ext(p))
		title := export.Title(nb)
		if title == "" {
			title = stem
		}
		entries = append(entries, export.Entry{Title: title, Href: stem + ".html"})
	}
	c := article.Equalizer()
	o := analysis.DefaultOptions()
	al, err := load(marketdata.Dir(*data, getenv), o)
	if err != nil {
		return err
	}
	rep, err := analysis.Reproduce(al, c, o)
	if err != nil {
		return err
	}
	df, err := rep.ConventionsTable()
	if err != nil {
		return err
	}
	table, err := display.Table(df, display.TableOptions{Percent: df.Names()[2:],
		Caption: fmt.Sprintf("Days with IWM beating QQQ by 4 pp or more before %s, and the mean 3- and 12-month returns after them", c.Before.Format(marketdata.DateLayout))})
	if err != nil {
		return err
	}
	body := "<h2>The headline</h2>\n<p>The article's table beside ours under each convention we tried (see notebook 3).</p>\n" + table
	page := export.Index("Rotation: the IWM-QQQ study, step by step", entries, body)
	if err := atomicfile.WriteFile(*out, page, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s with %d pages\n", *out, len(entries))
	return nil
}
