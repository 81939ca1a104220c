package export

import (
	"bytes"
	"io"
	"net/url"
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/microcosm-cc/bluemonday/css"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"golang.org/x/net/html"
)

// dataImage matches the data: URIs pages show as images.
var dataImage = regexp.MustCompile(`(?i)^data:image/(png|jpeg|gif|svg\+xml)[;,]`)

// policy is what sanitized HTML keeps (see newPolicy).
var policy = newPolicy()

// newPolicy builds the sanitizer's policy for the HTML of Markdown cells
// and text/html outputs: text markup, lists, tables (with classes, spans
// and alignment), <details>, anchors (ids and names, as Jupyter and
// papermill write them), links to http, https, mailto, relative and
// #fragment addresses, images from data: URIs only, inline styles of the
// kinds tables and GoNB's error boxes use, and <style> elements. Anything
// else goes: scripts, event handlers, javascript: and other schemes,
// iframes, objects, embeds, forms, <base>, <meta>, <link>, SVG and MathML
// markup, comments.
func newPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowAttrs("id").Matching(regexp.MustCompile(`^[\p{L}\p{N}_:.-]+$`)).Globally()
	p.AllowAttrs("class").Matching(bluemonday.SpaceSeparatedTokens).Globally()
	p.AllowAttrs("title").Matching(bluemonday.Paragraph).Globally()
	p.AllowAttrs("lang").Matching(regexp.MustCompile(`^[a-zA-Z]{2,8}(-[a-zA-Z0-9]{1,8})*$`)).Globally()
	p.AllowAttrs("dir").Matching(bluemonday.Direction).Globally()
	// data-* attributes mean something only to a script, and pages run
	// none; GoNB's error box carries one.
	p.AllowDataAttributes()

	p.AllowElements("p", "br", "hr", "wbr", "div", "span", "pre", "code", "kbd", "samp", "var", "tt",
		"b", "i", "u", "s", "strike", "strong", "em", "small", "big", "sub", "sup", "mark", "del", "ins",
		"abbr", "cite", "dfn", "q", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6",
		"details", "summary", "figure", "figcaption", "section", "article", "aside", "header", "footer",
		"ruby", "rt", "rp", "center")
	p.AllowAttrs("open").Matching(regexp.MustCompile(`(?i)^(|open)$`)).OnElements("details")
	p.AllowAttrs("start").Matching(bluemonday.Integer).OnElements("ol")
	p.AllowLists()
	p.AllowTables()

	// Links: http, https, mailto, relative and #fragment addresses.
	// data: is there for images (src is held to dataImage below); a link
	// to a data: image shows an image.
	p.AllowAttrs("href").OnElements("a")
	// An <a> whose href goes stays as plain <a>: Markdown sanitizes each
	// tag of a paragraph apart, and its </a> stays anyway.
	p.AllowNoAttrs().OnElements("a")
	p.AllowAttrs("name").Matching(regexp.MustCompile(`^[\p{L}\p{N}_:.-]+$`)).OnElements("a")
	p.AllowURLSchemes("http", "https", "mailto")
	p.AllowRelativeURLs(true)
	p.AllowURLSchemeWithCustomPolicy("data", func(u *url.URL) bool { return dataImage.MatchString(u.String()) })
	p.AllowAttrs("src").Matching(dataImage).OnElements("img")
	p.AllowAttrs("alt").OnElements("img")
	p.AllowAttrs("width", "height").Matching(bluemonday.NumberOrPercent).OnElements("img")

	// Inline styles, each property's value checked by bluemonday's CSS
	// handler for it (no expression()), and no url() (the CSP would block
	// an image from the network anyway).
	for _, prop := range []string{"color", "background", "background-color",
		"font-family", "font-size", "font-style", "font-weight", "font-variant", "line-height",
		"text-align", "vertical-align", "text-decoration", "text-transform", "text-indent",
		"white-space", "word-break", "overflow-wrap", "word-wrap",
		"border", "border-top", "border-right", "border-bottom", "border-left",
		"border-color", "border-style", "border-width", "border-radius", "border-collapse", "border-spacing",
		"padding", "padding-top", "padding-right", "padding-bottom", "padding-left",
		"margin", "margin-top", "margin-right", "margin-bottom", "margin-left",
		"width", "min-width", "max-width", "height", "min-height", "max-height",
		"display", "opacity"} {
		check := css.GetDefaultHandler(prop)
		p.AllowStyles(prop).MatchingHandler(func(v string) bool {
			return !strings.Contains(v, "url(") && check(v)
		}).Globally()
	}

	// <style> elements: GoNB's error boxes style their hover pop-ups with
	// one. bluemonday lets a policy allow <style> only together with
	// AllowUnsafe, which also lets the policy allow <script>; this policy
	// allows no script element, so none passes (they are dropped with
	// their content). A style sheet can restyle the page, but it cannot
	// reach the network or run anything: the page's CSP (see CSP) allows
	// images and fonts from data: URIs only, and no imports, frames or
	// scripts.
	p.AllowUnsafe(true)
	p.AllowElements("style")
	return p
}

