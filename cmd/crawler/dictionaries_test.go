package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// --dictionaries replaces the built-in catalog: the override's entity is
// tagged and the built-in ones are not.
func TestDictionariesOverride(t *testing.T) {
	dir := t.TempDir()
	catalog := "- id: company:acme\n  type: company\n  hans: [阿克米公司]\n"
	for name, body := range map[string]string{"entities.yaml": catalog, "user.dict.utf8": "阿克米公司 20000 nt\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	page := filepath.Join(t.TempDir(), "p.html")
	html := `<html><head><meta charset="utf-8"><title>阿克米公司与英伟达签约</title></head><body><article>
<h1>阿克米公司与英伟达签约</h1><p>阿克米公司今天宣布与英伟达签署合作协议，双方将在人工智能芯片领域展开合作，这是一段足够长的正文，用来让抽取器把它当作文章。</p>
<p>阿克米公司表示，合作将覆盖数据中心与大模型训练。</p></article></body></html>`
	if err := os.WriteFile(page, []byte(html), 0o644); err != nil {
		t.Fatal(err)
	}
	entities := func(args ...string) string {
		t.Helper()
		var out, errOut bytes.Buffer
		if err := run(context.Background(), append([]string{"extract"}, append(args, page)...), &out, &errOut); err != nil {
			t.Fatalf("extract %v: %v %s", args, err, errOut.String())
		}
		var a struct{ Tags []struct{ ID string } }
		if err := json.Unmarshal(out.Bytes(), &a); err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, tg := range a.Tags {
			ids = append(ids, tg.ID)
		}
		return strings.Join(ids, " ")
	}
	if got := entities(); !strings.Contains(got, "company:nvidia") || strings.Contains(got, "company:acme") {
		t.Errorf("built-in catalog: tags %q", got)
	}
	if got := entities("--dictionaries", dir); !strings.Contains(got, "company:acme") || strings.Contains(got, "company:nvidia") {
		t.Errorf("--dictionaries %s: tags %q, want company:acme only", dir, got)
	}
}
