package export

import (
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/rotationlab/rotation/jupyter/nbformat"
)

// File is a file Markdown export writes beside the Markdown.
type File struct {
	// Path is relative to the Markdown file.
	Path string
	Data []byte
}

// Markdown renders the notebook as Markdown for wikis and code hosts:
// Markdown cells as they are (the host that renders them sanitizes their
// HTML), code in fenced blocks, text outputs in fenced blocks (ANSI codes
// stripped; consecutive ones in one block, as pages show them), HTML outputs sanitized (as they are with opt.Trust), and
// images written as files under opt.ImageDir and linked.
func Markdown(nb *nbformat.Notebook, opt Options) ([]byte, []File, error) {
	dir := opt.ImageDir
	if dir == "" {
		dir = strings.TrimSuffix(opt.Name, path.Ext(opt.Name)) + "_files"
	}
	lang := language(nb)
	var b strings.Builder
	var files []File
	fence := func(info, body string) {
		f := "```"
		for strings.Contains(body, f) {
			f += "`"
		}
		if !strings.HasSuffix(body, "\n") {
			body += "\n"
		}
		b.WriteString(f + info + "\n" + body + f + "\n\n")
	}
	for i, c := range nb.Cells {
		show := opt.show(c)
		if !show.cell {
			continue
		}
		switch c.Type {
		case nbformat.Markdown:
			b.WriteString(strings.TrimRight(c.Source, "\n") + "\n\n")
		case nbformat.Raw:
			fence("", c.Source)
		case nbformat.Code:
			if show.folded {
				b.WriteString("<details><summary>code</summary>\n\n")
			}
			if show.input {
				fence(lang, c.Source)
			}
			if show.folded {
				b.WriteString("</details>\n\n")
			}
			if !show.outputs {
				continue
			}
			for j := 0; j < len(c.Outputs); j++ {
				if run := textRun(c.Outputs[j:]); len(run) > 0 {
					fence("text", blockText(run))
					j += len(run) - 1
					continue
				}
				switch o := c.Outputs[j]; o.Type {
				case nbformat.Error:
					tb := make([]string, len(o.Traceback))
					for k, l := range o.Traceback {
						tb[k] = stripANSI(l)
					}
					fence("text", strings.Join(tb, "\n"))
				case nbformat.DisplayData, nbformat.ExecuteResult:
					mime, s := pick(o.Data)
					switch mime {
					case "image/png", "image/jpeg", "image/gif", "image/svg+xml":
						if mime == "image/svg+xml" && !opt.Trust && svgActive(s) {
							// A Markdown page links its images as
							// files, and an SVG file opened from the
							// site that publishes it runs its scripts
							// there: the bitmap, if the output has one,
							// else a note.
							if png, ok := o.Data.Text("image/png"); ok {
								mime, s = "image/png", png
							} else {
								b.WriteString(fmt.Sprintf("*(output %d of cell %d, an SVG image that holds scripts, event handlers or links out, is left out; nbrun -trust keeps it)*\n\n", j+1, i+1))
								continue
							}
						}
						ext := map[string]string{"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/svg+xml": ".svg"}[mime]
						name := path.Join(dir, fmt.Sprintf("cell%02d-output%d%s", i+1, j+1, ext))
						raw := []byte(s)
						if mime != "image/svg+xml" {
							var err error
							if raw, err = decodeImage(s); err != nil {
								return nil, nil, fmt.Errorf("cell %d output %d: %s is not base64: %w", i, j, mime, err)
							}
						}
						files = append(files, File{Path: name, Data: raw})
						b.WriteString(fmt.Sprintf("![output %d of cell %d](%s)\n\n", j+1, i+1, name))
					case "text/html":
						if !opt.Trust {
							if s = sanitize(s); strings.TrimSpace(s) == "" {
								continue
							}
						}
						b.WriteString(strings.TrimRight(s, "\n") + "\n\n")
					case "text/markdown":
						b.WriteString(strings.TrimRight(s, "\n") + "\n\n")
					case "":
					default:
						fence("text", s)
					}
				}
			}
		}
	}
	return []byte(b.String()), files, nil
}

// svgActive tells whether an SVG image could do more than draw when
// opened as a file of its own: it does not parse as XML, or it holds a
// script, a foreign object, a frame or plugin, an event handler, a link
// (href) to anything but a #fragment or a data: image, an animation that
// sets a link or a handler, entities of its own, or a style sheet that
// imports or loads from the network.
func svgActive(s string) bool {
	d := xml.NewDecoder(strings.NewReader(s))
	d.Strict = true
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return false
		}
		if err != nil {
			return true
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch strings.ToLower(t.Name.Local) {
			case "script", "foreignobject", "iframe", "object", "embed", "handler", "listener":
				return true
			}
			for _, a := range t.Attr {
				name, val := strings.ToLower(a.Name.Local), strings.TrimSpace(a.Value)
				switch {
				case strings.HasPrefix(name, "on"):
					return true
				case name == "href" && !strings.HasPrefix(val, "#") && !dataImage.MatchString(val):
					return true
				case name == "attributename" && (strings.Contains(strings.ToLower(val), "href") || strings.HasPrefix(strings.ToLower(val), "on")):
					return true
				case name == "style" && cssLoads(val):
					return true
				}
			}
		case xml.CharData:
			if cssLoads(string(t)) {
				return true
			}
		case xml.ProcInst:
			if t.Target == "xml-stylesheet" {
				return true
			}
		case xml.Directive:
			if strings.Contains(strings.ToUpper(string(t)), "ENTITY") {
				return true // a DOCTYPE's own entities
			}
		}
	}
}

// cssLoads tells whether CSS text could load something: an @import or a
// url() that is not a #fragment or a data: image.
func cssLoads(css string) bool {
	low := strings.ToLower(css)
	if strings.Contains(low, "@import") {
		return true
	}
	for rest := low; ; {
		i := strings.Index(rest, "url(")
		if i < 0 {
			return false
		}
		rest = rest[i+4:]
		arg := strings.TrimLeft(rest, " \t\n\"'")
		if !strings.HasPrefix(arg, "#") && !dataImage.MatchString(arg) {
			return true
		}
	}
}
