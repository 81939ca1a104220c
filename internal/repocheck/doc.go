// Package repocheck holds tests of the repository's own files rather than
// of a package: that every package, test and benchmark the Makefile names
// exists, so a target is not broken silently when a package moves.
package repocheck
