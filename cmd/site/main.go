package main

import (
	"errors"
	"flag"
	"fmt"
	"html"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/rotationlab/rotation/analysis"
	"github.com/rotationlab/rotation/analysis/article"
	"github.com/rotationlab/rotation/analysis/display"
	"github.com/rotationlab/rotation/analysis/marketdata"
	"github.com/rotationlab/rotation/analysis/report"
	"github.com/rotationlab/rotation/analysis/reproduce"
	"github.com/rotationlab/rotation/analysis/tables"
	"github.com/rotationlab/rotation/internal/atomicfile"
	"github.com/rotationlab/rotation/internal/cli"
	"github.com/rotationlab/rotation/jupyter/export"
	"github.com/rotationlab/rotation/jupyter/nbformat"
)

func main() {
	code := runAt(os.Args[1:], os.Stdout, os.Stderr, os.Getenv, time.Now)
	if err := os.Stdout.Close(); err != nil && code == exitOK {
		fmt.Fprintf(os.Stderr, "site: closing standard output: %v\n", err)
		code = exitWrite
	}
	os.Exit(code)
}

// options are the parsed flags.
type options struct {
	data, out string
	// products is the directory whose products the page links; links are
	// relative to the page, so it is the page's directory unless the page
	// is moved there later.
	products  string
	allowGaps bool
	notebooks []string
	// made is when the page says it was made.
	made time.Time
}

// EnvSourceDate is the reproducible-builds variable: when set, the page
// says it was made at that time (seconds since 1970, UTC) instead of now.
const EnvSourceDate = "SOURCE_DATE_EPOCH"

func parseArgs(args []string, stderr io.Writer, getenv func(string) string, now func() time.Time) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("site", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.data, "data", "", "data `dir`ectory (default $ROTATION_DATA, then ./data)")
	fs.StringVar(&o.out, "o", "out/index.html", "index `page` to write")
	fs.StringVar(&o.products, "products", "", "`dir`ectory of make run's products to link (default: the page's directory)")
	fs.BoolVar(&o.allowGaps, "allow-gaps", false, "go on over data that lack too many trading days (the page says so first)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: site [-data DIR] [-o out/index.html] [-products DIR] [-allow-gaps] NOTEBOOK...")
		fs.PrintDefaults()
	}
	var err error
	if o.notebooks, err = cli.Parse(fs, args); err != nil {
		return nil, err
	}
	if len(o.notebooks) == 0 {
		return nil, errors.New("site needs the notebooks whose pages it links")
	}
	for _, nb := range o.notebooks {
		if filepath.Ext(nb) != ".ipynb" {
			return nil, fmt.Errorf("%s is not a notebook (want NAME.ipynb)", nb)
		}
	}
	if o.out == "" || strings.HasSuffix(o.out, "/") {
		return nil, fmt.Errorf("-o %q is not a page to write (want a file such as out/index.html)", o.out)
	}
	if o.products == "" {
		o.products = filepath.Dir(o.out)
	} else if st, err := os.Stat(o.products); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("-products %s is not a directory", o.products)
	}
	o.made = now()
	if v := getenv(EnvSourceDate); v != "" {
		sec, err := strconv.ParseInt(v, 10, 64)
		if err != nil || sec < 0 {
			return nil, fmt.Errorf("$%s=%q is not a time (want seconds since 1970)", EnvSourceDate, v)
		}
		o.made = time.Unix(sec, 0)
	}
	return o, nil
}

// Exit codes, as rotation's.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
	// exitWrite: the page or standard output could not be written.
	exitWrite = 3
)

func run(args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	return runAt(args, stdout, stderr, getenv, time.Now)
}

// runAt is run with the clock the page's time comes from.
func runAt(args []string, stdout, stderr io.Writer, getenv func(string) string, now func() time.Time) int {
	o, err := parseArgs(args, stderr, getenv, now)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "site: %v\n", err)
		return exitUsage
	}
	if err := write(o, getenv); err != nil {
		fmt.Fprintf(stderr, "site: %v\n", err)
		if cli.IsWriteError(err) {
			return exitWrite
		}
		return exitFail
	}
	out := cli.NewWriter(stdout)
	fmt.Fprintf(out, "wrote %s with %d pages\n", o.out, len(o.notebooks))
	if err := out.Err("standard output"); err != nil {
		fmt.Fprintf(stderr, "site: %v\n", err)
		return exitWrite
	}
	return exitOK
}

