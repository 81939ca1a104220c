package export_test

import (
	"bytes"
	"fmt"
	"log"
	"strings"

	"github.com/rotationlab/rotation/jupyter/export"
	"github.com/rotationlab/rotation/jupyter/nbformat"
)

const exampleNotebook = `{
 "cells": [
  {"cell_type": "markdown", "id": "a", "metadata": {}, "source": ["# Spread\n", "IWM minus QQQ, daily."]},
  {"cell_type": "code", "execution_count": 1, "id": "b", "metadata": {}, "source": ["fmt.Println(0.0579)"],
   "outputs": [{"name": "stdout", "output_type": "stream", "text": ["0.0579\n"]}]},
  {"cell_type": "code", "execution_count": 2, "id": "c", "metadata": {"tags": ["remove-input"]}, "source": ["setup()"], "outputs": []}
 ],
 "metadata": {"kernelspec": {"display_name": "Go (gonb)", "language": "go", "name": "gonb"}},
 "nbformat": 4, "nbformat_minor": 5
}`

// Markdown writes a notebook as a Markdown page (images, if any, come back
// as files to write beside it); HTML writes a standalone page. Both honour
// the remove-input, remove-output, remove-cell and hide-input tags.
func ExampleMarkdown() {
	nb, err := nbformat.Parse([]byte(exampleNotebook), "spread.ipynb")
	if err != nil {
		log.Fatal(err)
	}
	md, files, err := export.Markdown(nb, export.Options{Name: "spread.ipynb"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s", md)
	fmt.Println(len(files), "image files")

	page, err := export.HTML(nb, export.Options{Name: "spread.ipynb"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(bytes.HasPrefix(page, []byte("<!DOCTYPE html>")), bytes.Contains(page, []byte("<title>Spread</title>")),
		bytes.Contains(page, []byte("setup()")))
	// Output:
	// # Spread
	// IWM minus QQQ, daily.
	//
	// ```go
	// fmt.Println(0.0579)
	// ```
	//
	// ```text
	// 0.0579
	// ```
	//
	// 0 image files
	// true true false
}

// Head writes the start of a page of one's own (nbrun's summary page uses
// it) with the same Content-Security-Policy as the notebooks' pages.
func ExampleHead() {
	page := export.Head("Sweep & summary", "body { margin: 0; }") + "<body>\n<p>…</p>\n</body>\n</html>\n"
	fmt.Print(page[:strings.Index(page, "<body>")])
	// Output:
	// <!DOCTYPE html>
	// <html lang="en">
	// <head>
	// <meta charset="utf-8">
	// <meta name="viewport" content="width=device-width, initial-scale=1">
	// <meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; base-uri 'none'; form-action 'none'">
	// <link rel="icon" href="data:,">
	// <title>Sweep &amp; summary</title>
	// <style>body { margin: 0; }</style>
	// </head>
}

func ExampleHref() {
	fmt.Println(export.Href("03-events-threshold=0.04.html"))
	fmt.Println(export.Href("runs/a #1?.html"))
	fmt.Println(export.Href("a:b.html"))
	// Output:
	// 03-events-threshold=0.04.html
	// runs/a%20%231%3F.html
	// ./a:b.html
}
