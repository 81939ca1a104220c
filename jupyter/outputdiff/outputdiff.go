// Package outputdiff compares the outputs a notebook stores with the ones a
// fresh run gives, as CI wants to know whether the outputs people read are
// still what the code gives today.
//
// Outputs are compared as text: streams and errors as they read, text and
// JSON MIME data as they read, images by size and SHA-256. Execution counts
// and timings are not compared. A cell tagged nbrun-ignore-output, or whose
// source holds nbval's NBVAL_IGNORE_OUTPUT marker, is not compared.
//
//	diffs := outputdiff.Compare(stored, fresh)
//	for _, d := range diffs {
//		fmt.Println(d) // cell 3 (df := tables.Events(res)): outputs differ, then a unified diff
//	}
package outputdiff

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/aymanbagabas/go-udiff"

	"github.com/rotationlab/rotation/jupyter/nbformat"
)

// Tag marks a cell whose outputs are run but not compared.
const Tag = "nbrun-ignore-output"

// NBValMarker is nbval's comment marker with the same meaning.
const NBValMarker = "NBVAL_IGNORE_OUTPUT"

// Diff is one cell whose outputs differ.
type Diff struct {
	// Index is the cell's position (0-based); FirstLine its first source
	// line worth showing.
	Index     int
	FirstLine string
	// Unified is a unified diff of the outputs as text, stored first.
	Unified string
}

func (d Diff) String() string {
	return fmt.Sprintf("cell %d (%s): outputs differ\n%s", d.Index+1, d.FirstLine, d.Unified)
}

// Ignored tells whether a cell's outputs are left out of the comparison.
func Ignored(c *nbformat.Cell) bool {
	return c.HasTag(Tag) || strings.Contains(c.Source, NBValMarker)
}

// Compare returns the code cells whose outputs differ between stored and
// fresh, two versions of one notebook. Cells are matched by id (a fresh
// notebook may hold an injected parameters cell the stored one lacks), or
// by position when a cell has no id. A cell fresh lacks counts as
// differing when stored has outputs for it.
func Compare(stored, fresh *nbformat.Notebook) []Diff {
	byID := map[string]*nbformat.Cell{}
	for _, c := range fresh.Cells {
		if c.ID != "" {
			byID[c.ID] = c
		}
	}
	var diffs []Diff
	for i, c := range stored.Cells {
		if c.Type != nbformat.Code || Ignored(c) {
			continue
		}
		var got []nbformat.Output
		switch f, ok := byID[c.ID]; {
		case c.ID != "" && ok:
			got = f.Outputs
		case c.ID == "" && i < len(fresh.Cells):
			got = fresh.Cells[i].Outputs
		}
		before, after := Text(c.Outputs), Text(got)
		if before == after {
			continue
		}
		diffs = append(diffs, Diff{Index: i, FirstLine: firstLine(c.Source),
			Unified: shorten(udiff.Unified("stored", "fresh", before, after), 40)})
	}
	return diffs
}

// Text writes outputs as the text that is compared.
func Text(outs []nbformat.Output) string {
	var b strings.Builder
	for _, o := range outs {
		switch o.Type {
		case nbformat.Stream:
			fmt.Fprintf(&b, "[%s]\n", o.Name)
			writeText(&b, o.Text)
		case nbformat.Error:
			fmt.Fprintf(&b, "[error %s: %s]\n", o.Ename, o.Evalue)
			for _, l := range o.Traceback {
				writeText(&b, l)
			}
		case nbformat.DisplayData, nbformat.ExecuteResult:
			mimes := make([]string, 0, len(o.Data))
			for m := range o.Data {
				mimes = append(mimes, m)
			}
			slices.Sort(mimes)
			for _, m := range mimes {
				fmt.Fprintf(&b, "[%s %s]\n", o.Type, m)
				writeText(&b, mimeText(m, o.Data[m]))
			}
		default:
			fmt.Fprintf(&b, "[%s]\n", o.Type)
			j, _ := json.Marshal(o.Extra)
			writeText(&b, string(j))
		}
	}
	return b.String()
}

// mimeText is how one MIME value is compared: images by size and hash.
func mimeText(mime string, v any) string {
	s, isString := v.(string)
	switch {
	case isString && strings.HasPrefix(mime, "image/") && mime != "image/svg+xml":
		raw, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(s), ""))
		if err != nil {
			raw = []byte(s)
		}
		sum := sha256.Sum256(raw)
		return fmt.Sprintf("%d bytes, sha256 %s", len(raw), hex.EncodeToString(sum[:8]))
	case isString:
		return s
	}
	j, _ := json.MarshalIndent(v, "", " ")
	return string(j)
}

func writeText(b *strings.Builder, s string) {
	b.WriteString(s)
	if !strings.HasSuffix(s, "\n") {
		b.WriteString("\n")
	}
}

// shorten keeps the first n lines of a diff.
func shorten(d string, n int) string {
	lines := strings.SplitAfter(d, "\n")
	if len(lines) <= n {
		return d
	}
	return strings.Join(lines[:n], "") + fmt.Sprintf("… %d more lines\n", len(lines)-n)
}

func firstLine(src string) string {
	for line := range strings.Lines(src) {
		if s := strings.TrimSpace(line); s != "" && s != "%%" {
			if len(s) > 60 {
				s = s[:59] + "…"
			}
			return s
		}
	}
	return ""
}
