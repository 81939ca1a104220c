package nbformat

// Clone returns a deep copy of nb: changing the copy's cells, outputs or
// metadata, at any depth, leaves nb as it was. A runner keeps the notebook
// as read beside the one it executes, to compare their outputs.
func (nb *Notebook) Clone() *Notebook {
	c := &Notebook{Format: nb.Format, Minor: nb.Minor, Metadata: cloneMap(nb.Metadata), Extra: cloneMap(nb.Extra)}
	if nb.Cells != nil {
		c.Cells = make([]*Cell, len(nb.Cells))
		for i, cell := range nb.Cells {
			c.Cells[i] = cell.clone()
		}
	}
	return c
}

func (c *Cell) clone() *Cell {
	out := &Cell{ID: c.ID, Type: c.Type, Source: c.Source, Metadata: cloneMap(c.Metadata), Extra: cloneMap(c.Extra)}
	if c.ExecutionCount != nil {
		n := *c.ExecutionCount
		out.ExecutionCount = &n
	}
	if c.Outputs != nil {
		out.Outputs = make([]Output, len(c.Outputs))
		for i, o := range c.Outputs {
			if o.Data != nil {
				o.Data = MimeBundle(cloneMap(o.Data))
			}
			o.Metadata = cloneMap(o.Metadata)
			o.Extra = cloneMap(o.Extra)
			if o.ExecutionCount != nil {
				n := *o.ExecutionCount
				o.ExecutionCount = &n
			}
			if o.Traceback != nil {
				o.Traceback = append(make([]string, 0, len(o.Traceback)), o.Traceback...)
			}
			out.Outputs[i] = o
		}
	}
	return out
}

// cloneMap copies a map of JSON values (maps, slices and scalars) deeply;
// nil stays nil.
func cloneMap(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = cloneValue(v)
	}
	return out
}

func cloneValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		return cloneMap(x)
	case MimeBundle:
		return MimeBundle(cloneMap(x))
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = cloneValue(e)
		}
		return out
	case []string:
		return append([]string(nil), x...)
	}
	return v
}
