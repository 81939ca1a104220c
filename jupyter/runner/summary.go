package runner

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/rotationlab/rotation/internal/atomicfile"
	"github.com/rotationlab/rotation/internal/nbvalues"
	"github.com/rotationlab/rotation/jupyter/execute"
	"github.com/rotationlab/rotation/jupyter/export"
	"github.com/rotationlab/rotation/jupyter/nbformat"
)

// publishedValues collects what the notebook published for a sweep's
// summary through displays of MIME type nbvalues.MIME: a JSON object (or a
// string holding one) of names to numbers, strings or booleans. The last
// display of a name wins. Names come in the order they are first
// published; within a display, in the publisher's order (see
// displayOrder). formats holds the valid formats of the displays'
// nbvalues.Meta, the first given for a name winning.
func publishedValues(nb *nbformat.Notebook) (vals map[string]any, names []string, formats map[string]nbvalues.Format) {
	vals = map[string]any{}
	formats = map[string]nbvalues.Format{}
	for _, c := range nb.Cells {
		for _, o := range c.Outputs {
			v, ok := o.Data[nbvalues.MIME]
			if !ok {
				continue
			}
			m, keys, ok := decodeValues(v)
			if !ok {
				continue
			}
			meta := displayMeta(o.Metadata)
			for _, k := range displayOrder(keys, meta) {
				if _, seen := vals[k]; !seen {
					names = append(names, k)
				}
				vals[k] = m[k]
			}
			for k, f := range meta.Formats {
				if _, has := formats[k]; !has && f.Valid() && f != "" {
					formats[k] = f
				}
			}
		}
	}
	// A number published without a format is shown with Number's few
	// digits; a string or a boolean is shown as it is, even when it looks
	// like a number (a date 20240131, a seed), so it records none.
	for k, v := range vals {
		if _, isNumber := v.(float64); isNumber {
			if _, has := formats[k]; !has {
				formats[k] = nbvalues.Number
			}
		}
	}
	return vals, names, formats
}

// decodeValues reads a display's values: a JSON object, or a string
// holding one. keys are the names in the JSON text's order for a string;
// an object decoded with the notebook has lost its order, and its keys
// come sorted.
func decodeValues(v any) (m map[string]any, keys []string, ok bool) {
	s, isString := v.(string)
	if !isString {
		m, ok = v.(map[string]any)
		if !ok {
			return nil, nil, false
		}
		keys = make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		return m, keys, true
	}
	dec := json.NewDecoder(strings.NewReader(s))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, nil, false
	}
	m = map[string]any{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, nil, false
		}
		k, isKey := t.(string)
		if !isKey {
			return nil, nil, false
		}
		var x any
		if err := dec.Decode(&x); err != nil {
			return nil, nil, false
		}
		if _, dup := m[k]; !dup {
			keys = append(keys, k)
		}
		m[k] = x
	}
	if t, err := dec.Token(); err != nil || t != json.Delim('}') {
		return nil, nil, false
	}
	if _, err := dec.Token(); err != io.EOF { // nothing after the object
		return nil, nil, false
	}
	return m, keys, true
}

// displayMeta reads the nbvalues.Meta a display carries in its metadata
// under the key nbvalues.MIME (an object, or a string holding one); the
// zero Meta when there is none or it cannot be read.
func displayMeta(md map[string]any) nbvalues.Meta {
	v, ok := md[nbvalues.MIME]
	if !ok {
		return nbvalues.Meta{}
	}
	b, isString := v.(string)
	raw := []byte(b)
	if !isString {
		var err error
		if raw, err = json.Marshal(v); err != nil {
			return nbvalues.Meta{}
		}
	}
	var meta nbvalues.Meta
	if json.Unmarshal(raw, &meta) != nil {
		return nbvalues.Meta{}
	}
	return meta
}

