// Package demo holds zhwatch's offline demo site, embedded so that tests and
// commands can serve it without knowing where the repository is checked out.
package demo

import (
	"embed"
	"io/fs"
)

//go:generate go run ./encodepages

//go:embed site
var siteFiles embed.FS

//go:embed truth.json
var truthJSON []byte

// Site returns the demo site's files, rooted at the site folder (so
// "index.html", "robots.txt", "2025/08/26/c_1130012345.html").
func Site() fs.FS {
	site, err := fs.Sub(siteFiles, "site")
	if err != nil {
		// fs.Sub fails only on an invalid path, and "site" is a constant valid one.
		panic("demo: " + err.Error())
	}
	return site
}

// Truth returns demo/truth.json: the expected extraction result of every
// article page of the site, and the pages that must not become articles.
func Truth() []byte { return append([]byte(nil), truthJSON...) }
