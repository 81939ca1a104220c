package nbformat_test

import (
	"fmt"

	"github.com/rotationlab/rotation/jupyter/nbformat"
)

func ExampleMarshal() {
	n := 1
	nb := &nbformat.Notebook{Format: 4, Minor: 5, Metadata: map[string]any{}, Cells: []*nbformat.Cell{{
		Type: nbformat.Code, Source: "print('héllo')\n", ExecutionCount: &n,
		Outputs: []nbformat.Output{{Type: nbformat.Stream, Name: nbformat.Stdout, Text: "héllo\n"}},
	}}}
	b, err := nbformat.Marshal(nb)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(string(b))
	// Output:
	// {
	//  "cells": [
	//   {
	//    "cell_type": "code",
	//    "execution_count": 1,
	//    "id": "b27f2961",
	//    "metadata": {},
	//    "outputs": [
	//     {
	//      "name": "stdout",
	//      "output_type": "stream",
	//      "text": [
	//       "héllo\n"
	//      ]
	//     }
	//    ],
	//    "source": [
	//     "print('héllo')\n"
	//    ]
	//   }
	//  ],
	//  "metadata": {},
	//  "nbformat": 4,
	//  "nbformat_minor": 5
	// }
}
