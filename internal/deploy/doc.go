// Package deploy holds no code: its tests check zhwatch the way it is
// shipped — the built binaries run from any directory with only a config,
// and the Dockerfile's build stage has every file the build needs.
package deploy
