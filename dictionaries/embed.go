// Package dictionaries carries the text layer's data files inside the
// binaries, so that a command finds the entity catalog whatever its working
// directory. The files themselves are described in README.md.
package dictionaries

import "embed"

// FS holds entities.yaml, terms.dict.utf8 and user.dict.utf8 as built.
//
//go:embed entities.yaml terms.dict.utf8 user.dict.utf8
var FS embed.FS
