package entity

import (
	"html"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/zhwatch/zhwatch"
)

// seedText is the text of the demo site's traditional-script export-control
// commentary, which carries the text of shared/seed/article-export-controls.txt.
func seedText(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../demo/site/2025/09/03/c_1130098765.html")
	if err != nil {
		t.Fatal(err)
	}
	body := regexp.MustCompile(`(?s)<(script|style)\b.*?</(script|style)>`).ReplaceAllString(string(b), "")
	return html.UnescapeString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(body, "\n"))
}

func find(tags []zhwatch.Tag, text, typ string) (zhwatch.Tag, bool) {
	for _, tg := range tags {
		if tg.Text == text && tg.Type == typ {
			return tg, true
		}
	}
	return zhwatch.Tag{}, false
}

// The entities issue 4 asks for in the seed article, with their types.
func TestTagSeedArticle(t *testing.T) {
	c := catalog(t)
	for _, src := range []struct{ name, text string }{
		{"demo page", seedText(t)},
		{"shared seed", sharedSeed(t)},
	} {
		if src.text == "" {
			continue
		}
		tags := c.Tag(src.text)
		checkTagOffsets(t, src.text, tags)
		want := []struct{ text, typ, id string }{
			{"英偉達", TypeCompany, "company:nvidia"},
			{"A800", TypeChip, "chip:a800"},
			{"H800", TypeChip, "chip:h800"},
			{"亞馬遜", TypeCompany, "company:amazon"},
			{"微軟", TypeCompany, "company:microsoft"},
			{"谷歌", TypeCompany, "company:google"},
			{"英特爾", TypeCompany, "company:intel"},
			{"高通", TypeCompany, "company:qualcomm"},
			{"美國商務部", TypeGovernment, "gov:us-doc"},
			{"未經驗證清單", TypeList, "list:unverified-list"},
			{"國務院", TypeGovernment, "gov:cn-state-council"},
			{"國發〔2025〕11號", TypeDocument, "doc:国发〔2025〕11号"},
			{"美國半導體行業協會", TypeOrganization, "org:sia"},
			{"402億美元", TypeMoney, "money:USD:40200000000"},
			{"37%", TypePercent, "percent:37"},
		}
		for _, w := range want {
			tg, ok := find(tags, w.text, w.typ)
			if !ok {
				t.Errorf("%s: no %s tag %q", src.name, w.typ, w.text)
				continue
			}
			if tg.ID != w.id {
				t.Errorf("%s: %q tagged %s, want %s", src.name, w.text, tg.ID, w.id)
			}
		}
	}
}

func sharedSeed(t *testing.T) string {
	b, err := os.ReadFile("../../../shared/seed/article-export-controls.txt")
	if err != nil {
		t.Logf("shared seed not read (%v); the demo page carries the same text", err)
		return ""
	}
	return string(b)
}

func TestOneIDInEveryScript(t *testing.T) {
	c := catalog(t)
	for _, name := range []string{"英偉達", "英伟达", "輝達", "NVIDIA", "Nvidia", "ＮＶＩＤＩＡ", "nvidia"} {
		tags := c.Tag("报道称" + name + "将推出新品")
		if len(tags) != 1 || tags[0].ID != "company:nvidia" || tags[0].Text != name {
			t.Errorf("%s: tags %+v, want one company:nvidia", name, tags)
		}
		if ids := c.Resolve(name); len(ids) != 1 || ids[0] != "company:nvidia" {
			t.Errorf("Resolve(%q) = %v", name, ids)
		}
	}
}

// Every name of every entry, alone and inside a sentence, comes out as exactly
// that entity.
func TestEveryCatalogNameTagsItsEntity(t *testing.T) {
	c := catalog(t)
	for _, e := range c.Entities("") {
		for _, name := range e.Names() {
			checkAlone(t, c, e, name, name)
			checkAlone(t, c, e, name, "据报道，"+name+"，周二")
		}
		for _, name := range e.Weak {
			if e.Type == TypeCompany {
				checkAlone(t, c, e, name+"股份", name+"股份") // the company form is part of the name
			} else {
				checkAlone(t, c, e, name, name+"股份")
			}
		}
	}
}