// sanitize returns HTML as policy keeps it. A <style> element left open
// is closed, so that it does not swallow the rest of the page.
func sanitize(s string) string {
	out := policy.Sanitize(s)
	if styleOpen(out) {
		out += "</style>"
	}
	return keepOwnStyles(out)
}

// keepOwnStyles drops every <style> element of s whose sheet could reach
// beyond the output that holds it (see styleSheetConfined): a sheet that
// hid the page's text and laid its own over it would run nothing and load
// nothing, but it would make a published page say what it likes.
func keepOwnStyles(s string) string {
	if !strings.Contains(strings.ToLower(s), "<style") {
		return s
	}
	z := html.NewTokenizer(strings.NewReader(s))
	var b, sheet strings.Builder
	var start []byte
	inStyle := false
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if inStyle { // cannot happen after sanitize closes it; drop it
				break
			}
			return b.String()
		}
		raw := z.Raw()
		name, _ := z.TagName()
		switch {
		case tt == html.StartTagToken && string(name) == "style":
			inStyle, start = true, append([]byte(nil), raw...)
			sheet.Reset()
		case inStyle && tt == html.EndTagToken && string(name) == "style":
			inStyle = false
			if styleSheetConfined(sheet.String()) {
				b.Write(start)
				b.WriteString(sheet.String())
				b.Write(raw)
			}
		case inStyle:
			sheet.Write(raw)
		default:
			b.Write(raw)
		}
	}
	return b.String()
}

// styleSheetConfined tells whether a style sheet only styles elements of
// the classes kernels give their outputs (.gonb-…, .jp-…: GoNB's error
// boxes), which exist on a page only inside outputs: plain rules, each
// selector starting with such a class, and no at-rule (@import, @font-face),
// url(), comment or escape that could hide something else.
func styleSheetConfined(sheet string) bool {
	if strings.ContainsAny(sheet, "@\\<") || strings.Contains(sheet, "/*") || strings.Contains(strings.ToLower(sheet), "url(") {
		return false
	}
	rules := strings.Split(sheet, "}")
	if strings.TrimSpace(rules[len(rules)-1]) != "" {
		return false // text after the last rule
	}
	for _, r := range rules[:len(rules)-1] {
		selectors, _, ok := strings.Cut(r, "{")
		if !ok || strings.Contains(selectors, "{") {
			return false
		}
		for _, sel := range strings.Split(selectors, ",") {
			sel = strings.TrimSpace(sel)
			if !ownClass.MatchString(sel) {
				return false
			}
		}
	}
	return true
}

// ownClass: a selector that starts with a kernel output's class.
var ownClass = regexp.MustCompile(`^\.(gonb|jp)-[A-Za-z0-9_-]`)