// displayOrder is the order of a display's names: those of meta.Order
// that the display holds, in that order, then the others in keys' order.
func displayOrder(keys []string, meta nbvalues.Meta) []string {
	out := make([]string, 0, len(keys))
	for _, k := range meta.Order {
		if slices.Contains(keys, k) && !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	for _, k := range keys {
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

// FormatsFile is the file a sweep's summary writes beside summary.csv
// for -merge: a JSON object of the published values' names to their
// nbvalues.Format, as the notebooks' displays gave them ({"A mean 63d":
// "percent", "events": "integer"}). Names without a format are left out
// (they show as nbvalues.Number). summary.csv keeps the values at full
// precision and their order in its header; this file keeps how index.html
// shows them, so that a merged index.html shows what an unsharded run's
// does.
const FormatsFile = "summary-formats.json"

// table is a summary as rows of text under a header.
type table struct {
	header []string
	rows   [][]string
	// links holds, per row, the page or notebook the row links to.
	links []string
	// values is the index in header of the first published value's
	// column (they follow "error"); len(header) when there are none.
	values int
	// formats says how index.html shows each published value.
	formats map[string]nbvalues.Format
}

// summaryTable lays out the results: the run's index, notebook, output,
// parameters, status, exit code, duration, the failed cell's error, then
// the published values, in the order they were first published.
func summaryTable(results []Result, pageDir string) table {
	var paramNames, valueNames []string
	formats := map[string]nbvalues.Format{}
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
		for n, f := range r.Formats {
			if _, has := formats[n]; !has {
				formats[n] = f
			}
		}
	}
	fixed := append(append(slices.Clone(fixedColumns[:3]), paramNames...), fixedColumns[3:]...)
	t := table{header: append(fixed, valueNames...), values: len(fixed), formats: formats}
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

// cell is a published value as summary.csv holds it: numbers at full
// precision (the shortest text that reads back as the same float64).
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

// writeSummary writes dir/summary.csv, dir/FormatsFile and dir/index.html.
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
	formats := t.formats
	if formats == nil {
		formats = map[string]nbvalues.Format{}
	}
	js, err := json.MarshalIndent(formats, "", "  ") // keys sorted: the same runs give the same bytes
	if err != nil {
		return err
	}
	if err := atomicfile.WriteFile(filepath.Join(dir, FormatsFile), append(js, '\n'), 0o644); err != nil {
		return err
	}
	return atomicfile.WriteFile(filepath.Join(dir, "index.html"), summaryHTML(t), 0o644)
}

// summaryCSS is the summary page's style: text to the left, numbers to
// the right in figures of one width, never broken; a table wider than the
// screen scrolls on its own.
const summaryCSS = `body{font-family:-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:1rem}.runs{overflow-x:auto}
table{border-collapse:collapse;font-size:.85rem}th,td{border:1px solid #d0d7de;padding:.2rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}`

// summaryHTML is the summary as a standalone page for people, each row
// linking to its run's page (or notebook): the published numbers in
// their formats (nbvalues.Format.Text), the duration in seconds or
// minutes. Its head is export.Head's, with the Content-Security-Policy of
// every page: it runs no script and loads nothing. Every text is escaped:
// a published string holding markup shows as text.
func summaryHTML(t table) []byte {
	var b strings.Builder
	b.WriteString(export.Head("Runs", summaryCSS))
	b.WriteString("<body><h1>Runs</h1>\n<div class=\"runs\"><table><thead><tr>")
	for _, h := range t.header {
		if h == "duration_s" {
			h = "duration"
		}
		b.WriteString("<th>" + html.EscapeString(h) + "</th>")
	}
	b.WriteString("</tr></thead><tbody>\n")
	for i, row := range t.rows {
		b.WriteString("<tr>")
		for j, c := range row {
			var text string
			switch {
			case j == 2 && t.links[i] != "":
				text = `<a href="` + export.Href(t.links[i]) + `">` + html.EscapeString(filepath.Base(c)) + "</a>"
			case j < len(t.header) && t.header[j] == "duration_s":
				text = html.EscapeString(durationText(c))
			case j >= t.values && j < len(t.header):
				text = html.EscapeString(valueText(c, t.formats[t.header[j]]))
			default:
				text = html.EscapeString(c)
			}
			if _, err := strconv.ParseFloat(c, 64); err == nil {
				b.WriteString(`<td class="num">` + text + "</td>")
			} else {
				b.WriteString("<td>" + text + "</td>")
			}
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody></table></div>\n<p>Written by nbrun. Numbers are rounded for reading; summary.csv holds them at full precision.</p></body></html>\n")
	return []byte(b.String())
}

// valueText is a published value's cell of summary.csv as index.html
// shows it: a number in its recorded format f; a value with no format (a
// string or a boolean, or a summary from before formats were recorded) as
// it is.
func valueText(c string, f nbvalues.Format) string {
	if f == "" || !f.Valid() {
		return c
	}
	v, err := strconv.ParseFloat(c, 64)
	if err != nil {
		return c
	}
	return f.Text(v)
}

// durationText is summary.csv's duration_s for people: "0.42 s", "12.3 s",
// "2 min 05 s", "1 h 02 min"; text that is no duration as it is.
func durationText(c string) string {
	secs, err := strconv.ParseFloat(c, 64)
	if err != nil || secs < 0 || math.IsNaN(secs) || math.IsInf(secs, 0) {
		return c
	}
	switch {
	case secs < 10:
		return strconv.FormatFloat(secs, 'f', 2, 64) + " s"
	case secs < 59.95:
		return strconv.FormatFloat(secs, 'f', 1, 64) + " s"
	}
	whole := int64(math.Round(secs))
	if whole < 3600 {
		return fmt.Sprintf("%d min %02d s", whole/60, whole%60)
	}
	mins := (whole + 30) / 60
	return fmt.Sprintf("%d h %02d min", mins/60, mins%60)
}

// Merge joins the summaries of shards (dirs holding summary.csv and
// FormatsFile, as Run writes them) into outDir's summary.csv, FormatsFile
// and index.html, rows ordered by run, columns the union in order of
// appearance, the page's links reaching into the shards' directories (a
// run's page when one is there, else its notebook) and its numbers in the
// formats the shards recorded. It returns the number
// of runs.
func Merge(dirs []string, outDir string) (runs int, err error) {
	t, err := mergeTables(dirs)
	if err != nil {
		return 0, withKind(ErrUsage, err) // a summary missing or unreadable: the input, not the output
	}
	for i, l := range t.links {
		if l != "" {
			t.links[i] = mergedLink(dirs, outDir, l)
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

// mergedLink is where a merged row links: the run's page (the notebook's
// name with .html) found in one of the shards' directories, else its
// notebook found there, as a path relative to outDir; else the notebook's
// name as it is.
func mergedLink(dirs []string, outDir, notebook string) string {
	page := strings.TrimSuffix(notebook, filepath.Ext(notebook)) + ".html"
	for _, name := range []string{page, notebook} {
		for _, d := range dirs {
			if _, err := os.Stat(filepath.Join(d, name)); err == nil {
				if rel, err := filepath.Rel(outDir, filepath.Join(d, name)); err == nil {
					return filepath.ToSlash(rel)
				}
			}
		}
	}
	return notebook
}

// readFormats reads dir's FormatsFile; a summary written before nbrun
// wrote one has none, and its numbers show as nbvalues.Number.
func readFormats(dir string) (map[string]nbvalues.Format, error) {
	p := filepath.Join(dir, FormatsFile)
	b, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("-merge: %w", err)
	}
	var formats map[string]nbvalues.Format
	if err := json.Unmarshal(b, &formats); err != nil {
		return nil, fmt.Errorf("-merge: %s: not an object of names to formats: %w", p, err)
	}
	for n, f := range formats {
		if !f.Valid() {
			return nil, fmt.Errorf("-merge: %s: %q has the unknown format %q (known: %s, %s, %s)", p, n, f, nbvalues.Percent, nbvalues.Number, nbvalues.Integer)
		}
	}
	return formats, nil
}

// fixedColumns are the summary's columns every run has, parameters
// coming after the first three and published values after the last.
var fixedColumns = []string{"run", "notebook", "output", "status", "exit", "duration_s", "error"}

// mergeTables reads the shards' summaries into one table.
func mergeTables(dirs []string) (table, error) {
	var header []string
	type row map[string]string
	var rows []row
	// order holds, per row, its shard's columns that the row fills, and
	// the fixed ones.
	order := map[int][]string{}
	formats := map[string]nbvalues.Format{}
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
		fm, err := readFormats(d)
		if err != nil {
			return table{}, err
		}
		for n, f := range fm {
			if _, has := formats[n]; !has {
				formats[n] = f
			}
		}
		for _, h := range recs[0] {
			if !slices.Contains(header, h) {
				header = append(header, h)
			}
		}
		for _, rec := range recs[1:] {
			r := row{}
			var cols []string
			for i, h := range recs[0] {
				if i < len(rec) {
					r[h] = rec[i]
					if rec[i] != "" || slices.Contains(fixedColumns, h) {
						cols = append(cols, h)
					}
				}
			}
			order[len(rows)] = cols
			rows = append(rows, r)
		}
	}
	idx := make([]int, len(rows))
	for i := range idx {
		idx[i] = i
	}
	run := func(r row) int { n, _ := strconv.Atoi(r["run"]); return n }
	slices.SortStableFunc(idx, func(a, b int) int { return run(rows[a]) - run(rows[b]) })
	// The columns as an unsharded run has them: in order of first
	// appearance over the runs in run order (not over the shards), then
	// those no run fills, in the shards' order.
	var cols []string
	sorted := make([]row, len(rows))
	for i, j := range idx {
		sorted[i] = rows[j]
		for _, h := range order[j] {
			if !slices.Contains(cols, h) {
				cols = append(cols, h)
			}
		}
	}
	for _, h := range header {
		if !slices.Contains(cols, h) {
			cols = append(cols, h)
		}
	}
	header, rows = cols, sorted
	values := len(header) // the published values follow "error"
	if i := slices.Index(header, "error"); i >= 0 {
		values = i + 1
	}
	t := table{header: header, values: values, formats: formats}
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