// checkAlone checks that exactly one tag covers name in text and that it is
// e; tags inside it may only be the chip's vendor (英伟达 in 英伟达L4).
func checkAlone(t *testing.T, c *Catalog, e Entity, name, text string) {
	t.Helper()
	start := utf8.RuneCountInString(text[:strings.Index(text, name)])
	end := start + utf8.RuneCountInString(name)
	var whole []zhwatch.Tag
	tags := c.Tag(text)
	if e.Type == TypeChip && len(tags) > 0 && tags[0].Type == TypeCompany && tags[0].Start == start {
		start = tags[len(tags)-1].Start // company + product: the product is the rest (英伟达 + A30)
		if !strings.HasSuffix(name, tags[len(tags)-1].Text) {
			t.Errorf("%s name %q: split as %+v", e.ID, name, tags)
		}
		name = tags[len(tags)-1].Text
	}
	for _, tg := range tags {
		switch {
		case tg.Start == start && tg.End == end:
			whole = append(whole, tg)
		case tg.Start >= start && tg.End <= end && e.Type == TypeChip && tg.Type == TypeCompany:
		case tg.End <= start || tg.Start >= end:
		default:
			t.Errorf("%s name %q in %q: stray tag %+v", e.ID, name, text, tg)
		}
	}
	if len(whole) != 1 || whole[0].ID != e.ID || whole[0].Text != name {
		t.Errorf("%s name %q in %q: tags over it %+v", e.ID, name, text, whole)
	}
}

func TestLatinBoundaries(t *testing.T) {
	c := catalog(t)
	tests := []struct {
		text string
		ids  []string
	}{
		{"AMD发布新品", []string{"company:amd"}},
		{"AMDX发布新品", nil},
		{"xAMD", nil},
		{"H200与H20不同", []string{"chip:h200", "chip:h20"}},
		{"H20E芯片", []string{"chip:h20e"}},                   // a model next to a chip word, which is no entity
		{"A800和A800X", []string{"chip:a800", "chip:a800x"}}, // A800X by pattern, not A800
		{"昇腾910B和910C", []string{"chip:ascend-910b", "chip:ascend-910c"}},
		{"the ear and the eye", nil}, // EAR only in capitals
		{"违反EAR规定", []string{"doc:us-ear"}},
		{"OpenAI的AI模型", []string{"company:openai", "tech:ai"}},
		{"英伟达L4与NVIDIA A30", []string{"company:nvidia", "chip:l4", "company:nvidia", "chip:a30"}},
	}
	for _, tt := range tests {
		var ids []string
		for _, tg := range c.Tag(tt.text) {
			ids = append(ids, tg.ID)
		}
		if strings.Join(ids, " ") != strings.Join(tt.ids, " ") {
			t.Errorf("Tag(%q) ids = %v, want %v", tt.text, ids, tt.ids)
		}
	}
	// AMD is an exact-case name: lower-case amd is not the company.
	if tags := c.Tag("amd"); len(tags) != 0 {
		t.Errorf("Tag(amd) = %+v, want none", tags)
	}
	if tags := c.Tag("ＡＭＤ"); len(tags) != 1 || tags[0].ID != "company:amd" || tags[0].Text != "ＡＭＤ" {
		t.Errorf("Tag(ＡＭＤ) = %+v, want company:amd", tags)
	}
}

func TestWeakNames(t *testing.T) {
	c := catalog(t)
	tests := []struct {
		text string
		ids  []string
	}{
		{"浪潮滚滚", nil},
		{"浪潮集团发布服务器", []string{"company:inspur"}},
		{"浪潮信息称，浪潮将扩产", []string{"company:inspur", "company:inspur"}},
		{"他吃了一个苹果", nil},
		{"苹果公司", []string{"company:apple"}},
	}
	for _, tt := range tests {
		var ids []string
		for _, tg := range c.Tag(tt.text) {
			ids = append(ids, tg.ID)
		}
		if strings.Join(ids, " ") != strings.Join(tt.ids, " ") {
			t.Errorf("Tag(%q) ids = %v, want %v", tt.text, ids, tt.ids)
		}
	}
}

