package jupytext_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rotationlab/rotation/jupyter/jupytext"
	"github.com/rotationlab/rotation/jupyter/nbformat"
)

type wantCell struct {
	typ nbformat.CellType
	src string
	md  string // the cell's metadata as JSON; "" for {}
}

func code(src, md string) wantCell  { return wantCell{nbformat.Code, src, md} }
func mdown(src, md string) wantCell { return wantCell{nbformat.Markdown, src, md} }
func raw(src, md string) wantCell   { return wantCell{nbformat.Raw, src, md} }

// sameJSON compares a value with JSON text, both normalized by
// encoding/json.
func sameJSON(t *testing.T, got any, want string) bool {
	t.Helper()
	if want == "" {
		want = "{}"
	}
	var w any
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("bad JSON in the test: %s: %v", want, err)
	}
	gb, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	wb, _ := json.Marshal(w)
	var g any
	_ = json.Unmarshal(gb, &g)
	gb, _ = json.Marshal(g)
	return string(gb) == string(wb)
}

// TestRead reads texts whose reading jupytext's own tests state (the name
// says which test of its tests/functional/simple_notebooks): the cells'
// types and sources as those tests assert them, and metadata where they
// compare it; the layout metadata they do not check (lines_to_next_cell)
// and the other cases follow jupytext's code (cell_reader.py, magics.py,
// cell_metadata.py), read line by line.
func TestRead(t *testing.T) {
	for _, tc := range []struct {
		name string
		lang jupytext.Language
		text string
		want []wantCell
	}{
		{
			name: "test_read_simple_percent/test_read_simple_file",
			lang: jupytext.Python,
			text: "# ---\n# title: Simple file\n# ---\n\n# %% [markdown]\n# This is a markdown cell\n\n" +
				"# %% [md]\n# This is also a markdown cell\n\n# %% [raw]\n# This is a raw cell\n\n" +
				"# %%% sub-cell title\n# This is a sub-cell\n\n# %%%% sub-sub-cell title\n# This is a sub-sub-cell\n\n" +
				"# %% And now a code cell\n1 + 2 + 3 + 4\n5\n6\n# %%magic # this is a commented magic, not a cell\n\n7\n",
			want: []wantCell{
				raw("---\ntitle: Simple file\n---", ""),
				mdown("This is a markdown cell", ""),
				mdown("This is also a markdown cell", `{"region_name":"md"}`),
				raw("This is a raw cell", ""),
				code("# This is a sub-cell", `{"title":"sub-cell title","cell_depth":1}`),
				code("# This is a sub-sub-cell", `{"title":"sub-sub-cell title","cell_depth":2}`),
				code("1 + 2 + 3 + 4\n5\n6\n%%magic # this is a commented magic, not a cell\n\n7", `{"title":"And now a code cell"}`),
			},
		},
		{
			name: "test_read_simple_percent/test_read_cell_with_metadata",
			lang: jupytext.Python,
			text: "# %% a code cell with parameters {\"tags\": [\"parameters\"]}\na = 3\n",
			want: []wantCell{code("a = 3", `{"title":"a code cell with parameters","tags":["parameters"]}`)},
		},
		{
			name: "test_read_simple_percent/test_read_nbconvert_script",
			lang: jupytext.Python,
			text: "\n# coding: utf-8\n\n# A markdown cell\n\n# In[1]:\n\n\nimport pandas as pd\n\npd.options.display.max_rows = 6\n" +
				"pd.options.display.max_columns = 20\n\n\n# Another markdown cell\n\n# In[2]:\n\n\n1 + 1\n\n\n" +
				"# Again, a markdown cell\n\n# In[33]:\n\n\n2 + 2\n\n\n# <codecell>\n\n\n3 + 3\n",
			want: []wantCell{
				code("\n# coding: utf-8\n\n# A markdown cell", ""),
				code("\n\nimport pandas as pd\n\npd.options.display.max_rows = 6\npd.options.display.max_columns = 20\n\n\n# Another markdown cell", ""),
				code("\n\n1 + 1\n\n\n# Again, a markdown cell", ""),
				code("\n\n2 + 2", `{"lines_to_next_cell":2}`),
				code("\n\n3 + 3", ""),
			},
		},
		{
			name: "test_read_simple_percent/test_read_remove_blank_lines",
			lang: jupytext.Python,
			text: "# %%\nimport pandas as pd\n\n# %% Display a data frame\ndf = pd.DataFrame({'A': [1, 2], 'B': [3, 4]},\n" +
				"                  index=pd.Index(['x0', 'x1'], name='x'))\ndf\n\n# %% Pandas plot {\"tags\": [\"parameters\"]}\n" +
				"df.plot(kind='bar')\n\n\n# %% sample class\nclass MyClass:\n    pass\n\n\n# %% a function\ndef f(x):\n    return 42 * x\n\n",
			want: []wantCell{
				code("import pandas as pd", ""),
				code("df = pd.DataFrame({'A': [1, 2], 'B': [3, 4]},\n                  index=pd.Index(['x0', 'x1'], name='x'))\ndf", `{"title":"Display a data frame"}`),
				code("df.plot(kind='bar')", `{"title":"Pandas plot","tags":["parameters"]}`),
				code("class MyClass:\n    pass", `{"title":"sample class"}`),
				code("def f(x):\n    return 42 * x", `{"title":"a function","lines_to_next_cell":2}`),
			},
		},
		{
			name: "test_read_simple_percent/test_no_crash_on_square_bracket",
			lang: jupytext.Python,
			text: "# %% In [2]\nprint('Hello')\n",
			want: []wantCell{code("print('Hello')", `{"title":"In [2]"}`)},
		},
		{
			name: "test_read_simple_percent/test_multiline_comments_in_markdown_1",
			lang: jupytext.Python,
			text: "# %% [markdown]\n'''\na\nlong\ncell\n'''\n",
			want: []wantCell{mdown("a\nlong\ncell", `{"cell_marker":"'''"}`)},
		},
		{
			name: "test_read_simple_percent/test_multiline_comments_in_raw_cell",
			lang: jupytext.Python,
			text: "# %% [raw]\n\"\"\"\nsome\ntext\n\"\"\"\n",
			want: []wantCell{raw("some\ntext", `{"cell_marker":"\"\"\""}`)},
		},
		{
			name: "test_read_simple_percent/test_multiline_comments_in_markdown_cell_no_line_return",
			lang: jupytext.Python,
			text: "# %% [markdown]\n\"\"\"a\nlong\ncell\"\"\"\n",
			want: []wantCell{mdown("a\nlong\ncell", "")},
		},
		{
			name: "test_read_simple_percent/..._is_robust_to_additional_cell_marker",
			lang: jupytext.Python,
			text: "# %% [markdown]\n\"\"\"\nsome text, and a fake cell marker\n# %% [raw]\n\"\"\"\n",
			want: []wantCell{mdown("some text, and a fake cell marker\n# %% [raw]", `{"cell_marker":"\"\"\""}`)},
		},
		{
			name: "test_read_simple_go/test_commented_magic",
			lang: jupytext.Go,
			text: "// %%\n// This is a commented magic\n// //gonb:%%\n\n// %% [markdown]\n// This is a commented magic in a markdown cell\n// // //gonb:%%\n",
			want: []wantCell{
				code("// This is a commented magic\n// %%", ""),
				mdown("This is a commented magic in a markdown cell\n// %%", ""),
			},
		},
		{
			name: "test_read_simple_go/test_magic_commands_are_commented",
			lang: jupytext.Go,
			text: "// %%\n// !*rm -f go.work && go work init && go work use . ${HOME}/Projects/gopjrt\n// %goworkfix\n// %env LD_LIBRARY_PATH=/usr/local/lib\n",
			want: []wantCell{code("!*rm -f go.work && go work init && go work use . ${HOME}/Projects/gopjrt\n%goworkfix\n%env LD_LIBRARY_PATH=/usr/local/lib", "")},
		},
		{
			name: "test_read_simple_go/test_read_go_notebook_with_magic_main",
			lang: jupytext.Go,
			text: "// %%\npackage square\n\n// %%\nvar x = flag.Float64(\"x\", 0.0, \"Value of x\")\n\nfunc example() {\n}\n// %main example -x=3\n\n// %%\n// %main example -x=4\n",
			want: []wantCell{
				code("package square", ""),
				code("var x = flag.Float64(\"x\", 0.0, \"Value of x\")\n\nfunc example() {\n}\n%main example -x=3", ""),
				code("%main example -x=4", ""),
			},
		},
		{
			name: "gonb cell magic with arguments",
			lang: jupytext.Go,
			text: "// %%\nvar x = flag.Float64(\"x\", 0.0, \"x\")\n\n//gonb:%% -x=3\nfmt.Println(*x)\n",
			want: []wantCell{code("var x = flag.Float64(\"x\", 0.0, \"x\")\n\n%% -x=3\nfmt.Println(*x)", "")},
		},
		{
			name: "python magics, shell commands and help",
			lang: jupytext.Python,
			text: "# %%\n# %time x = 1\n# !ls\n# ls -l\n# ?next\n# next?\n# a = %who\n# %%bash\n# a plain comment\nx = 1  # %not a magic\n",
			want: []wantCell{code("%time x = 1\n!ls\nls -l\n?next\nnext?\na = %who\n%%bash\n# a plain comment\nx = 1  # %not a magic", "")},
		},
		{
			name: "magic continued on the next line, and magics in strings",
			lang: jupytext.Python,
			text: "# %%\n# %%time \\\n# --arg\ns = '''\n# %time\n'''\n",
			want: []wantCell{code("%%time \\\n--arg\ns = '''\n# %time\n'''", "")},
		},
		{
			name: "escaped light cell marker",
			lang: jupytext.Python,
			text: "# %%\n# # +\n# +\nx\n",
			want: []wantCell{code("# +\n# +\nx", "")},
		},
		{
			name: "cell language becomes a cell magic",
			lang: jupytext.Python,
			text: "# %% magic_args=\"-w 400\" language=\"R\"\n# plot(x)\n\n# %% language=\"python\"\nx\n\n# %% language=\"unknownlang\"\n# y\n",
			want: []wantCell{
				code("%%R -w 400\nplot(x)", ""),
				code("x", ""),
				code("y", `{"language":"unknownlang"}`),
			},
		},
		{
			name: "inactive and frozen cells",
			lang: jupytext.Python,
			text: "# %% active=\"py\"\nprint('script only')\n\n# %% active=\"ipynb\"\n# print('notebook only')\n\n" +
				"# %% tags=[\"active-ipynb\"]\n# x = 1\n\n# %% run_control={\"frozen\": true}\n# # frozen\n",
			want: []wantCell{
				raw("print('script only')", `{"active":"py"}`),
				code("print('notebook only')", `{"active":"ipynb"}`),
				code("x = 1", `{"tags":["active-ipynb"]}`),
				code("# frozen", `{"run_control":{"frozen":true}}`),
			},
		},
		{
			name: "key=value, Python literals, attributes and bad metadata",
			lang: jupytext.Python,
			text: "# %% cell title string='value' number=1.0 array=['a', \"b\"] .class flag\nx\n\n" +
				"# %% this is an incorrect expression d={{4 b=3\ny\n\n# %% t {\"d\": \"}\nz\n",
			want: []wantCell{
				code("x", `{"title":"cell title","string":"value","number":1.0,"array":["a","b"],".class":null,"flag":null}`),
				code("y", `{"title":"this is an incorrect expression","incorrectly_encoded_metadata":"d={{4","b":3}`),
				code("z", `{"title":"t","incorrectly_encoded_metadata":"{\"d\": \"}"}`),
			},
		},
		{
			name: "blank lines between cells",
			lang: jupytext.Python,
			text: "# %%\nx = 1\n\n\n\n# %%\ndef f():\n    pass\n# %%\ny\n",
			want: []wantCell{
				code("x = 1\n\n", ""),
				code("def f():\n    pass", `{"lines_to_next_cell":0}`),
				code("y", ""),
			},
		},
		{
			name: "code before the first marker, and an empty file end",
			lang: jupytext.Go,
			text: "fmt.Println(1)\n// %%\n",
			want: []wantCell{code("fmt.Println(1)", `{"lines_to_next_cell":0}`), code("", "")},
		},
		{
			name: "hydrogen guessed: a magic left uncommented",
			lang: jupytext.Python,
			text: "# %%\n%time x = 1\n# %time y = 2\n",
			want: []wantCell{code("%time x = 1\n# %time y = 2", "")},
		},
		{
			name: "a header without jupyter: is a raw cell",
			lang: jupytext.Python,
			text: "# ---\n# jupyter: 3\n# ---\n# %%\nx\n",
			want: []wantCell{raw("---\njupyter: 3\n---", `{"lines_to_next_cell":0}`), code("x", "")},
		},
		{
			name: "CRLF line ends and a form feed",
			lang: jupytext.Python,
			text: "# %%\r\nx = 1\r\ny = 2\x0cz = 3\r\n",
			want: []wantCell{code("x = 1\ny = 2\nz = 3", "")},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			nb, err := jupytext.Read(strings.NewReader(tc.text), jupytext.Options{Language: tc.lang, Name: "t"})
			if err != nil {
				t.Fatal(err)
			}
			if len(nb.Cells) != len(tc.want) {
				for i, c := range nb.Cells {
					t.Logf("cell %d: %s %q %s", i, c.Type, c.Source, js(c.Metadata))
				}
				t.Fatalf("%d cells, want %d", len(nb.Cells), len(tc.want))
			}
			for i, w := range tc.want {
				c := nb.Cells[i]
				if c.Type != w.typ || c.Source != w.src || !sameJSON(t, c.Metadata, w.md) {
					t.Errorf("cell %d:\n got %s %q %s\nwant %s %q %s", i, c.Type, c.Source, js(c.Metadata), w.typ, w.src, w.md)
				}
			}
		})
	}
}

