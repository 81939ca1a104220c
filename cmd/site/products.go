package main

import (
	"errors"
	"fmt"
	"html"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/rotationlab/rotation/jupyter/export"

	"github.com/rotationlab/rotation/analysis/marketdata"
)

// product is one thing make run writes, relative to the products
// directory: a file, or a directory of charts.
type product struct {
	name, what string
	dir        bool
}

// products are make run's products (the Makefile's run target), in the
// order a reader takes them; the notebooks' pages and the executed
// notebooks come from the command line.
var products = []product{
	{name: "reproduce.txt", what: "the reproduction: the article's table beside ours under each convention, and how far the figures move"},
	{name: "reproduce.json", what: "the reproduction as JSON, full precision"},
	{name: "study.txt", what: "the study of events before 2024-07-11: the events, forward returns, tests"},
	{name: "study.json", what: "the study as JSON, full precision"},
	{name: "after-2024-07-11.txt", what: "the events from 2024-07-11 on, and what followed them"},
	{name: "mirror.txt", what: "the mirror: days the second leg beat the first by the threshold"},
	{name: "declustered.txt", what: "the study with events at least 63 trading days apart"},
	{name: "scan.txt", what: "every ordered pair of the run's tickers"},
	{name: "plots", dir: true, what: "the study's charts (PNG and SVG)"},
	{name: "plots-mirror", dir: true, what: "the mirror's charts (PNG and SVG)"},
}

// found is what the products directory holds of a product.
type found struct {
	product
	files []string // a directory's files, sorted; nil for a file
	ok    bool
}

// look finds the products in dir (the directory the page is written to,
// whose links are relative to it). A product that is not there is left
// out of the links and named among the missing.
func look(dir string) ([]found, error) {
	var out []found
	st, err := os.Stat(dir)
	there := err == nil && st.IsDir()
	for _, p := range products {
		f := found{product: p}
		if !there {
			out = append(out, f)
			continue
		}
		st, err := os.Stat(filepath.Join(dir, p.name))
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return nil, err
		case p.dir && st.IsDir():
			ents, err := os.ReadDir(filepath.Join(dir, p.name))
			if err != nil {
				return nil, err
			}
			for _, e := range ents {
				if e.Type().IsRegular() {
					f.files = append(f.files, e.Name())
				}
			}
			slices.Sort(f.files)
			f.ok = len(f.files) > 0
		case !p.dir && st.Mode().IsRegular():
			f.ok = true
		}
		out = append(out, f)
	}
	return out, nil
}

// notebookPages are a notebook's two products: its page (stem.html) and the
// executed notebook (notebooks/stem.ipynb).
func notebookPages(dir, stem string) (page, executed bool) {
	isFile := func(p string) bool {
		st, err := os.Stat(filepath.Join(dir, p))
		return err == nil && st.Mode().IsRegular()
	}
	return isFile(stem + ".html"), isFile(path.Join("notebooks", stem+".ipynb"))
}

// productsHTML lists the products found, with links, then the executed
// notebooks (links already made), and names the missing products, the
// notebooks' among them.
func productsHTML(fs []found, executed, missingNotebooks []string) string {
	var b strings.Builder
	b.WriteString("<h2>What this run made</h2>\n<table>\n<thead><tr><th>file</th><th>what it is</th></tr></thead>\n<tbody>\n")
	var missing []string
	for _, f := range fs {
		if !f.ok {
			missing = append(missing, f.name)
			continue
		}
		link := `<a href="` + export.Href(f.name) + `">` + html.EscapeString(f.name) + "</a>"
		if f.dir {
			var links []string
			for _, n := range f.files {
				href := f.name + "/" + n
				links = append(links, `<a href="`+export.Href(href)+`">`+html.EscapeString(n)+"</a>")
			}
			link = html.EscapeString(f.name) + "/: " + strings.Join(links, ", ")
		}
		fmt.Fprintf(&b, "<tr><td>%s</td><td>%s</td></tr>\n", link, html.EscapeString(f.what))
	}
	if len(executed) > 0 {
		fmt.Fprintf(&b, "<tr><td>notebooks/: %s</td><td>the executed notebooks, with their outputs, to open in Jupyter</td></tr>\n", strings.Join(executed, ", "))
	}
	b.WriteString("</tbody>\n</table>\n")
	missing = append(missing, missingNotebooks...)
	if len(missing) > 0 {
		fmt.Fprintf(&b, "<p>Not in this directory (not made, or made elsewhere): %s.</p>\n", html.EscapeString(strings.Join(missing, ", ")))
	}
	return b.String()
}

// tickerData is one price file of the data directory.
type tickerData struct {
	file        string
	layout      string
	first, last time.Time
	days        int
	err         error
}

// dataFiles reads every TICKER.csv of the data directory, sorted by name.
// A file that does not read is listed with its error.
func dataFiles(dir string) ([]tickerData, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []tickerData
	for _, e := range ents {
		if !e.Type().IsRegular() || !strings.HasSuffix(e.Name(), ".csv") {
			continue
		}
		d := tickerData{file: e.Name()}
		s, err := marketdata.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			d.err = err
		} else {
			d.layout, d.first, d.last, d.days = layoutName(s.Format), s.First(), s.Last(), s.Len()
		}
		out = append(out, d)
	}
	return out, nil
}

