// Package execute runs a notebook's code cells on a Jupyter kernel, one at a
// time, and stores their outputs the way Jupyter (nbclient) stores them:
// consecutive stream chunks of the same name merged, display_data,
// update_display_data replacing every earlier output with that display id
// in any cell, clear_output with and without wait, execute_result and
// error. Each executed cell gets its execution_count and, unless timings
// are turned off, metadata.execution with the four timestamps nbclient
// records. The kernel's language_info is copied into the notebook.
//
// Cells tagged skip-execution are left as they are; an error in a cell
// tagged raises-exception is expected and does not stop the run. Empty
// cells are not sent to the kernel.
//
// GoNB v0.11.1 answers "ok" for a cell whose compiled program exits
// non-zero (a panic, os.Exit, log.Fatal) and only writes "exit status N"
// to stderr as its last message; Run counts such a cell as failed, so a
// broken Go notebook does not pass.
package execute
