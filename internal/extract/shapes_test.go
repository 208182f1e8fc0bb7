package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhwatch/zhwatch"
)

// shapeMinF1 is the body F1 every page shape must reach, with its class and
// id attributes and without them.
const shapeMinF1 = 0.9

// TestExtractPageShapes is the generalisation set of the body finder: one
// page per shape the crawler meets (Discuz!, phpBB, vBulletin, 贴吧 and 天涯
// threads, WordPress, 新浪, 博客园 and CSDN blogs with their comments, a
// 专栏 article, news and portal pages with comment boxes, breadcrumbs and
// headline sidebars), written from the markup of that software, each with
// its expected body in NAME.txt. Every page is extracted as it is and with
// every class and id removed, so no rule may rest on a name.
func TestExtractPageShapes(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "shapes", "*.html"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no page shapes: %v", err)
	}
	ex := New()
	for _, name := range files {
		want, err := os.ReadFile(strings.TrimSuffix(name, ".html") + ".txt")
		if err != nil {
			t.Fatal(err)
		}
		page, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		base := filepath.Base(name)
		for _, v := range []struct {
			label string
			body  []byte
		}{{"classes", page}, {"no classes", classIDAttr.ReplaceAll(page, nil)}} {
			a, err := ex.Extract(zhwatch.Page{URL: "http://www.example.cn/" + base, Body: v.body})
			if err != nil {
				t.Fatalf("%s: %v", base, err)
			}
			f1 := charF1(string(want), a.Body)
			t.Logf("%-22s %-10s body F1 %.3f", base, v.label, f1)
			if f1 < shapeMinF1 {
				t.Errorf("%s (%s): body F1 %.3f, want at least %.2f; got:\n%s", base, v.label, f1, shapeMinF1, a.Body)
			}
		}
	}
}
