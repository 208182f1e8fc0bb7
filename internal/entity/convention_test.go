package entity

import (
	"fmt"
	"strings"
	"testing"

	"github.com/zhwatch/zhwatch"
)

// tagSet renders tags as "text/type/id" for comparison.
func tagSet(tags []zhwatch.Tag) []string {
	out := make([]string, len(tags))
	for i, tg := range tags {
		out[i] = tg.Text + "/" + tg.Type + "/" + tg.ID
	}
	return out
}

func hasTag(tags []zhwatch.Tag, text, typ, id string) bool {
	for _, tg := range tags {
		if tg.Text == text && (typ == "" || tg.Type == typ) && (id == "" || tg.ID == id) {
			return true
		}
	}
	return false
}

// Generic words are never entities (ENTITIES.md 2 and 9), and 美国政府 is a
// place followed by a common word.
func TestNoGenericWords(t *testing.T) {
	c := catalog(t)
	text := "这家半导体公司的芯片与晶片需要算力、先进计算和数据中心；美国政府和中國政府都表态。"
	for _, tg := range c.Tag(text) {
		if tg.Type != TypePlace {
			t.Errorf("generic word tagged: %+v", tg)
		}
	}
	if got := tagSet(c.Tag("美国政府表示")); len(got) != 1 || got[0] != "美国/place/place:us" {
		t.Errorf("美国政府: %v, want the place only", got)
	}
}

// A country or region written onto a body's name is part of it, with the id
// of that country's body, for every shared name of every catalog entry and
// for names the catalog does not list whole (ENTITIES.md 1).
func TestCountryPrefixComposes(t *testing.T) {
	c := catalog(t)
	for _, e := range c.Entities(TypeGovernment) {
		place, ok := c.Entity("place:" + e.Country)
		if !ok || len(e.Shared) == 0 {
			continue
		}
		for _, prefix := range place.Names() {
			for _, name := range e.Shared {
				text := "据报道，" + prefix + name + "周二表示"
				want := prefix + name
				if got := c.Tag(text); !hasTag(got, want, TypeGovernment, e.ID) || hasTag(got, prefix, TypePlace, "") {
					t.Errorf("%q: %v, want one %s span %q", text, tagSet(got), e.ID, want)
				}
			}
		}
	}
	for _, tt := range []struct{ text, span, id string }{
		{"荷蘭經濟部周三宣布", "荷蘭經濟部", "gov:nl-economic-affairs"},
		{"大陸商務部隨即回應", "大陸商務部", "gov:cn-mofcom"},
		{"大陸工信部發文", "大陸工信部", "gov:cn-miit"},
		{"日本经济产业省宣布", "日本经济产业省", "gov:jp-meti"},
		{"中國國家網信辦約談", "中國國家網信辦", "gov:cn-cac"},
		{"美商务部发布新规", "美商务部", "gov:us-doc"},
		{"美国商务部工业与安全局发布", "美国商务部工业与安全局", "gov:us-bis"},
		{"美國商務部工業暨安全局發布", "美國商務部工業暨安全局", "gov:us-bis"},
		{"台灣經濟部國際貿易署公告", "台灣經濟部國際貿易署", "gov:tw-trade-administration"},
		{"依中國反壟斷法", "中國反壟斷法", "doc:cn-anti-monopoly-law"},
	} {
		got := c.Tag(tt.text)
		if !hasTag(got, tt.span, "", tt.id) || len(got) != 1 {
			t.Errorf("%q: %v, want only %s %q", tt.text, tagSet(got), tt.id, tt.span)
		}
	}
	// A body of another country is not joined: 韩国 + 国会 is Korea's.
	if got := c.Tag("韩国国会通过法案"); !hasTag(got, "韩国国会", TypeGovernment, "gov:kr-national-assembly") {
		t.Errorf("韩国国会: %v", tagSet(got))
	}
	if got := c.Tag("欧洲大陆的工厂"); len(got) != 1 || got[0].ID != "place:europe" {
		t.Errorf("欧洲大陆: %v", tagSet(got))
	}
	// Not a country prefix: 中美, 对美 and a date before 商务部.
	for _, text := range []string{"中美商务部门", "对美商务部长", "6日商务部表示"} {
		for _, tg := range c.Tag(text) {
			if strings.HasPrefix(tg.Text, "美商") || strings.HasPrefix(tg.Text, "日商") {
				t.Errorf("%q: %+v", text, tg)
			}
		}
	}
}

