package kernel

// SetPortPicker makes l pick a kernel's ports with f.
func (l *Launcher) SetPortPicker(f func(n int) ([]int, error)) { l.pick = f }

// FreePorts is l.freePorts.
func (l *Launcher) FreePorts(n int) ([]int, error) { return l.freePorts(n) }

// ErrPortConflict is errPortConflict.
var ErrPortConflict = errPortConflict

// Descendants is descendants: the live descendants of pid.
func Descendants(pid int) []int { return descendants(pid) }
