package kernel

// SetPortPicker replaces the function that picks a kernel's ports until
// the returned function restores it.
func SetPortPicker(f func(n int) ([]int, error)) (restore func()) {
	old := pickPorts
	pickPorts = f
	return func() { pickPorts = old }
}

// FreePorts is freePorts.
var FreePorts = freePorts

// ErrPortConflict is errPortConflict.
var ErrPortConflict = errPortConflict
