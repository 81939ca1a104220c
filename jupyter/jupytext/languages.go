package jupytext

import "strings"

// Language is a notebook's script language. It sets the comment marker of
// the text file and the rules for magics.
type Language string

// The languages of the files Read accepts.
const (
	Python Language = "python" // .py files, comments "#"
	Go     Language = "go"     // .go files (GoNB), comments "//"
)

// Comment is the language's line comment marker.
func (l Language) Comment() string { return commentOf[string(l)] }

// LanguageOf returns the language of a file name by its extension: .py is
// Python, .go is Go. ok is false for any other extension.
func LanguageOf(name string) (lang Language, ok bool) {
	switch {
	case strings.HasSuffix(name, ".py"):
		return Python, true
	case strings.HasSuffix(name, ".go"):
		return Go, true
	}
	return "", false
}

// commentOf maps the languages jupytext writes as scripts to their line
// comment. A notebook's kernel language may be any of them even in a .py
// or .go file; it then decides which lines are magics.
var commentOf = map[string]string{
	"python": "#", "coconut": "#", "R": "#", "julia": "#", "c++": "//",
	"scheme": ";;", "clojure": ";;", "bash": "#", "powershell": "#", "q": "/",
	"matlab": "%", "wolfram language": "(*", "idl": ";", "javascript": "//",
	"typescript": "//", "scala": "//", "rust": "//", "robotframework": "#",
	"csharp": "//", "fsharp": "//", "sos": "#", "java": "//", "groovy": "//",
	"sage": "#", "ocaml": "(*", "haskell": "--", "tcl": "#", "maxima": "/*",
	"gnuplot": "#", "stata": "//", "sas": "/*", "xonsh": "#", "logtalk": "%",
	"lua": "--", "go": "//",
}

// cellMagicLanguages are the languages a cell's "language" metadata turns
// into a %%language cell magic (jupytext's _JUPYTER_LANGUAGES).
var cellMagicLanguages = func() map[string]bool {
	m := map[string]bool{}
	for _, l := range []string{
		"R", "bash", "sh", "python", "python2", "python3", "coconut",
		"javascript", "js", "perl", "html", "latex", "markdown", "pypy", "ruby",
		"script", "svg", "matlab", "octave", "idl", "robotframework", "sas",
		"spark", "sql", "cython", "haskell", "tcl", "gnuplot",
		"wolfram language", "c#", "f#", "cs", "fs",
	} {
		m[l] = true
	}
	for l := range commentOf {
		m[l] = true
	}
	return m
}()

// defaultLanguage is the notebook's language as jupytext derives it from
// the header: jupytext.main_language, else the kernelspec's language, else
// the file's.
func defaultLanguage(md map[string]any, file Language) string {
	jt, _ := md["jupytext"].(map[string]any)
	ks, _ := md["kernelspec"].(map[string]any)
	lang, _ := jt["main_language"].(string)
	if lang == "" {
		lang, _ = ks["language"].(string)
	}
	if lang == "" {
		lang = string(file)
	}
	switch {
	case lang == "R" || lang == "sas":
		return lang
	case strings.HasPrefix(lang, "C++"):
		return "c++"
	}
	return strings.ReplaceAll(strings.ToLower(lang), "#", "sharp")
}

// usualName is jupytext's usual_language_name.
func usualName(lang string) string {
	l := strings.ToLower(lang)
	switch {
	case l == "r":
		return "R"
	case strings.HasPrefix(l, "c++"):
		return "c++"
	case l == "octave":
		return "matlab"
	case l == "cs" || l == "c#":
		return "csharp"
	case l == "fs" || l == "f#":
		return "fsharp"
	case l == "sas":
		return "SAS"
	}
	return l
}
