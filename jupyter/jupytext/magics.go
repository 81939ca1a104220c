package jupytext

import (
	"regexp"
	"strings"
)

// quotes tells whether a line starts inside a string literal, reading the
// lines before it as jupytext's StringParser does: quotes after a comment
// marker do not count, a single-quoted string ends with its line (except in
// R), and Python's triple quotes span lines.
type quotes struct {
	python         bool
	comment        string
	single, triple byte
}

func newQuotes(lang string) *quotes {
	return &quotes{python: lang != "R", comment: commentOf[lang]}
}

func (q *quotes) quoted() bool { return q.single != 0 || q.triple != 0 }

func (q *quotes) read(line string) {
	if !q.quoted() && q.comment != "" && strings.HasPrefix(lstrip(line), q.comment) {
		return
	}
	// The quotes and comment markers are ASCII, so bytes stand for
	// characters here: no byte of a multi-byte character equals them.
	tripleEnd := -1
	for i := 0; i < len(line); i++ {
		c := line[i]
		if q.single == 0 && q.triple == 0 && q.comment != "" && strings.HasPrefix(line[i:], q.comment) {
			break
		}
		if c != '"' && c != '\'' {
			continue
		}
		if i > 0 && line[i-1] == '\\' {
			continue
		}
		if q.single == c {
			q.single = 0
			continue
		}
		if q.single != 0 || !q.python {
			continue
		}
		if i >= 2 && line[i-2] == c && line[i-1] == c && i >= tripleEnd+3 {
			switch q.triple {
			case c:
				q.triple = 0
			case 0:
				q.triple = c
			default:
				continue
			}
			tripleEnd = i
			continue
		}
		if q.triple != 0 {
			continue
		}
		q.single = c
	}
	if q.python {
		q.single = 0
	}
}

// magicRules are the patterns that make a line a (possibly commented)
// Jupyter magic in one language.
type magicRules struct {
	magic, forceEscape, noEscape *regexp.Regexp
}

var rules = func() map[string]magicRules {
	m := map[string]magicRules{}
	for lang, c := range commentOf {
		q := regexp.QuoteMeta(c)
		pre := `^` + ws + `*(` + q + ` |` + q + `)*(%|%%|%%%)[a-zA-Z]`
		m[lang] = magicRules{
			magic:       regexp.MustCompile(pre),
			forceEscape: regexp.MustCompile(pre + `(.*)` + q + ws + `*escape`),
			noEscape:    regexp.MustCompile(pre + `(.*)` + q + ws + `*noescape`),
		}
	}
	// Rust's magics start with ':', C#'s with '#!' (jupytext gives both
	// the noescape pattern in place of the escape one).
	m["rust"] = magicRules{
		magic:       regexp.MustCompile(`^(// |//)*:[a-zA-Z]`),
		forceEscape: regexp.MustCompile(`^(// |//)*:[a-zA-Z](.*)//` + ws + `*noescape`),
		noEscape:    m["rust"].noEscape,
	}
	m["csharp"] = magicRules{
		magic:       regexp.MustCompile(`^(// |//)*#![a-zA-Z]`),
		forceEscape: regexp.MustCompile(`^(// |//)*#![a-zA-Z](.*)//` + ws + `*noescape`),
		noEscape:    m["csharp"].noEscape,
	}
	// GoNB's magics start with %, ! or !*.
	g := m["go"]
	g.magic = regexp.MustCompile(`^(// |//)*(!|!\*|%|%%|%%%)[a-zA-Z]`)
	m["go"] = g
	return m
}()