// The same surface takes the id of the body or list the context means
// (ENTITIES.md 4, 7), both ways round.
func TestSharedNamesByContext(t *testing.T) {
	c := catalog(t)
	for _, tt := range []struct{ text, name, id string }{
		{"美國商務部週一發布新規。商務部表示，新規即日生效。", "商務部", "gov:us-doc"},
		{"中国商务部周一发布公告。商务部表示，公告即日生效。", "商务部", "gov:cn-mofcom"},
		{"商务部新闻发言人答记者问。", "商务部", "gov:cn-mofcom"},
		{"美方宣布新的管制措施，中方坚决反对。商务部表示将采取必要措施。", "商务部", "gov:cn-mofcom"},
		{"美國國務院官員表示…國務院稍後發表聲明。", "國務院", "gov:us-state"},
		{"国务院印发意见。", "国务院", "gov:cn-state-council"},
		{"荷蘭經濟事務部接管該公司，經濟部稱此舉罕見。", "經濟部", "gov:nl-economic-affairs"},
		{"經濟部週日公告貿易管制。", "經濟部", "gov:tw-moea"},
		{"韩国产业通商资源部召开会议，外交部派员出席。", "外交部", "gov:kr-mofa"},
		{"外交部发言人表示。", "外交部", "gov:cn-mfa"},
		{"商务部发言人表示，中方注意到美方的有关做法。商务部将依法采取措施。", "商务部将", "gov:cn-mofcom"},
		{"商务部公告：将下列单位列入出口管制管控名单。本公告所列实体名单见附件。", "实体名单", "list:cn-export-control-list"},
		{"美国商务部将36家企业列入实体名单。", "实体名单", "list:entity-list"},
	} {
		got := c.Tag(tt.text)
		name, last := strings.CutSuffix(tt.name, "将") // 商务部将: the mention before 将, the last one
		if last {
			got = got[len(got)-1:]
		}
		if !hasTag(got, name, "", tt.id) {
			t.Errorf("%q: %v, want %s as %s", tt.text, tagSet(got), tt.name, tt.id)
		}
	}
}

// Company + product are two entities; the company form written onto a
// company's name stays in its span, a place inside a full name is not a
// place of its own (ENTITIES.md 1, 2).
func TestCompanyNames(t *testing.T) {
	c := catalog(t)
	for _, tt := range []struct {
		text string
		want []string
	}{
		{"輝達H200獲准出口", []string{"輝達/company/company:nvidia", "H200/chip/chip:h200"}},
		{"高通公司收购", []string{"高通公司/company/company:qualcomm"}},
		{"三星中国半导体有限公司获批", []string{"三星中国半导体有限公司/company/company:samsung"}},
		{"英特尔半导体(大连)有限公司", []string{"英特尔半导体(大连)有限公司/company/company:intel"}},
		{"阿里巴巴集團旗下", []string{"阿里巴巴集團/company/company:alibaba"}},
		{"supplier Lam Research Corporation said", []string{"Lam Research Corporation/company/company:lam-research"}},
		{"超微MI308晶片", []string{"超微/company/company:amd", "MI308/chip/chip:mi308"}},
	} {
		if got := tagSet(c.Tag(tt.text)); fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("%q: %v, want %v", tt.text, got, tt.want)
		}
	}
}

