// Command site writes the index page of the notebook pages that
// nbrun -html wrote: a link per notebook with its title, and the study's
// headline table (the article's figures beside ours under each convention).
// make run calls it after nbrun. It joins the two products, the study and
// the runner, which otherwise import nothing of each other.
//
// Usage:
//
//	site [-data DIR] [-o out/index.html] [-allow-gaps] NOTEBOOK...
//
// Flags may come before or after the notebooks; "--" ends them. The data
// directory is -data, else $ROTATION_DATA, else ./data. The page is written
// atomically: a failed run leaves the old one. Data that lack too many
// NYSE trading days are refused unless -allow-gaps; the page then starts
// with the warning. Exit status: 0 written; 1
// the work failed (a notebook or the data could not be read); 2 bad usage;
// 3 the page or standard output could not be written.
package main
