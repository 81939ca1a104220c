// Package execute runs a notebook's code cells on a Jupyter kernel, one at a
// time, and stores their outputs the way Jupyter (nbclient) stores them:
// consecutive stream chunks of the same name merged, display_data,
// update_display_data replacing every earlier output with that display id
// in any cell, clear_output with and without wait, execute_result and
// error. Each executed cell gets its execution_count and, unless timings
// are turned off, metadata.execution with the four timestamps nbclient
// records. The kernel's language_info is copied into the notebook.
//
// Each cell's metadata.papermill records its run as papermill does:
// "pending" until it is sent, "running" meanwhile (when Options.Changed
// is set, so that a caller saving the notebook as it runs shows it), then
// "completed", "failed" or "skipped". Options.Changed is told of each
// change worth saving: a cell's start and end, each output.
//
// Cells tagged skip-execution are left as they are; an error in a cell
// tagged raises-exception is expected and does not stop the run. Empty
// cells are not sent to the kernel.
//
// GoNB v0.11.4 answers "error" for a cell whose program exits non-zero (a
// panic, os.Exit, log.Fatal), but still "ok" for a failed shell command
// (!cmd, !*cmd), of which it only writes "exit status N" to stderr as its
// last message. For Go kernels Run counts such a cell as failed
// (CommandFailed), so a broken Go notebook does not pass; a cell the
// kernel already reported is not counted again. A Go program that fails
// says why on stderr, and GoNB's reply says only "exit status 1": the
// CellError of such a cell (and CellEvent.Err) carries the program's last
// lines of stderr, or its panic line, in CellError.Stderr.
//
// A cell of another kernel that raises SystemExit with status 0 or none
// (Python's sys.exit(0), sys.exit(), raise SystemExit) is papermill's
// clean early stop (StatusExited): it keeps its error output and is
// recorded failed, as papermill records it, the cells after it stay
// pending, and Run returns nil, with AllowErrors too. A GoNB cell's
// os.Exit(0) is not one: GoNB reports it as a program that returned.
package execute