// Documents: 《》 titles of laws, rules and announcements with their marks,
// not book or newspaper titles; back references take the id of the title
// they refer to; every written form of an announcement number (ENTITIES.md 8).
func TestDocuments(t *testing.T) {
	c := catalog(t)
	text := "有关部门发布《关于加强某类物项出口管理的公告》（以下简称《公告》），" +
		"并援引《中华人民共和国出口管制法》。据《金融时报》报道，《公告》自即日起施行。"
	tags := c.Tag(text)
	var title zhwatch.Tag
	for _, tg := range tags {
		if tg.Text == "《关于加强某类物项出口管理的公告》" {
			title = tg
		}
		if strings.Contains(tg.Text, "金融时报") {
			t.Errorf("newspaper tagged: %+v", tg)
		}
	}
	if title.Type != TypeDocument {
		t.Fatalf("title not a document: %v", tagSet(tags))
	}
	refs := 0
	for _, tg := range tags {
		if tg.Text == "《公告》" {
			refs++
			if tg.ID != title.ID {
				t.Errorf("back reference %+v, want id %s", tg, title.ID)
			}
		}
	}
	if refs != 2 || !hasTag(tags, "《中华人民共和国出口管制法》", TypeDocument, "doc:cn-export-control-law") {
		t.Errorf("tags %v", tagSet(tags))
	}
	if got := c.Tag("《意见》指出"); len(got) != 0 {
		t.Errorf("a back reference to nothing: %v", tagSet(got))
	}
	// Forms of one number share an id; a title right after a number is that document.
	tags = c.Tag("商务部公告2025年第61号发布。第61号公告《对某物项实施出口管制的决定》（简称“61号公告”）与公告第 62 号同日生效；2026年第11号和第12号公告")
	for _, w := range []string{"商务部公告2025年第61号", "第61号公告", "《对某物项实施出口管制的决定》", "61号公告"} {
		if !hasTag(tags, w, TypeDocument, "doc:商务部公告2025年第61号") {
			t.Errorf("%s: not doc:商务部公告2025年第61号 in %v", w, tagSet(tags))
		}
	}
	if !hasTag(tags, "公告第 62 号", TypeDocument, "") || !hasTag(tags, "2026年第11号", TypeDocument, "") || !hasTag(tags, "第12号", TypeDocument, "") {
		t.Errorf("numbers missing: %v", tagSet(tags))
	}
	// Quotation marks are outside the span, nicknames come from the catalog.
	tags = c.Tag("依「反壟斷法」調查；1007规则与AC/S IFR")
	for _, w := range []string{"反壟斷法", "1007规则", "AC/S IFR"} {
		if !hasTag(tags, w, TypeDocument, "") {
			t.Errorf("%s: %v", w, tagSet(tags))
		}
	}
}

// A name that runs on into a common word is not the name (联合国家, 经济部门,
// 出口管制法规, 商务部长), and a ticker in parentheses is not a company.
func TestNamesInsideWords(t *testing.T) {
	c := catalog(t)
	for _, tt := range []struct {
		text string
		want []string
	}{
		{"网信办联合国家发展改革委", []string{"网信办/government/gov:cn-cac", "国家发展改革委/government/gov:cn-ndrc"}},
		{"台湾经济部门更新名单", []string{"台湾/place/place:tw"}},
		{"符合美国出口管制法规", []string{"美国/place/place:us"}},
		{"美國商務部長表示", []string{"美國/place/place:us"}},
		{"超微半導體（美：AMD）的晶片", []string{"超微半導體/company/company:amd"}},
	} {
		if got := tagSet(c.Tag(tt.text)); fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("%q: %v, want %v", tt.text, got, tt.want)
		}
	}
}