// styleOpen tells whether s ends inside a <style> element.
func styleOpen(s string) bool {
	z := html.NewTokenizer(strings.NewReader(s))
	open := false
	for {
		switch z.Next() {
		case html.ErrorToken:
			return open && z.Err() == io.EOF
		case html.StartTagToken:
			if name, _ := z.TagName(); string(name) == "style" {
				open = true
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); string(name) == "style" {
				open = false
			}
		}
	}
}

// sanitizingRenderer renders the raw HTML of Markdown (HTML blocks and
// inline tags) through sanitize, and autolinks (<scheme:...>) as goldmark
// does but with no href to a dangerous address (goldmark checks the
// addresses of links and images, not of autolinks); everything else is
// goldmark's own markup.
type sanitizingRenderer struct{}

func (sanitizingRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindAutoLink, func(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		n := node.(*ast.AutoLink)
		url := n.URL(source)
		var b bytes.Buffer
		b.WriteString(`<a href="`)
		if n.AutoLinkType == ast.AutoLinkEmail && !bytes.HasPrefix(bytes.ToLower(url), []byte("mailto:")) {
			b.WriteString("mailto:")
		}
		if !gmhtml.IsDangerousURL(url) && safeAddress(url, false) {
			b.Write(util.EscapeHTML(util.URLEscape(url, false)))
		}
		b.WriteString(`">`)
		b.Write(util.EscapeHTML(n.Label(source)))
		b.WriteString("</a>")
		_, err := w.Write(b.Bytes())
		return ast.WalkContinue, err
	})
	reg.Register(ast.KindHTMLBlock, func(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		n := node.(*ast.HTMLBlock)
		var raw bytes.Buffer
		for i := range n.Lines().Len() {
			line := n.Lines().At(i)
			raw.Write(line.Value(source))
		}
		if n.HasClosure() {
			raw.Write(n.ClosureLine.Value(source))
		}
		_, err := w.WriteString(sanitize(raw.String()))
		return ast.WalkContinue, err
	})
	reg.Register(ast.KindRawHTML, func(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkSkipChildren, nil
		}
		n := node.(*ast.RawHTML)
		var raw bytes.Buffer
		for i := range n.Segments.Len() {
			seg := n.Segments.At(i)
			raw.Write(seg.Value(source))
		}
		_, err := w.WriteString(sanitize(raw.String()))
		return ast.WalkSkipChildren, err
	})
}

// schemeRE finds a URL's scheme, as browsers read it.
var schemeRE = regexp.MustCompile(`^([a-z][a-z0-9+.-]*):`)

// safeAddress tells whether a link's (or, when image, an image's) address,
// as the page will hold it (entities resolved), may stay: relative
// addresses, #fragments, http, https and mailto, and data: images. Browsers
// drop leading spaces and control characters and tabs and newlines
// anywhere before they read the scheme, so this does too.
func safeAddress(addr []byte, image bool) bool {
	s := strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, html.UnescapeString(string(addr)))
	s = strings.ToLower(strings.TrimLeft(s, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "))
	m := schemeRE.FindStringSubmatch(s)
	if m == nil {
		return true // relative, or a #fragment
	}
	switch m[1] {
	case "http", "https":
		return true
	case "mailto":
		return !image
	case "data":
		return dataImage.MatchString(s)
	}
	return false
}

// safeLinks empties the address of every Markdown link and image that
// safeAddress refuses, after goldmark has resolved its entities (goldmark's
// own check looks at the address before that, so [x](java&#115;cript:…)
// would pass it): the link stays, as text with an empty href.
type safeLinks struct{}

func (safeLinks) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch l := n.(type) {
		case *ast.Link:
			if !safeAddress(util.URLEscape(l.Destination, true), false) {
				l.Destination = nil
			}
		case *ast.Image:
			if !safeAddress(util.URLEscape(l.Destination, true), true) {
				l.Destination = nil
			}
		}
		return ast.WalkContinue, nil
	})
}
