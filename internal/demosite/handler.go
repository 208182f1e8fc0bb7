// Package demosite serves zhwatch's offline demo site the way a plain news
// server would: fixed content types by extension (HTML without a charset
// parameter, so the page's own meta tag decides), a fixed Last-Modified, no
// directory listings, and 404 for everything it does not know.
package demosite

import (
	"bytes"
	"errors"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
)

// LastModified returns the modification time every file is served with, so
// that conditional requests behave the same on every checkout.
func LastModified() time.Time {
	return time.Date(2025, time.September, 3, 8, 0, 0, 0, time.UTC)
}

// contentTypes maps the extensions the site serves to their Content-Type.
// Any other extension is not found.
var contentTypes = map[string]string{
	".html": "text/html",
	".xml":  "application/rss+xml; charset=utf-8",
	".txt":  "text/plain; charset=utf-8",
	".pdf":  "application/pdf",
}

// Handler serves the files of root. A path ending in "/" serves that
// folder's index.html.
func Handler(root fs.FS) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		name, ok := fileName(r.URL.Path)
		if !ok {
			http.NotFound(w, r)
			return
		}
		contentType, known := contentTypes[path.Ext(name)]
		if !known {
			http.NotFound(w, r)
			return
		}
		body, err := fs.ReadFile(root, name)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrInvalid) || isDir(root, name) {
				http.NotFound(w, r)
				return
			}
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", contentType)
		http.ServeContent(w, r, name, LastModified(), bytes.NewReader(body))
	})
}

// fileName turns a URL path into a name inside the site's fs.FS.
func fileName(urlPath string) (string, bool) {
	if !strings.HasPrefix(urlPath, "/") {
		return "", false
	}
	if strings.HasSuffix(urlPath, "/") {
		urlPath += "index.html"
	}
	name := strings.TrimPrefix(urlPath, "/")
	if !fs.ValidPath(name) {
		return "", false
	}
	return name, true
}

func isDir(root fs.FS, name string) bool {
	info, err := fs.Stat(root, name)
	return err == nil && info.IsDir()
}