// TestNotebookMetadata checks the notebook metadata jupytext derives from
// the header: the kernelspec, and in "jupytext" the file's format, the main
// language when the kernelspec has none, the metadata filters of a header
// without "jupyter:", and the shebang and coding lines.
func TestNotebookMetadata(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		lang       jupytext.Language
		want       string
	}{
		{
			name: "kernelspec",
			lang: jupytext.Go,
			text: "// ---\n// jupyter:\n//   kernelspec:\n//     display_name: Go (gonb)\n//     language: go\n//     name: gonb\n// ---\n\n// %%\nx := 1\n",
			want: `{"jupytext":{"text_representation":{"extension":".go","format_name":"percent"}},"kernelspec":{"display_name":"Go (gonb)","language":"go","name":"gonb"}}`,
		},
		{
			name: "no header",
			lang: jupytext.Python,
			text: "# %% [markdown] tags=[\"a\"]\n# text\n\n# %%\nx = 1\n",
			want: `{"jupytext":{"cell_metadata_filter":"tags,-all","main_language":"python","notebook_metadata_filter":"-all","text_representation":{"extension":".py","format_name":"percent"}}}`,
		},
		{
			name: "shebang, coding, JSON options and other metadata",
			lang: jupytext.Python,
			text: "#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n# ---\n# jupyter:\n#   jupytext:\n#     formats: ipynb,py:percent\n" +
				"#   kernelspec:\n#     display_name: Python 3\n#     language: python\n#     name: python3\n#   language_info:\n#     name: python\n#     version: 3.11.2\n# ---\n\n" +
				"# %% {\"tags\": [\"parameters\"]}\nx = 1\n",
			want: `{"jupytext":{"cell_metadata_json":true,"encoding":"# -*- coding: utf-8 -*-","executable":"/usr/bin/env python","formats":"ipynb,py:percent","notebook_metadata_filter":"language_info","text_representation":{"extension":".py","format_name":"percent"}},` +
				`"kernelspec":{"display_name":"Python 3","language":"python","name":"python3"},"language_info":{"name":"python","version":"3.11.2"}}`,
		},
		{
			name: "YAML 1.1 booleans and numbers, as PyYAML reads them",
			lang: jupytext.Python,
			text: "# ---\n# jupyter:\n#   jupytext:\n#     notebook_metadata_filter: -all\n#   x: yes\n#   n: 3\n#   f: 1e3\n#   g: 1.5e+3\n#   o: 010\n#   s: 'yes'\n# ---\n\n# %%\n1\n",
			want: `{"jupytext":{"main_language":"python","notebook_metadata_filter":"-all","text_representation":{"extension":".py","format_name":"percent"}},"x":true,"n":3,"f":"1e3","g":1500.0,"o":8,"s":"yes"}`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			nb, err := jupytext.Read(strings.NewReader(tc.text), jupytext.Options{Language: tc.lang, Name: "t"})
			if err != nil {
				t.Fatal(err)
			}
			if !sameJSON(t, nb.Metadata, tc.want) {
				t.Errorf("metadata\n got %s\nwant %s", js(nb.Metadata), tc.want)
			}
		})
	}
}

