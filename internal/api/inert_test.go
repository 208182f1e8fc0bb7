package api

import (
	"context"
	"encoding/json"
	"io"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/dictionaries"
	"github.com/zhwatch/zhwatch/internal/extract"
	"github.com/zhwatch/zhwatch/internal/hostile"
	"github.com/zhwatch/zhwatch/internal/index"
	"github.com/zhwatch/zhwatch/internal/zh"
)

// TestHostileArticleInAPI: the hostile page, extracted and indexed, comes
// out of the API (which the web page renders) with no control character
// and no script: the snippet, the one field the page inserts as HTML, has
// no tag but <mark>.
func TestHostileArticleInAPI(t *testing.T) {
	a, err := extract.New().Extract(hostile.Page())
	if err != nil {
		t.Fatal(err)
	}
	a.ID, a.Seq = zhwatch.ArticleID(a.URL), 4
	st := testStore()
	st.articles = append(st.articles, a)
	segOnce.Do(func() {
		jdir, err := dictionaries.OnDisk()
		if segErr = err; err == nil {
			segErr = zh.Load(jdir, filepath.Join("..", "..", "dictionaries"))
		}
	})
	if segErr != nil {
		t.Fatal(segErr)
	}
	seg, err := zh.Shared()
	if err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(filepath.Join(t.TempDir(), "index"), seg, index.Options{Texts: st})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := index.Sync(context.Background(), ix, st, nil); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(New(Config{Index: ix, Store: st, Catalog: catalog{}}))
	defer srv.Close()

	for _, path := range []string{"/api/v1/search?q=" + "%E5%87%BA%E5%8F%A3%E7%AE%A1%E5%88%B6", "/api/v1/articles/" + a.ID} {
		res, err := srv.Client().Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		hostile.NoScriptTag(t, path+" raw answer", string(body))
		var v any
		if err := json.Unmarshal(body, &v); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		strs := 0
		walkStrings(v, "", func(key, s string) {
			strs++
			hostile.NoControls(t, path+" "+key, s, false)
			if key == "snippet" {
				rest := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(s)
				if strings.Contains(rest, "<") {
					t.Errorf("%s: snippet holds a tag other than <mark>: %q", path, s)
				}
			}
		})
		if !strings.Contains(string(body), "出口管制") {
			t.Errorf("%s: the hostile article is not in the answer: %.300s", path, body)
		}
	}
}

func walkStrings(v any, key string, f func(key, s string)) {
	switch x := v.(type) {
	case string:
		f(key, x)
	case []any:
		for _, e := range x {
			walkStrings(e, key, f)
		}
	case map[string]any:
		for k, e := range x {
			walkStrings(e, k, f)
		}
	}
}