// A list's name is found with 清单 or 名单; a place before words ending in an
// association suffix is one organization; titles of shows and books are not
// documents.
func TestListVariantsAssociationsTitles(t *testing.T) {
	c := catalog(t)
	for _, tt := range []struct{ text, span, typ, id string }{
		{"列入军事最终用户名单", "军事最终用户名单", TypeList, "list:meu-list"},
		{"列入不可靠實體名單", "不可靠實體名單", TypeList, "list:cn-unreliable-entity-list"},
		{"列入国防部“中国军事企业”清单", "“中国军事企业”清单", TypeList, "list:1260h-list"},
		{"浙江省集成电路行业协会表示", "浙江省集成电路行业协会", TypeOrganization, ""},
		{"此前发布的《人工智能安全暂行办法》（简称《暂行办法》）", "《暂行办法》", TypeDocument, "doc:人工智能安全暂行办法"},
	} {
		if got := c.Tag(tt.text); !hasTag(got, tt.span, tt.typ, tt.id) {
			t.Errorf("%q: %v, want %s %q", tt.text, tagSet(got), tt.typ, tt.span)
		}
	}
	for _, text := range []string{"节目《今日说法》播出", "新书《高考志愿填报方法》", "美国与中国的行业协会"} {
		for _, tg := range c.Tag(text) {
			if tg.Type == TypeDocument || tg.Type == TypeOrganization {
				t.Errorf("%q: %+v", text, tg)
			}
		}
	}
}

// A chip model with an inserted gloss is one span; 百分之 with Chinese
// numerals is a percentage.
func TestGlossAndNumerals(t *testing.T) {
	c := catalog(t)
	for _, tt := range []struct{ text, span, typ, id string }{
		{"華為升騰(Ascend)910D晶片", "升騰(Ascend)910D", TypeChip, "chip:ascend-910d"},
		{"占百分之三十", "百分之三十", TypePercent, "percent:30"},
	} {
		if got := c.Tag(tt.text); !hasTag(got, tt.span, tt.typ, tt.id) {
			t.Errorf("%q: %v, want %s %q", tt.text, tagSet(got), tt.id, tt.span)
		}
	}
}

// More written forms: a country before a list, a currency before an amount,
// a family name before a model, a product line before a chip, 公告 after a
// year-form number; a Latin gloss in parentheses is not part of a company.
func TestMoreForms(t *testing.T) {
	c := catalog(t)
	for _, tt := range []struct{ text, span, typ, id string }{
		{"被列入美國實體清單", "美國實體清單", TypeList, "list:entity-list"},
		{"罰款新台幣100萬元", "新台幣100萬元", TypeMoney, "money:TWD:1000000"},
		{"寒武纪思元690芯片", "思元690", TypeChip, "chip:mlu-690"},
		{"寒武纪思元290芯片", "思元290", TypeChip, "chip:mlu290"},
		{"AMD Instinct MI308", "Instinct MI308", TypeChip, "chip:mi308"},
		{"依2026年第1號公告", "2026年第1號公告", TypeDocument, ""},
		{"阿斯麦(ASML)公司", "阿斯麦", TypeCompany, "company:asml"},
		{"阿斯麦(ASML)公司", "ASML", TypeCompany, "company:asml"},
	} {
		if got := c.Tag(tt.text); !hasTag(got, tt.span, tt.typ, tt.id) {
			t.Errorf("%q: %v, want %s %q", tt.text, tagSet(got), tt.id, tt.span)
		}
	}
}

// A document title in quotation marks is a document without the marks;
// quoted programmes and slogans are not.
func TestQuotedTitles(t *testing.T) {
	c := catalog(t)
	tags := c.Tag("商務部發布「關於加強某類物項出口管理的決定」，另有“大学生志愿服务计划”")
	if !hasTag(tags, "關於加強某類物項出口管理的決定", TypeDocument, "doc:关于加强某类物项出口管理的决定") {
		t.Errorf("quoted title: %v", tagSet(tags))
	}
	for _, tg := range tags {
		if strings.Contains(tg.Text, "计划") {
			t.Errorf("quoted programme tagged: %+v", tg)
		}
	}
}
