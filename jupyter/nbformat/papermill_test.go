package nbformat_test

import (
	"strings"
	"testing"
	"time"

	"github.com/rotationlab/rotation/jupyter/nbformat"
)

// The run record and the cells' records as papermill writes them: times
// in PapermillTime (UTC, microseconds), null before a cell has run, and no
// times at all without timing.
func TestPapermillRecords(t *testing.T) {
	start := time.Date(2026, 1, 2, 16, 4, 5, 123456789, time.FixedZone("CET", 3600))
	end := start.Add(1500 * time.Millisecond)
	tests := []struct {
		name string
		set  func(nb *nbformat.Notebook)
		want string
	}{
		{"run", func(nb *nbformat.Notebook) {
			nb.SetPapermill(nbformat.PapermillRun{Parameters: map[string]any{"n": 5.0}, InputPath: "a.ipynb", OutputPath: "out/a.ipynb", Start: start, End: end})
		}, `"papermill": {
   "duration": 1.5,
   "end_time": "2026-01-02T15:04:06.623456Z",
   "exception": false,
   "input_path": "a.ipynb",
   "output_path": "out/a.ipynb",
   "parameters": {
    "n": 5.0
   },
   "start_time": "2026-01-02T15:04:05.123456Z",
   "version": "nbrun"
  }`},
		{"run without timing", func(nb *nbformat.Notebook) {
			nb.SetPapermill(nbformat.PapermillRun{InputPath: "a.ipynb", Exception: true})
		}, `"papermill": {
   "exception": true,
   "input_path": "a.ipynb",
   "output_path": "",
   "parameters": {},
   "version": "nbrun"
  }`},
		{"run in progress", func(nb *nbformat.Notebook) {
			nb.SetPapermill(nbformat.PapermillRun{InputPath: "a.ipynb", OutputPath: "out/a.ipynb", Start: start, End: end, Running: true})
		}, `"papermill": {
   "duration": null,
   "end_time": null,
   "exception": null,
   "input_path": "a.ipynb",
   "output_path": "out/a.ipynb",
   "parameters": {},
   "start_time": "2026-01-02T15:04:05.123456Z",
   "status": "running",
   "version": "nbrun"
  }`},
		{"run in progress without timing", func(nb *nbformat.Notebook) {
			nb.SetPapermill(nbformat.PapermillRun{InputPath: "a.ipynb", Running: true})
		}, `"papermill": {
   "exception": null,
   "input_path": "a.ipynb",
   "output_path": "",
   "parameters": {},
   "status": "running",
   "version": "nbrun"
  }`},
		{"running cell", func(nb *nbformat.Notebook) {
			nb.Cells[0].SetPapermill(nbformat.CellPapermill{Status: nbformat.PapermillRunning, Start: start})
		}, `"papermill": {
     "duration": null,
     "end_time": null,
     "exception": false,
     "start_time": "2026-01-02T15:04:05.123456Z",
     "status": "running"
    }`},
		{"pending cell", func(nb *nbformat.Notebook) {
			nb.Cells[0].SetPapermill(nbformat.CellPapermill{Status: nbformat.PapermillPending})
		}, `"papermill": {
     "duration": null,
     "end_time": null,
     "exception": null,
     "start_time": null,
     "status": "pending"
    }`},
		{"failed cell", func(nb *nbformat.Notebook) {
			nb.Cells[0].SetPapermill(nbformat.CellPapermill{Status: nbformat.PapermillFailed, Failed: true, Start: start, End: end})
		}, `"papermill": {
     "duration": 1.5,
     "end_time": "2026-01-02T15:04:06.623456Z",
     "exception": true,
     "start_time": "2026-01-02T15:04:05.123456Z",
     "status": "failed"
    }`},
		{"skipped cell", func(nb *nbformat.Notebook) {
			nb.Cells[0].SetPapermill(nbformat.CellPapermill{Status: nbformat.PapermillSkipped, NoTiming: true})
		}, `"papermill": {
     "exception": false,
     "status": "skipped"
    }`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nb := &nbformat.Notebook{Format: 4, Minor: 5, Cells: []*nbformat.Cell{{ID: "c", Type: nbformat.Code}}}
			tt.set(nb)
			b, err := nbformat.Marshal(nb)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(b), tt.want) {
				t.Errorf("got\n%s\nwant it to hold\n%s", b, tt.want)
			}
		})
	}
}