func TestPatterns(t *testing.T) {
	c := catalog(t)
	tests := []struct {
		text, surface, id string
	}{
		{"金额约为402亿美元", "402億美元", "money:USD:40200000000"},
		{"采购额达1800亿美元", "1800亿美元", "money:USD:180000000000"},
		{"融资1.5亿元", "1.5亿元", "money:CNY:150000000"},
		{"投资人民币1800亿元", "人民币1800亿元", "money:CNY:180000000000"},
		{"补贴3,000万欧元", "3,000万欧元", "money:EUR:30000000"},
		{"a $40 billion deal", "$40 billion", "money:USD:40000000000"},
		{"营收2000多亿元", "2000多亿元", "money:CNY:200000000000"},
		{"占比37%", "37%", "percent:37"},
		{"增长１２．５％", "１２．５％", "percent:12.5"},
		{"约20%—25%的收入", "20%—25%", "percent:20-25"},
		{"成本上升15-20%", "15-20%", "percent:15-20"},
		{"市占约五成", "五成", "percent:50"},
		{"良率達九成半", "九成半", "percent:95"},
		{"市占逾五成", "五成", "percent:50"},
		{"營收六十九億美元", "六十九億美元", "money:USD:6900000000"},
		{"补贴三千万元", "三千万元", "money:CNY:30000000"},
		{"淨利 55 億美元", "55 億美元", "money:USD:5500000000"},
		{"净利5.67亿元", "5.67亿元", "money:CNY:567000000"},
		{"百分之30的份额", "百分之30", "percent:30"},
		{"商务部公告2024年第51号", "商务部公告2024年第51号", "doc:商务部公告2024年第51号"},
		{"依據國辦發[2024]7號文件", "國辦發[2024]7號", "doc:国办发〔2024〕7号"},
		{"英伟达新款B30X芯片", "B30X", "chip:b30x"},
	}
	for _, tt := range tests {
		text := strings.Replace(tt.text, "402亿", "402億", 1)
		if tt.surface == "402億美元" {
			text = "金额约为402億美元"
		}
		tags := c.Tag(text)
		found := false
		for _, tg := range tags {
			if tg.Text == tt.surface {
				found = true
				if tg.ID != tt.id {
					t.Errorf("Tag(%q): %q has id %s, want %s", text, tt.surface, tg.ID, tt.id)
				}
			}
		}
		if !found {
			t.Errorf("Tag(%q) = %+v: no tag %q", text, tags, tt.surface)
		}
	}
	// Numbers without a unit, and model shapes without chip context, are not tagged.
	for _, text := range []string{"共有167名投资者", "2023年", "车牌B30X", "12%"[:2], "一成不变", "十一成员国", "数十亿美元"} {
		for _, tg := range c.Tag(text) {
			t.Errorf("Tag(%q) has %+v", text, tg)
		}
	}
}

func TestResolve(t *testing.T) {
	c := catalog(t)
	tests := []struct {
		q   string
		ids []string
	}{
		{"輝達", []string{"company:nvidia"}},
		{" 实体清单 ", []string{"list:entity-list"}},
		{"chip:h20", []string{"chip:h20"}},
		{"國發〔2025〕11號", []string{"doc:国发〔2025〕11号"}},
		{"浪潮", []string{"company:inspur"}},
		{"no such thing", nil},
		{"", nil},
	}
	for _, tt := range tests {
		if got := c.Resolve(tt.q); strings.Join(got, " ") != strings.Join(tt.ids, " ") {
			t.Errorf("Resolve(%q) = %v, want %v", tt.q, got, tt.ids)
		}
	}
	if e, ok := c.Entity("company:nvidia"); !ok || e.Type != TypeCompany || len(e.Hant) == 0 {
		t.Errorf("Entity(company:nvidia) = %+v, %v", e, ok)
	}
	if _, ok := c.Entity("company:nope"); ok {
		t.Error("Entity(company:nope) found")
	}
}

func TestTagConcurrent(t *testing.T) {
	c := catalog(t)
	text := seedText(t)
	want := c.Tag(text)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got := c.Tag(text)
			if len(got) != len(want) {
				t.Errorf("concurrent Tag: %d tags, want %d", len(got), len(want))
			}
		}()
	}
	wg.Wait()
}

func checkTagOffsets(t *testing.T, text string, tags []zhwatch.Tag) {
	t.Helper()
	runes := []rune(text)
	for _, tg := range tags {
		if tg.Start < 0 || tg.End > len(runes) || tg.Start >= tg.End || string(runes[tg.Start:tg.End]) != tg.Text {
			t.Errorf("tag %+v does not match the text at its offsets", tg)
		}
	}
}

func FuzzTag(f *testing.F) {
	c, err := Load(dictDir)
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"英偉達A800與402億美元，37%", "國發〔2025〕11號", "$1.5 billion", "二噁英AMD\xff", "百分之", "1,", "人民币"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tags := c.Tag(s)
		if utf8.ValidString(s) {
			checkTagOffsets(t, s, tags)
		}
		c.Resolve(s)
	})
}
