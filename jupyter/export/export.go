package export

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html"
	"regexp"
	"sort"
	"strings"

	"github.com/alecthomas/chroma/v2"
	chtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"

	"github.com/rotationlab/rotation/jupyter/nbformat"
)

// Options describe the page.
type Options struct {
	// Name is the notebook's file name, shown in the footer.
	Name string
	// Title overrides the page title (default: the first heading, else
	// Name).
	Title string
	// ImageDir is where Markdown export puts images, relative to the
	// Markdown file.
	ImageDir string
	// NoInput leaves every code cell's source out (a report for readers
	// who do not read code); outputs stay.
	NoInput bool
	// Trust keeps the HTML of Markdown cells and text/html outputs as it
	// is; by default it is sanitized. The page's Content-Security-Policy
	// blocks scripts, frames, plugins and requests to the network either
	// way; it cannot stop a trusted <meta http-equiv="refresh"> from
	// sending the reader to another page.
	Trust bool
}

// CSP is the Content-Security-Policy every page carries in a <meta> tag:
// no script at all, images only from data: URIs, inline styles, nothing
// from the network.
const CSP = "default-src 'none'; script-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; base-uri 'none'; form-action 'none'"

// The cell tags of nbconvert and Jupyter Book that pages honour.
const (
	TagRemoveInput  = "remove-input"  // the source is left out
	TagRemoveOutput = "remove-output" // the outputs are left out
	TagRemoveCell   = "remove-cell"   // the whole cell is left out
	TagHideInput    = "hide-input"    // the source is folded away (HTML <details>)
)

// showing says what of a cell a page shows.
type showing struct{ cell, input, folded, outputs bool }

func (o Options) show(c *nbformat.Cell) showing {
	if c.HasTag(TagRemoveCell) {
		return showing{}
	}
	s := showing{cell: true, input: true, outputs: !c.HasTag(TagRemoveOutput)}
	if c.Type != nbformat.Code {
		return s
	}
	s.input = !o.NoInput && !c.HasTag(TagRemoveInput)
	s.folded = s.input && c.HasTag(TagHideInput)
	return s
}

var (
	// trustedMD renders raw HTML and links as written (Options.Trust).
	trustedMD = goldmark.New(
		goldmark.WithExtensions(extension.GFM),
		goldmark.WithRendererOptions(gmhtml.WithUnsafe()),
	)
	// safeMD sanitizes raw HTML (sanitizingRenderer) and leaves out the
	// address of links and images to anything but relative, #fragment,
	// http, https and mailto addresses and data: images (safeLinks, which
	// looks at the address with its entities resolved).
	safeMD = goldmark.New(
		goldmark.WithExtensions(extension.GFM),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(safeLinks{}, 100))),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(sanitizingRenderer{}, 100))),
	)
)

var mathSpan = regexp.MustCompile(`(?s)\$\$.+?\$\$|\$[^$\n]+?\$`)

// renderMarkdown renders CommonMark with tables, keeping math spans as
// written (escaped, in a span) rather than letting emphasis rules mangle
// them. Unless trust, raw HTML is sanitized.
func renderMarkdown(src string, trust bool) (string, error) {
	var spans []string
	protected := mathSpan.ReplaceAllStringFunc(src, func(m string) string {
		spans = append(spans, m)
		return fmt.Sprintf("MATHSPAN%dEND", len(spans)-1)
	})
	var buf bytes.Buffer
	md := safeMD
	if trust {
		md = trustedMD
	}
	if err := md.Convert([]byte(protected), &buf); err != nil {
		return "", fmt.Errorf("export: markdown: %w", err)
	}
	out := buf.String()
	for i, m := range spans {
		out = strings.Replace(out, fmt.Sprintf("MATHSPAN%dEND", i), `<span class="math">`+html.EscapeString(m)+`</span>`, 1)
	}
	return out, nil
}

// Title returns the first Markdown heading of the notebook, or "".
func Title(nb *nbformat.Notebook) string {
	for _, c := range nb.Cells {
		if c.Type != nbformat.Markdown {
			continue
		}
		for line := range strings.Lines(c.Source) {
			if t, ok := strings.CutPrefix(strings.TrimSpace(line), "# "); ok {
				return strings.TrimSpace(t)
			}
		}
	}
	return ""
}

func language(nb *nbformat.Notebook) string { return nb.Language() }

var (
	codeStyle = styles.Get("github")
	codeFmt   = chtml.New(chtml.WithClasses(true), chtml.TabWidth(4))
)

// highlight renders code as HTML with chroma classes.
func highlight(code, lang string) (string, error) {
	lexer := lexers.Get(lang)
	if lexer == nil {
		lexer = lexers.Fallback
	}
	lexer = chroma.Coalesce(lexer)
	it, err := lexer.Tokenise(nil, code)
	if err != nil {
		return "", fmt.Errorf("export: highlighting: %w", err)
	}
	var buf bytes.Buffer
	if err := codeFmt.Format(&buf, codeStyle, it); err != nil {
		return "", fmt.Errorf("export: highlighting: %w", err)
	}
	return buf.String(), nil
}

func codeCSS() string {
	var buf bytes.Buffer
	codeFmt.WriteCSS(&buf, codeStyle)
	return buf.String()
}

// mimeOrder is the preference among an output's representations.
var mimeOrder = []string{"text/html", "image/svg+xml", "image/png", "image/jpeg", "image/gif", "text/markdown", "text/latex", "text/plain"}

func pick(data nbformat.MimeBundle) (string, string) {
	for _, m := range mimeOrder {
		if s, ok := data.Text(m); ok {
			return m, s
		}
	}
	keys := make([]string, 0, len(data))
	for k := range data {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if s, ok := data.Text(k); ok {
			return k, s
		}
	}
	return "", ""
}

// decodeImage returns the bytes of a base64 image output.
func decodeImage(s string) ([]byte, error) {
	return base64.StdEncoding.DecodeString(strings.Join(strings.Fields(s), ""))
}
