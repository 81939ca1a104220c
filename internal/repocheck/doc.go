// Package repocheck holds tests of the repository as a whole rather than
// of one package: that every package, test, benchmark and script the
// Makefile names exists, so a target is not broken silently when a package
// moves, and that the imports run one way: between the study and the
// runner, and from both into internal/, which imports neither.
package repocheck
