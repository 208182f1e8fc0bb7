package zh

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"
)

// Expected outputs are OpenCC's own t2s test cases (test/testcases of OpenCC
// 1.1.6 and of its current head, where the two agree with the tables we ship).
func TestToSimplifiedPhraseLevel(t *testing.T) {
	tests := []struct{ in, want string }{
		{"曾經有一份真誠的愛情放在我面前，我沒有珍惜，等我失去的時候我才後悔莫及。", "曾经有一份真诚的爱情放在我面前，我没有珍惜，等我失去的时候我才后悔莫及。"},
		{"二噁英", "二𫫇英"}, // 3-byte 噁 becomes 4-byte 𫫇
		{"葡萄乾 凍乾貓糧", "葡萄干 冻干猫粮"},
		{"這週複習 週線圖 這周圍 那周邊", "这周复习 周线图 这周围 那周边"},
		{"幾週之後 茶几周圍", "几周之后 茶几周围"},
		{"剛構式橋樑 梁惠王 穀梁傳", "刚构式桥梁 梁惠王 谷梁传"},
		{"賽後復盤 覆盤難照", "赛后复盘 覆盘难照"},
		{"演算法", "演算法"}, // t2s converts characters, not Taiwan vocabulary
		{"輝達", "辉达"},
		{"美國商務部將英偉達A800、H800列入出口管制", "美国商务部将英伟达A800、H800列入出口管制"},
		{"already 简体 text", "already 简体 text"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := ToSimplified(tt.in); got != tt.want {
			t.Errorf("ToSimplified(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestToSimplifiedProtectedTerms(t *testing.T) {
	tests := []struct{ in, want string }{
		{"華為昇騰910B", "华为昇腾910B"},
		{"华为昇腾910B", "华为昇腾910B"}, // simplified input is not turned into 升腾
		{"昇思MindSpore", "昇思MindSpore"},
		{"顯示面板", "显示面板"},
		{"昇華", "升华"}, // only the listed names are protected
	}
	for _, tt := range tests {
		if got := ToSimplified(tt.in); got != tt.want {
			t.Errorf("ToSimplified(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestToSimplifiedKeepsInvalidUTF8(t *testing.T) {
	in := "國\xff\xfe家\xe5"
	if got, want := ToSimplified(in), "国\xff\xfe家\xe5"; got != want {
		t.Errorf("ToSimplified(%q) = %q, want %q", in, got, want)
	}
}

// The converter reimplements longbridgeapp/opencc's matching loop (to report
// spans and to run faster); apart from protected terms it must agree with it.
func TestToSimplifiedAgreesWithLibrary(t *testing.T) {
	cc, err := opencc.New("t2s")
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{
		"美國商務部週二宣布，將限制英偉達A800、H800等晶片對華出口；國務院發布《關於深入實施「人工智能+」行動的意見》。",
		"臺灣積體電路製造公司與輝達、超微半導體簽署長期供貨協議，涉及高頻寬記憶體。",
	}
	if b, err := os.ReadFile(seedPath); err == nil {
		texts = append(texts, strings.Split(string(b), "\n")...)
	}
	for _, text := range texts {
		want, err := cc.Convert(text)
		if err != nil {
			t.Fatal(err)
		}
		if got := ToSimplified(text); got != want {
			t.Errorf("ToSimplified(%q)\n = %q\nlibrary %q", text, got, want)
		}
	}
}

func TestSimplifyKeepLen(t *testing.T) {
	tests := []struct{ in, want string }{
		{"美國商務部將英偉達列入清單", "美国商务部将英伟达列入清单"},
		{"二噁英", "二噁英"},                       // 噁 → 𫫇 would add a byte: kept
		{"國𠀋國", "国𠀋国"},                       // 4-byte character among converted ones
		{"華為昇騰", "华为昇腾"},                     // protected term
		{"國\xff家\xe5\x9c", "国\xff家\xe5\x9c"}, // invalid and truncated UTF-8 kept
		{"ＡＢＣ國", "ＡＢＣ国"},                     // no width folding here: lengths would change
		{"", ""},
	}
	for _, tt := range tests {
		got := SimplifyKeepLen([]byte(tt.in))
		if string(got) != tt.want {
			t.Errorf("SimplifyKeepLen(%q) = %q, want %q", tt.in, got, tt.want)
		}
		checkSameShape(t, []byte(tt.in), got)
	}
}

// The byte length and every rune boundary of the seed article must survive.
func TestSimplifyKeepLenSeedShape(t *testing.T) {
	b, err := os.ReadFile(seedPath)
	if err != nil {
		t.Skipf("seed article not available: %v", err)
	}
	got := SimplifyKeepLen(b)
	checkSameShape(t, b, got)
	if bytes.Equal(got, b) || DetectScript(string(got)) != ScriptSimplified {
		t.Errorf("seed article not simplified: script %q", DetectScript(string(got)))
	}
}

func checkSameShape(t *testing.T, in, out []byte) {
	t.Helper()
	if len(in) != len(out) {
		t.Fatalf("length %d, want %d", len(out), len(in))
	}
	for i := 0; i < len(in); {
		r, n := utf8.DecodeRune(in[i:])
		r2, n2 := utf8.DecodeRune(out[i:])
		if n != n2 || (r == utf8.RuneError) != (r2 == utf8.RuneError) {
			t.Fatalf("rune boundary moved at byte %d: %q (%d bytes) became %q (%d bytes)", i, in[i:i+n], n, out[i:i+n2], n2)
		}
		i += n
	}
}

func FuzzSimplifyKeepLen(f *testing.F) {
	for _, s := range []string{"美國商務部", "二噁英", "國\xff家", "華為昇騰", "𠀋𫫇"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		checkSameShape(t, in, SimplifyKeepLen(in))
	})
}
