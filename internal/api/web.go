package api

import (
	"embed"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed web
var webFiles embed.FS

// pagePaths are the web page's addresses: the search (its query in the
// URL's parameters), an article and an entity. The page reads which from
// location.pathname, so each can be shared and reloaded.
var pagePaths = []string{"/{$}", "/articles/{id}", "/entities/{id}"}

// webPage serves the search page at each of pagePaths.
func webPage() http.Handler {
	return serveFile("web/index.html")
}

// webAssets serves the page's script and style under /static/. Only the
// files in web/ exist; every other name is a 404.
func webAssets() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/static/")
		if name == "" || strings.ContainsAny(name, "/\\") || name == "index.html" {
			http.NotFound(w, r)
			return
		}
		serveFile("web/"+name).ServeHTTP(w, r)
	})
}

func serveFile(name string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := webFiles.ReadFile(name)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		ct := mime.TypeByExtension(path.Ext(name))
		if ct == "" {
			ct = "application/octet-stream"
		}
		// No other origins, no inline script.
		w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Content-Type", ct)
		w.Write(b)
	})
}
