package export

import (
	"encoding/base64"
	"fmt"
	"html"
	"strings"

	"github.com/rotationlab/rotation/jupyter/nbformat"
)

const pageCSS = `
:root { color-scheme: light;
  /* JupyterLab's theme variables, which kernels' HTML outputs use (GoNB's
     error boxes and their hover pop-ups): defined here so they render. */
  --jp-border-color1: #bdbdbd; --jp-border-color2: #d0d7de; --jp-layout-color2: #eeeeee;
  --jp-dialog-background: #ffffff; --jp-err-color2: #ffebe9; --jp-error-color2: #ffebe9;
  --jp-rendermime-err-background: #ffd8d3; --jp-rendermime-error-background: #ffd8d3; }
body { font-family: -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; line-height: 1.5;
  color: #1f2328; background: #fff; margin: 0 auto; max-width: 60rem; padding: 1rem; }
h1, h2, h3 { line-height: 1.25; }
.cell { margin: 1rem 0; }
.code .source { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px; }
.prompt { color: #6e7781; font-family: monospace; font-size: 0.8rem; }
pre { margin: 0; padding: 0.6rem; overflow-x: auto; font-size: 0.85rem; white-space: pre; }
/* Output text wraps at the page's edge; code scrolls sideways. */
.output pre { white-space: pre-wrap; overflow-wrap: anywhere; }
.output { margin: 0.4rem 0 0 0; overflow-x: auto; }
/* What the HTML of an output or Markdown cell draws stays inside its box: nothing in it can
   be laid over the rest of the page (position: fixed included). */
.output, .cell.markdown { contain: paint; }
.output img { max-width: 100%; height: auto; }
.stream.stderr { background: #fff5f5; }
.error pre { background: #ffebe9; border-left: 4px solid #cf222e; }
table { border-collapse: collapse; font-size: 0.85rem; margin: 0.5rem 0; display: block; overflow-x: auto; }
th, td { border: 1px solid #d0d7de; padding: 0.2rem 0.5rem; }
th { background: #f6f8fa; }
.math { font-family: "Times New Roman", serif; font-style: italic; }
footer { margin-top: 2rem; border-top: 1px solid #d0d7de; padding-top: 0.5rem; color: #6e7781; font-size: 0.8rem; }
@media print {
  body { max-width: none; padding: 0; }
  pre { white-space: pre-wrap; word-break: break-all; overflow: visible; }
  table { display: table; }
  .cell { break-inside: avoid; }
}
`

// Head returns the start of a page up to and including </head>: the
// doctype, the charset, the viewport, the Content-Security-Policy (CSP),
// an empty icon (so that browsers ask the server for none), the title
// (escaped) and css in a <style> element. css is the caller's own and must
// not hold "</style".
func Head(title, css string) string {
	return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n" +
		`<meta name="viewport" content="width=device-width, initial-scale=1">` + "\n" +
		`<meta http-equiv="Content-Security-Policy" content="` + CSP + `">` + "\n" +
		`<link rel="icon" href="data:,">` + "\n" +
		"<title>" + html.EscapeString(title) + "</title>\n" +
		"<style>" + css + "</style>\n</head>\n"
}

// HTML renders the notebook as one standalone page.
func HTML(nb *nbformat.Notebook, opt Options) ([]byte, error) {
	title := opt.Title
	if title == "" {
		title = Title(nb)
	}
	if title == "" {
		title = opt.Name
	}
	lang := language(nb)
	var b strings.Builder
	b.WriteString(Head(title, pageCSS+codeCSS()) + "<body>\n<main>\n")
	for i, c := range nb.Cells {
		show := opt.show(c)
		if !show.cell {
			continue
		}
		switch c.Type {
		case nbformat.Markdown:
			s, err := renderMarkdown(c.Source, opt.Trust)
			if err != nil {
				return nil, fmt.Errorf("cell %d: %w", i, err)
			}
			b.WriteString(`<div class="cell markdown">` + s + "</div>\n")
		case nbformat.Raw:
			b.WriteString(`<div class="cell raw"><pre>` + html.EscapeString(c.Source) + "</pre></div>\n")
		case nbformat.Code:
			b.WriteString(`<div class="cell code">`)
			prompt := "[ ]"
			if c.ExecutionCount != nil {
				prompt = fmt.Sprintf("[%d]", *c.ExecutionCount)
			}
			if show.input {
				hl, err := highlight(c.Source, lang)
				if err != nil {
					return nil, fmt.Errorf("cell %d: %w", i, err)
				}
				source := `<div class="prompt">In ` + prompt + "</div>" + `<div class="source">` + hl + "</div>\n"
				if show.folded {
					source = "<details><summary>code</summary>" + source + "</details>\n"
				}
				b.WriteString(source)
			}
			if !show.outputs {
				b.WriteString("</div>\n")
				continue
			}
			for j := 0; j < len(c.Outputs); j++ {
				if run := textRun(c.Outputs[j:]); len(run) > 1 {
					b.WriteString(blockHTML(run))
					j += len(run) - 1
					continue
				}
				s, err := outputHTML(c.Outputs[j], opt.Trust)
				if err != nil {
					return nil, fmt.Errorf("cell %d output %d: %w", i, j, err)
				}
				b.WriteString(s)
			}
			b.WriteString("</div>\n")
		}
	}
	b.WriteString("</main>\n<footer>")
	b.WriteString("Generated from <code>" + html.EscapeString(opt.Name) + "</code>")
	if n := nb.KernelSpec().DisplayName; n != "" {
		b.WriteString(", executed with the kernel " + html.EscapeString(n))
	}
	if v := nb.LanguageInfo().Version; v != "" {
		b.WriteString(" (" + html.EscapeString(language(nb)+" "+v) + ")")
	}
	b.WriteString(" by nbrun.</footer>\n</body>\n</html>\n")
	return []byte(b.String()), nil
}

func outputHTML(o nbformat.Output, trust bool) (string, error) {
	switch o.Type {
	case nbformat.Stream:
		return `<div class="output stream ` + html.EscapeString(string(o.Name)) + `"><pre>` + ansiToHTML(o.Text) + "</pre></div>\n", nil
	case nbformat.Error:
		body := strings.Join(o.Traceback, "\n")
		if body == "" {
			body = o.Ename + ": " + o.Evalue
		}
		return `<div class="output error"><pre>` + ansiToHTML(body) + "</pre></div>\n", nil
	case nbformat.DisplayData, nbformat.ExecuteResult:
		mime, s := pick(o.Data)
		var inner string
		switch mime {
		case "text/html":
			inner = s
			if !trust {
				inner = sanitize(s)
			}
		case "image/svg+xml":
			inner = `<img alt="chart" src="data:image/svg+xml;base64,` + base64.StdEncoding.EncodeToString([]byte(s)) + `">`
		case "image/png", "image/jpeg", "image/gif":
			if _, err := decodeImage(s); err != nil {
				return "", fmt.Errorf("%s is not base64: %w", mime, err)
			}
			inner = `<img alt="figure" src="data:` + mime + `;base64,` + strings.Join(strings.Fields(s), "") + `">`
		case "text/markdown":
			r, err := renderMarkdown(s, trust)
			if err != nil {
				return "", err
			}
			inner = r
		case "":
			return "", nil
		default:
			inner = "<pre>" + html.EscapeString(s) + "</pre>"
		}
		return `<div class="output ` + html.EscapeString(strings.ReplaceAll(mime, "/", "-")) + `">` + inner + "</div>\n", nil
	}
	return "", nil
}
