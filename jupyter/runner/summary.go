package runner

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/rotationlab/rotation/internal/atomicfile"
	"github.com/rotationlab/rotation/internal/nbvalues"
	"github.com/rotationlab/rotation/jupyter/execute"
	"github.com/rotationlab/rotation/jupyter/nbformat"
)

// publishedValues collects what the notebook published for a sweep's
// summary through displays of MIME type nbvalues.MIME: a JSON object (or a
// string holding one) of names to numbers, strings or booleans. The last
// display of a name wins.
func publishedValues(nb *nbformat.Notebook) (map[string]any, []string) {
	vals := map[string]any{}
	var names []string
	for _, c := range nb.Cells {
		for _, o := range c.Outputs {
			v, ok := o.Data[nbvalues.MIME]
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
func summaryTable(results []Result, pageDir string) table {
	var paramNames, valueNames []string
	for _, r := range results {
		for _, v := range r.Job.Values {
			if !slices.Contains(paramNames, v.Name) {
				paramNames = append(paramNames, v.Name)
			}
		}
		for _, n := range r.Names {
			if !slices.Contains(valueNames, n) {
				valueNames = append(valueNames, n)
			}
		}
	}
	t := table{header: append(append(append([]string{"run", "notebook", "output"}, paramNames...), "status", "exit", "duration_s", "error"), valueNames...)}
	for _, r := range results {
		row := []string{strconv.Itoa(r.Job.Index), r.Job.Notebook, r.Written}
		for _, p := range paramNames {
			val := ""
			for _, v := range r.Job.Values {
				if v.Name == p {
					val = v.Raw
				}
			}
			row = append(row, val)
		}
		st, errText := r.Status(), ""
		var ce *execute.CellError
		if errors.As(r.Err, &ce) {
			errText = CellErrorText(ce)
		}
		row = append(row, st.String(), strconv.Itoa(int(st)), strconv.FormatFloat(r.Duration.Seconds(), 'f', 2, 64), errText)
		for _, n := range valueNames {
			row = append(row, cell(r.Values[n]))
		}
		t.rows = append(t.rows, row)
		// The row links to the run's page, named after out, else to the
		// notebook written.
		link := ""
		switch {
		case r.Written != "" && pageDir != "" && r.Job.Out != "":
			link = filepath.Base(r.Job.Out)
			link = strings.TrimSuffix(link, filepath.Ext(link)) + ".html"
		case r.Written != "":
			link = filepath.Base(r.Written)
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

// Merge joins the summaries of shards (dirs holding summary.csv, as Run
// writes them) into outDir's summary.csv and index.html, rows ordered by
// run, columns the union in order of appearance, the page's links
// reaching into the shards' directories. It returns the number of runs.
func Merge(dirs []string, outDir string) (runs int, err error) {
	t, err := mergeTables(dirs)
	if err != nil {
		return 0, withKind(ErrUsage, err) // a summary missing or unreadable: the input, not the output
	}
	for i, l := range t.links {
		if l == "" {
			continue
		}
		for _, d := range dirs {
			if _, statErr := os.Stat(filepath.Join(d, l)); statErr == nil {
				if rel, relErr := filepath.Rel(outDir, filepath.Join(d, l)); relErr == nil {
					t.links[i] = filepath.ToSlash(rel)
				}
				break
			}
		}
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return 0, withKind(ErrWrite, err)
	}
	if err := writeSummary(outDir, t); err != nil {
		return 0, withKind(ErrWrite, err)
	}
	return len(t.rows), nil
}

// mergeTables reads the shards' summaries into one table.
func mergeTables(dirs []string) (table, error) {
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
