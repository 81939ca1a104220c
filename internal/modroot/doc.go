// Package modroot finds the root of the Go module a directory sits in: the
// nearest directory at or above it that holds go.mod. The study (a
// notebook's data directory is taken from its checkout), the runner's cache
// (a notebook's Go inputs) and the tests' fixtures all ask it, so the walk
// is written once.
//
//	root, ok := modroot.Find("/src/rotation/notebooks") // "/src/rotation", true
//
// The walk only looks at names: it neither makes dir absolute nor follows
// anything but the path's own parents.
package modroot
