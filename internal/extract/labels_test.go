package extract

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// labelPattern is the regexp findLabels stands in for: the oracle.
var labelPattern = regexp.MustCompile(`(` + strings.Join(creditLabels, "|") + `)\s*([:：|｜/丨]?)\s*`)

func sameAsRegexp(t *testing.T, ln string) {
	t.Helper()
	want := labelPattern.FindAllStringSubmatchIndex(ln, -1)
	got := findLabels(ln)
	if len(want) == 0 && len(got) == 0 {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("findLabels(%q)\n got %v\nwant %v", ln, got, want)
	}
}

func TestFindLabelsMatchesRegexp(t *testing.T) {
	for _, ln := range []string{
		"", "文", "作者丨孙文杰", "Author: Li Ming | Source: Xinhua", "责任编辑：王小明", "（责任编辑:王小明 ）", "来源 ： 新华社 | 作者  张三", "编辑/李四 校对｜赵五",
		"图片编辑：甲 图片：乙", "发布时间：2025-08-26 10:30 来源：人民网", "記者\t\t林思遠／台北報導", "文 \x0b/ 某",
		"本文来源于网络", "来源于来源", "\xff记者\xfe：", "作者:", "来源：\r\n新华网",
	} {
		sameAsRegexp(t, ln)
	}
	// Every line of every page in testdata and the demo site.
	roots := []string{"testdata", filepath.Join("..", "..", "demo", "site")}
	for _, root := range roots {
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			text, _, _ := Decode(b, "")
			for _, ln := range strings.Split(text, "\n") {
				sameAsRegexp(t, ln)
			}
			return nil
		})
	}
}

func FuzzFindLabels(f *testing.F) {
	f.Add("责任编辑：王小明 来源 | 新华社")
	f.Add("记者 /  张三\t作者：")
	f.Fuzz(func(t *testing.T, ln string) { sameAsRegexp(t, ln) })
}