// layoutName says which vendor's download a layout is.
func layoutName(f marketdata.Format) string {
	switch f {
	case marketdata.FormatYahoo:
		return "Yahoo Finance's download"
	case marketdata.FormatStooq:
		return "Stooq's download"
	case marketdata.FormatTiingo:
		return "Tiingo's end-of-day CSV"
	case marketdata.FormatAlphaVantage:
		return "Alpha Vantage's daily adjusted CSV"
	case marketdata.FormatArchive:
		return "the archive's (date, OHLC, volume, dividend, unadj_close)"
	case marketdata.FormatClose:
		return "date,close (index levels)"
	}
	return f.String()
}

// provenance is what the data directory's PROVENANCE.md says of its
// source: the rows of its tables named repository, commit, vendor or
// source, or else its first heading; ok is false when there is no such
// file.
func provenance(dir string) (lines []string, ok bool, err error) {
	b, err := os.ReadFile(filepath.Join(dir, "PROVENANCE.md"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	heading := ""
	for _, l := range strings.Split(string(b), "\n") {
		l = strings.TrimSpace(l)
		if heading == "" && strings.HasPrefix(l, "# ") {
			heading = strings.TrimPrefix(l, "# ")
		}
		cells := strings.Split(strings.Trim(l, "|"), "|")
		if !strings.HasPrefix(l, "|") || len(cells) < 2 {
			continue
		}
		key := strings.ToLower(strings.TrimSpace(cells[0]))
		if key == "repository" || key == "commit" || key == "vendor" || key == "source" {
			val := strings.ReplaceAll(strings.TrimSpace(strings.Join(cells[1:], "|")), "`", "")
			// The first sentence: the page names the source; the file
			// tells the rest.
			if i := strings.Index(val, ". "); i > 0 {
				val = val[:i+1]
			}
			lines = append(lines, key+": "+val)
		}
	}
	if len(lines) == 0 && heading != "" {
		lines = []string{strings.ReplaceAll(heading, "`", "")}
	}
	return lines, true, nil
}

// dataHTML says which data made the run: in summary, a line for the top of
// the page (when it was made, from which files over which days, from which
// source); in detail, the directory's recorded source and each file's
// layout, first and last date and days.
func dataHTML(dir string, now time.Time) (summary, detail string, err error) {
	files, err := dataFiles(dir)
	if err != nil {
		return "", "", err
	}
	src, ok, err := provenance(dir)
	if err != nil {
		return "", "", err
	}
	var first, last time.Time
	read := 0
	for _, f := range files {
		if f.err != nil {
			continue
		}
		if read == 0 || f.first.Before(first) {
			first = f.first
		}
		if read == 0 || f.last.After(last) {
			last = f.last
		}
		read++
	}
	source := "no recorded source"
	for _, l := range src {
		if strings.HasPrefix(l, "vendor: ") || strings.HasPrefix(l, "source: ") {
			source = "source: " + strings.TrimSuffix(strings.SplitN(l, ": ", 2)[1], ".")
			break
		}
	}
	if source == "no recorded source" && len(src) > 0 {
		source = "source: " + strings.TrimSuffix(src[0], ".")
	}
	made := now.UTC().Format("2006-01-02 15:04 UTC")
	if read > 0 {
		summary = fmt.Sprintf("<p>Made %s from the %d price files in <code>%s</code>, %s to %s (%s; see <a href=\"#data\">the data</a>).</p>\n",
			made, read, html.EscapeString(filepath.Base(dir)), marketdata.FormatDate(first), marketdata.FormatDate(last), html.EscapeString(source))
	} else {
		summary = fmt.Sprintf("<p>Made %s; no price file of <code>%s</code> reads (see <a href=\"#data\">the data</a>).</p>\n", made, html.EscapeString(filepath.Base(dir)))
	}
	var b strings.Builder
	b.WriteString("<h2 id=\"data\">The data</h2>\n")
	fmt.Fprintf(&b, "<p>Data directory: <code>%s</code>. ", html.EscapeString(filepath.Base(dir)))
	if ok && len(src) > 0 {
		b.WriteString("Its PROVENANCE.md records the source:</p>\n<ul>\n")
		for _, l := range src {
			b.WriteString("<li>" + html.EscapeString(l) + "</li>\n")
		}
		b.WriteString("</ul>\n")
	} else {
		b.WriteString("It records no source (no PROVENANCE.md, as after <code>rotation fetch</code>): each file's layout says whose download it is.</p>\n")
	}
	b.WriteString("<table>\n<thead><tr><th>file</th><th>layout</th><th>first day</th><th>last day</th><th>days</th></tr></thead>\n<tbody>\n")
	for _, f := range files {
		if f.err != nil {
			// The error names the file by its path on this machine: the
			// page, which may be published, names it as the table does.
			msg := strings.ReplaceAll(f.err.Error(), filepath.Join(dir, f.file), f.file)
			fmt.Fprintf(&b, "<tr><td>%s</td><td colspan=\"4\">does not read: %s</td></tr>\n", html.EscapeString(f.file), html.EscapeString(msg))
			continue
		}
		fmt.Fprintf(&b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td style=\"text-align:right\">%d</td></tr>\n",
			html.EscapeString(f.file), html.EscapeString(f.layout), marketdata.FormatDate(f.first), marketdata.FormatDate(f.last), f.days)
	}
	b.WriteString("</tbody>\n</table>\n")
	fmt.Fprintf(&b, "<p>This page was made %s.</p>\n", now.UTC().Format("2006-01-02 15:04:05 UTC"))
	return summary, b.String(), nil
}