// TestReadErrors: text that jupytext cannot read, or that this package
// does not (another format, values a notebook cannot hold), fails with a
// *ParseError naming the file and, where there is one, the line.
func TestReadErrors(t *testing.T) {
	for _, tc := range []struct {
		name, text, want string
	}{
		{"latin-1 coding line", "# -*- coding: latin-1 -*-\n# %%\nx\n", "nb.py:1: encoding latin-1: only utf-8 is supported"},
		{"not UTF-8", "# %%\nx = '\xff'\n", "nb.py: not valid UTF-8"},
		{"light format", "x = 1\n\ny = 2\n", "nb.py: no # %% cell marker"},
		{"header names another format", "# ---\n# jupyter:\n#   jupytext:\n#     text_representation:\n#       extension: .py\n#       format_name: light\n# ---\n\n# %%\nx\n", `the header says the format is "light"`},
		{"bad YAML", "# ---\n# jupyter:\n#   kernelspec: [\n# ---\n\n# %%\nx\n", "nb.py:2: YAML header:"},
		{"jupyter not a mapping", "# ---\n# jupyter:\n# ---\n# %%\n", `"jupyter" is not a mapping`},
		{"NaN metadata", "# %%\nx\n\n# %% a=NaN\ny\n", "nb.py:4: cell metadata NaN: NaN and Infinity cannot be stored"},
		{"a Python set", "# %% a={1, 2}\ny\n", "nb.py:1: cell metadata: a Python set cannot be stored"},
		{"active not a string", "# %% active=1\ny\n", "nb.py:1: cell metadata active=1 is not a string"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := jupytext.Read(strings.NewReader(tc.text), jupytext.Options{Language: jupytext.Python, Name: "nb.py"})
			var pe *jupytext.ParseError
			if !errors.As(err, &pe) || !errors.Is(err, jupytext.ErrInvalid) {
				t.Fatalf("error %v, want a *ParseError", err)
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "jupytext: nb.py") {
				t.Errorf("error %q, want it to contain %q", err, tc.want)
			}
		})
	}
}

// TestReadFile takes the language from the extension.
func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"a.py":    "# %%\n# %time x\n",
		"a.go":    "// %%\n// %time x\n",
		"a.py.go": "// %%\n// %time x\n",
	} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		nb, err := jupytext.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if len(nb.Cells) != 1 || nb.Cells[0].Source != "%time x" {
			t.Errorf("%s: cells %+v, want one holding %%time x", name, nb.Cells)
		}
	}
	if _, err := jupytext.ReadFile(filepath.Join(dir, "a.ipynb")); err == nil || !strings.Contains(err.Error(), "want a .py or .go file") {
		t.Errorf("a.ipynb: error %v, want one about the extension", err)
	}
	if _, err := jupytext.ReadFile(filepath.Join(dir, "missing.py")); err == nil || !strings.Contains(err.Error(), "missing.py") {
		t.Errorf("missing.py: error %v, want one naming the file", err)
	}
}