var (
	pyHelpOrShell = regexp.MustCompile(`^` + ws + `*(# |#)*` + ws + `*(\?|!)` + ws + `*[A-Za-z\.\~\$\\\/\{\}]`)
	pyShellWord   = regexp.MustCompile(`^(# |#)*(cat|cd|cp|mv|rm|rmdir|mkdir|copy|ddir|echo|ls|ldir|ren)($|` + ws + `$|` + ws + `[^=,])`)
	pyHelp        = regexp.MustCompile(`^` + ws + `*(# )*[^\t\n\v\f\r \x{1c}-\x{1f}\x{85}\p{Z}]*\?` + ws + `*$`)
	pyMagicAssign = regexp.MustCompile(`^(# |#)*` + ws + `*([a-zA-Z_][a-zA-Z_$0-9]*)` + ws + `*=` + ws + `*(%|%%|%%%|!)[a-zA-Z](.*)`)
	continued     = regexp.MustCompile(`.*\\` + ws + `*$`)
)

// isMagic reports whether the line is a Jupyter magic (commented or not)
// that jupytext comments in a script. explicit is true in cells that
// start with a marker, where a Python line ending in '?' is help.
func isMagic(line, lang string, explicit bool) bool {
	// Every pattern below needs one of these bytes, but the shell words.
	if !strings.ContainsAny(line, "%!?:") {
		return usualName(lang) == "python" && shellWord(line)
	}
	lang = usualName(lang)
	r, ok := rules[lang]
	if !ok || lang == "matlab" || lang == "sas" || lang == "logtalk" {
		return false
	}
	if r.forceEscape.MatchString(line) {
		return true
	}
	if r.noEscape.MatchString(line) {
		return false
	}
	if r.magic.MatchString(line) {
		return true
	}
	if lang != "python" {
		return false
	}
	return pyHelpOrShell.MatchString(line) || pyMagicAssign.MatchString(line) ||
		(explicit && pyHelp.MatchString(line)) || shellWord(line)
}

// shellWord: a line starting (after comment markers) with a shell command
// that IPython runs without '!' (cd, ls, ...) and no '=' or ','.
func shellWord(line string) bool {
	t := strings.TrimLeft(line, "# ")
	return t != "" && strings.IndexByte("cmreld", t[0]) >= 0 && pyShellWord.MatchString(line)
}

// uncommentMagics removes one comment marker from the magics of a code
// cell's lines, skipping lines inside strings; a Python magic ending with
// a backslash continues on the next line, uncommented too.
func uncommentMagics(lines []string, lang string, explicit bool) {
	q := newQuotes(lang)
	next := false
	for i, line := range lines {
		if !q.quoted() && (next || isMagic(line, lang, explicit)) {
			lines[i] = unescape(line, lang)
			next = lang == "python" && continued.MatchString(line)
		}
		q.read(line)
	}
}

// unescape removes one comment marker, and the space after it, from the
// line's start, keeping its indentation.
func unescape(line, lang string) string {
	c, ok := commentOf[lang]
	if !ok {
		return line
	}
	body := lstrip(line)
	indent := line[:len(line)-len(body)]
	if rest, ok := strings.CutPrefix(body, c+" "); ok {
		return indent + rest
	}
	if rest, ok := strings.CutPrefix(body, c); ok {
		return indent + rest
	}
	return line
}

// escapedCodeStart matches a light-format cell marker ("# +") commented
// once more or several times; comment is the file's comment marker.
func escapedCodeStart(comment string) *regexp.Regexp {
	q := regexp.QuoteMeta(comment)
	return regexp.MustCompile(`^(` + q + ` |` + q + `)*(` + q + `|` + q + ` )\+`)
}

var codeStart = map[string]*regexp.Regexp{"#": escapedCodeStart("#"), "//": escapedCodeStart("//")}

// unescapeCodeStarts removes the comment jupytext adds to lines that would
// read as light-format cell markers, when the line stays one without it.
func unescapeCodeStarts(lines []string, comment, lang string) {
	re := codeStart[comment]
	q := newQuotes(lang)
	for i, line := range lines {
		if !q.quoted() && re.MatchString(line) {
			if u := unescape(line, lang); re.MatchString(u) {
				lines[i] = u
			}
		}
		q.read(line)
	}
}