// write builds the index page: a link per notebook page with its title,
// the run's other products, the data that made them, and the study's
// headline table.
func write(o *options, getenv func(string) string) error {
	var entries []export.Entry
	var executed, missing []string
	for _, p := range o.notebooks {
		nb, err := nbformat.ReadFile(p)
		if err != nil {
			return err
		}
		stem := strings.TrimSuffix(filepath.Base(p), filepath.Ext(p))
		title := export.Title(nb)
		if title == "" {
			title = stem
		}
		page, run := notebookPages(o.products, stem)
		if page {
			entries = append(entries, export.Entry{Title: title, Href: stem + ".html"})
		} else {
			missing = append(missing, stem+".html")
		}
		if run {
			executed = append(executed, `<a href="`+export.Href("notebooks/"+stem+".ipynb")+`">`+html.EscapeString(stem)+".ipynb</a>")
		} else {
			missing = append(missing, "notebooks/"+stem+".ipynb")
		}
	}
	found, err := look(o.products)
	if err != nil {
		return err
	}
	dir := marketdata.Dir("", o.data, getenv)
	head, err := headline(dir, o.allowGaps)
	if err != nil {
		return err
	}
	summary, data, err := dataHTML(dir, o.made)
	if err != nil {
		return err
	}
	body := summary + head + productsHTML(found, executed, missing) + data
	page := export.Index("Rotation: the IWM-QQQ study, step by step", entries, body)
	// The page's directory is made if need be, as nbrun -html makes its.
	if err := os.MkdirAll(filepath.Dir(o.out), 0o755); err != nil {
		return &cli.WriteError{Name: o.out, Err: err}
	}
	if err := atomicfile.WriteFile(o.out, page, 0o644); err != nil {
		return &cli.WriteError{Name: o.out, Err: err}
	}
	return nil
}

// findings says in plain words what the specification curve and the
// search found (notebook 3 shows them).
func findings(s *reproduce.Search, c article.Claims) string {
	var b strings.Builder
	b.WriteString("<h2>How fragile are the article's figures?</h2>\n<p>")
	fmt.Fprintf(&b, "Across %d reasonable specifications (price, event rule, horizon rule, entry, leaving out one event), ", len(s.Specs))
	var parts []string
	for _, f := range reproduce.CurveFigures(s, c) {
		parts = append(parts, fmt.Sprintf("%s from %s to %s (article %s, above %s of them)", html.EscapeString(f.Name),
			report.SignedPct.Format(f.Min), report.SignedPct.Format(f.Max), report.SignedPct1.Format(f.Article), report.WholePct.Format(f.ArticleRank)))
	}
	b.WriteString("the means run: " + strings.Join(parts, "; ") + ". ")
	best := s.Best[0]
	left := "no event"
	if !best.Excluded.IsZero() {
		left = marketdata.FormatDate(best.Excluded)
	}
	fmt.Fprintf(&b, "The closest specification to the article (%.2f pp away in all four means) leaves out %s, which gives %d events, and exits on %s. ",
		best.Distance, left, best.Events, html.EscapeString(best.Horizon.String()))
	b.WriteString("It was found by searching for the article's figures, so it is a fit after the fact, not evidence; our headline stays the convention chosen before.</p>\n")
	return b.String()
}

// headline is the article's table beside ours under each convention. Data
// over the gap rule are refused unless allowGaps; then the page says so
// first.
func headline(dir string, allowGaps bool) (string, error) {
	c := article.Equalizer()
	o := analysis.DefaultOptions()
	s, err := marketdata.LoadAll(dir, o.A, o.B)
	if err != nil {
		return "", err
	}
	al, err := marketdata.Align(s...)
	if err != nil {
		return "", err
	}
	gaps := analysis.StudyGaps(al, o)
	warning := ""
	if err := gaps.Err(); err != nil {
		if !allowGaps {
			return "", fmt.Errorf("%w (-allow-gaps goes on anyway)", err)
		}
		gaps.Allowed = true
		warning = "<p><strong>" + html.EscapeString(report.GapNotice(gaps)) + "</strong></p>\n"
	}
	rep, err := reproduce.Run(al, c, o)
	if err != nil {
		return "", err
	}
	df, err := tables.Conventions(rep)
	if err != nil {
		return "", err
	}
	table, err := display.Table(df, display.TableOptions{Percent: df.Names()[2:],
		Caption: fmt.Sprintf("Days with IWM beating QQQ by 4 pp or more before %s, and the mean 3- and 12-month returns after them", marketdata.FormatDate(c.Before))})
	if err != nil {
		return "", err
	}
	body := warning + "<h2>The headline</h2>\n<p>The article's table beside ours under each convention we tried (see notebook 3).</p>\n" + table
	if rep.Search != nil && len(rep.Search.Best) > 0 {
		body += findings(rep.Search, c)
	}
	return body, nil
}
