package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/rotationlab/rotation/internal/atomicfile"
	"github.com/rotationlab/rotation/jupyter/nbformat"
)

// ValuesMIME is the MIME type of a display through which a notebook
// publishes named scalars for a sweep's summary: a JSON object (or a string
// holding one) of names to numbers, strings or booleans. The last display
// of a name wins.
const ValuesMIME = "application/vnd.nbrun.values+json"

// result is one run's outcome, a row of the summary.
type result struct {
	run      runSpec
	code     int
	duration time.Duration
	values   map[string]any
	// names keeps the values' names in the order first published.
	names []string
	// errText is the failed cell's error ("" when none failed).
	errText string
	// written is where the executed notebook went ("" for nowhere): the
	// run's out, or NAME.failed.ipynb beside a source it would replace.
	written string
}

// statusText names an exit code for the summary.
func statusText(code int) string {
	switch code {
	case exitOK:
		return "ok"
	case exitCellError:
		return "cell error"
	case exitUsage:
		return "bad notebook or parameters"
	case exitKernel:
		return "kernel failed"
	case exitTimeout:
		return "timed out"
	case exitStale:
		return "stale outputs"
	case exitWrite:
		return "write failed"
	case exitInterrupted:
		return "interrupted"
	}
	return "exit " + strconv.Itoa(code)
}

// publishedValues collects what the notebook published through ValuesMIME.
func publishedValues(nb *nbformat.Notebook) (map[string]any, []string) {
	vals := map[string]any{}
	var names []string
	for _, c := range nb.Cells {
		for _, o := range c.Outputs {
			v, ok := o.Data[ValuesMIME]
			if !ok {
				continue
			}
			if s, isString := v.(string); isString {
				var m map[string]any
				if json.Unmarshal([]byte(s), &m) != nil {
					continue
				}
				v = m
			}
			m, ok := v.(map[string]any)
			if !ok {
				continue
			}
			keys := make([]string, 0, len(m))
			for k := range m {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				if _, seen := vals[k]; !seen {
					names = append(names, k)
				}
				vals[k] = m[k]
			}
		}
	}
	return vals, names
}

// table is a summary as rows of text under a header.
type table struct {
	header []string
	rows   [][]string
	// links holds, per row, the page or notebook the row links to.
	links []string
}

// summaryTable lays out the results: the run's index, notebook, output,
// parameters, status, exit code, duration, the failed cell's error, then
// the published values.
func summaryTable(results []result, pageDir string) table {
	var paramNames, valueNames []string
	for _, r := range results {
		for _, v := range r.run.values {
			if !slices.Contains(paramNames, v.Name) {
				paramNames = append(paramNames, v.Name)
			}
		}
		for _, n := range r.names {
			if !slices.Contains(valueNames, n) {
				valueNames = append(valueNames, n)
			}
		}
	}
	t := table{header: append(append(append([]string{"run", "notebook", "output"}, paramNames...), "status", "exit", "duration_s", "error"), valueNames...)}
	for _, r := range results {
		row := []string{strconv.Itoa(r.run.index), r.run.notebook, r.written}
		for _, p := range paramNames {
			val := ""
			for _, v := range r.run.values {
				if v.Name == p {
					val = v.Raw
				}
			}
			row = append(row, val)
		}
		row = append(row, statusText(r.code), strconv.Itoa(r.code), strconv.FormatFloat(r.duration.Seconds(), 'f', 2, 64), r.errText)
		for _, n := range valueNames {
			row = append(row, cell(r.values[n]))
		}
		t.rows = append(t.rows, row)
		// The row links to the run's page, named after out, else to the
		// notebook written.
		link := ""
		switch {
		case r.written != "" && pageDir != "" && r.run.out != "":
			link = filepath.Base(r.run.out)
			link = strings.TrimSuffix(link, filepath.Ext(link)) + ".html"
		case r.written != "":
			link = filepath.Base(r.written)
		}
		t.links = append(t.links, link)
	}
	return t
}

func cell(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case string:
		return x
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// writeSummary writes dir/summary.csv and dir/index.html.
func writeSummary(dir string, t table) error {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(t.header)
	w.WriteAll(t.rows)
	if err := w.Error(); err != nil {
		return err
	}
	if err := atomicfile.WriteFile(filepath.Join(dir, "summary.csv"), b.Bytes(), 0o644); err != nil {
		return err
	}
	return atomicfile.WriteFile(filepath.Join(dir, "index.html"), summaryHTML(t), 0o644)
}

// summaryHTML is the summary as a standalone page, each row linking to its
// run's page (or notebook).
func summaryHTML(t table) []byte {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>Runs</title>
<style>body{font-family:-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:1rem}table{border-collapse:collapse;font-size:.85rem}
th,td{border:1px solid #d0d7de;padding:.2rem .5rem;text-align:right}th{background:#f6f8fa}td:nth-child(2),td:nth-child(3){text-align:left}</style>
</head><body><h1>Runs</h1>
<table><thead><tr>`)
	for _, h := range t.header {
		b.WriteString("<th>" + html.EscapeString(h) + "</th>")
	}
	b.WriteString("</tr></thead><tbody>\n")
	for i, row := range t.rows {
		b.WriteString("<tr>")
		for j, c := range row {
			text := html.EscapeString(c)
			if j == 2 && t.links[i] != "" {
				text = `<a href="` + html.EscapeString(t.links[i]) + `">` + html.EscapeString(filepath.Base(c)) + "</a>"
			}
			b.WriteString("<td>" + text + "</td>")
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody></table>\n<p>Written by nbrun.</p></body></html>\n")
	return []byte(b.String())
}

// merge joins the summaries of shards (dirs holding summary.csv) into one
// table, rows ordered by run, columns the union in order of appearance.
func merge(dirs []string) (table, error) {
	var header []string
	type row map[string]string
	var rows []row
	for _, d := range dirs {
		p := filepath.Join(d, "summary.csv")
		f, err := os.Open(p)
		if err != nil {
			return table{}, fmt.Errorf("-merge: %w", err)
		}
		recs, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			return table{}, fmt.Errorf("-merge: %s: %w", p, err)
		}
		if len(recs) == 0 || len(recs[0]) == 0 || recs[0][0] != "run" {
			return table{}, fmt.Errorf("-merge: %s is not an nbrun summary", p)
		}
		for _, h := range recs[0] {
			if !slices.Contains(header, h) {
				header = append(header, h)
			}
		}
		for _, rec := range recs[1:] {
			r := row{}
			for i, h := range recs[0] {
				if i < len(rec) {
					r[h] = rec[i]
				}
			}
			rows = append(rows, r)
		}
	}
	slices.SortStableFunc(rows, func(a, b row) int {
		x, _ := strconv.Atoi(a["run"])
		y, _ := strconv.Atoi(b["run"])
		return x - y
	})
	t := table{header: header}
	for _, r := range rows {
		var out []string
		for _, h := range header {
			out = append(out, r[h])
		}
		t.rows = append(t.rows, out)
		link := filepath.Base(r["output"])
		if r["output"] == "" {
			link = ""
		}
		t.links = append(t.links, link)
	}
	return t, nil
}
