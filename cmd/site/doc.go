// Command site writes the index page of make run's products: a link per
// notebook page that nbrun -html wrote, with its title; the study's
// headline table (the article's figures beside ours under each convention);
// a link to every other product of the run that is there (the reproduction
// and the study in text and JSON, the study after 2024-07-11, the mirror,
// the declustered study, the scan, the chart directories, the executed
// notebooks), each with a line saying what it is, and the names of those
// that are not; and which data made them: the source the data directory's
// PROVENANCE.md records (or that it records none, as after rotation
// fetch), each price file's layout, first and last day and number of
// days, and when the page was made, in UTC. make run calls it after nbrun.
// It joins the two products, the study and the runner, which otherwise
// import nothing of each other.
//
// Usage:
//
//	site [-data DIR] [-o out/index.html] [-products DIR] [-allow-gaps] NOTEBOOK...
//
// Flags may come before or after the notebooks; "--" ends them. The data
// directory is -data, else $ROTATION_DATA, else ./data. -products is the
// directory the products are looked for in, by default the page's own
// (links are relative to the page). The page's time is now, or
// $SOURCE_DATE_EPOCH (seconds since 1970) when set, so that a rebuild can
// repeat a page exactly. Every argument is checked before any data are
// read. The page is written atomically: a failed run leaves the old one.
// Data that lack too many NYSE trading days are refused unless
// -allow-gaps; the page then starts with the warning.
//
// Exit status: 0 written; 1 the work failed (a notebook or the data could
// not be read); 2 bad usage; 3 the page or standard output could not be
// written.
//
// Example, as make run calls it:
//
//	site -o out/index.html notebooks/0*.ipynb
package main
