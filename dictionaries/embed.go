// Package dictionaries carries the text layer's data files inside the
// binaries, so that every command reads the same copy whatever its working
// directory: the entity catalog, zhwatch's jieba user dictionary, and jieba's
// own main dictionary and HMM model (copied from gojieba, see README.md).
// The files themselves are described in README.md.
package dictionaries

import "embed"

// FS holds entities.yaml, terms.dict.utf8 and user.dict.utf8 as built, and
// jieba's own files under jieba/.
//
//go:embed entities.yaml terms.dict.utf8 user.dict.utf8 jieba/*.utf8 jieba/*.gz
var FS embed.FS
