package extract

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// govMeta is the metadata table that government sites print above a policy
// document (索引号, 发文机关, 发文字号, 成文日期, 发布日期, 主题分类, 标题).
type govMeta struct {
	Index, Issuer, DocNumber, Written, Published, Topic, Title string
}

func (g govMeta) empty() bool { return g == govMeta{} }

var govLabels = map[string]func(*govMeta) *string{
	"索引号":  func(g *govMeta) *string { return &g.Index },
	"发文机关": func(g *govMeta) *string { return &g.Issuer },
	"發文機關": func(g *govMeta) *string { return &g.Issuer },
	"发布机构": func(g *govMeta) *string { return &g.Issuer },
	"发文单位": func(g *govMeta) *string { return &g.Issuer },
	"发文字号": func(g *govMeta) *string { return &g.DocNumber },
	"發文字號": func(g *govMeta) *string { return &g.DocNumber },
	"文号":   func(g *govMeta) *string { return &g.DocNumber },
	"成文日期": func(g *govMeta) *string { return &g.Written },
	"发布日期": func(g *govMeta) *string { return &g.Published },
	"发文日期": func(g *govMeta) *string { return &g.Written },
	"主题分类": func(g *govMeta) *string { return &g.Topic },
	"标题":   func(g *govMeta) *string { return &g.Title },
	"名称":   func(g *govMeta) *string { return &g.Title },
}

// readGovMeta parses the table from rendered lines: each label is a line
// (its cell), its value the rest of that line or the next line.
func readGovMeta(lines []line) govMeta {
	var g govMeta
	found := 0
	for i := 0; i < len(lines); i++ {
		t := lines[i].text
		if len([]rune(t)) > 80 {
			continue
		}
		label, rest, ok := splitGovLabel(t)
		if !ok {
			continue
		}
		field := govLabels[label](&g)
		if *field != "" {
			continue
		}
		if rest == "" && i+1 < len(lines) {
			next := lines[i+1].text
			if _, _, isLabel := splitGovLabel(next); !isLabel {
				rest = next
				i++
			}
		}
		if rest != "" {
			*field = strings.TrimSpace(rest)
			found++
		}
	}
	if found < 2 { // one stray "标题：" is no metadata table
		return govMeta{}
	}
	g.DocNumber = normalizeDocNumber(g.DocNumber)
	return g
}

var dropSpaces = strings.NewReplacer(" ", "", "\u3000", "")

// labelHead is the start of t, room for any label with its padding and
// separator.
func labelHead(t string) string {
	const room = 120
	if len(t) <= room {
		return t
	}
	cut := room
	for cut > 0 && !utf8.RuneStart(t[cut]) {
		cut--
	}
	return t[:cut]
}

func splitGovLabel(t string) (label, rest string, ok bool) {
	// Fast reject: the label must be one of ours once spaces go. Only the
	// head of the line can hold it: compacting whole paragraphs, with a
	// replacer built per line, was a tenth of extraction on the rig.
	compact := dropSpaces.Replace(labelHead(t))
	for l := range govLabels {
		if !strings.HasPrefix(compact, l) {
			continue
		}
		after := strings.TrimPrefix(compact, l)
		if after != "" && !strings.HasPrefix(after, ":") && !strings.HasPrefix(after, "：") {
			continue
		}
		if len(l) > len(label) {
			label = l
		}
	}
	if label == "" {
		return "", "", false
	}
	// Cut the label (with its padding) off the original text.
	n := 0
	want := []rune(label)
	i := 0
	for j, r := range t {
		if r == ' ' || r == '\u3000' {
			continue
		}
		if n < len(want) && r == want[n] {
			n++
			if n == len(want) {
				i = j + len(string(r))
				break
			}
		}
	}
	rest = strings.TrimLeft(t[i:], " \u3000:：")
	return label, strings.TrimSpace(rest), true
}

// docNumberRE matches a document number with its year in any bracket style:
// 国发〔2019〕4号, 国发[2019]4号, 国发(2019)4号, 国发【2019】4号, 国发﹝2019﹞4号.
var docNumberRE = regexp.MustCompile(`^\s*(\S*?)\s*[〔\[(（【﹝［{]\s*((?:19|20)\d{2})\s*[〕\])）】﹞］}]\s*(\S+?号)`)

// normalizeDocNumber writes the year brackets of a document number as 〔〕.
func normalizeDocNumber(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || s == "无" {
		return ""
	}
	if m := docNumberRE.FindStringSubmatch(s); m != nil {
		return m[1] + "〔" + m[2] + "〕" + strings.ReplaceAll(m[3], " ", "")
	}
	return strings.ReplaceAll(s, " ", "")
}

// docNumberLineRE matches a document number on a line by itself:
// 国发〔2019〕4号 (any brackets), 国令第706号, 商务部公告2025年第1号.
var docNumberLineRE = regexp.MustCompile(`^(?:(\p{Han}{1,12})\s*[〔\[(（【﹝［]\s*(?:19|20)\d{2}\s*[〕\])）】﹞］]\s*第?\d{1,5}\s*号|(\p{Han}{1,12}?)(?:公告|令)\s*(?:(?:19|20)\d{2}\s*年)?\s*第\s*\d{1,5}\s*号)$`)

// docNumberInBody finds a document number on its own line near the top of a
// policy text, for pages without a metadata table, and the issuer signing
// it at the end (the line above the closing date) when issuer is unknown.
func docNumberInBody(lines []string, issuer string) (string, string) {
	for i, ln := range lines {
		if i >= 8 {
			break
		}
		ln = strings.TrimSpace(ln)
		m := docNumberLineRE.FindStringSubmatch(ln)
		if m == nil {
			continue
		}
		if issuer == "" {
			issuer = signature(lines)
		}
		if issuer == "" && m[2] != "" {
			issuer = m[2]
		}
		return normalizeDocNumber(ln), issuer
	}
	return "", issuer
}

// signature returns the short line above the closing date of a policy text.
func signature(lines []string) string {
	for i := len(lines) - 1; i > 0 && i >= len(lines)-4; i-- {
		d, ok := parseFullDate(lines[i])
		if !ok || d.HasTime || len([]rune(lines[i])) > 16 {
			continue
		}
		sig := strings.TrimSpace(lines[i-1])
		if n := len([]rune(sig)); n >= 2 && n <= 30 && !strings.ContainsAny(sig, "，。；：") {
			return sig
		}
	}
	return ""
}

// policyTitle reads the issuing body off a policy document's title:
// "国务院关于深入实施“人工智能+”行动的意见" → 国务院.
var policyTitle = regexp.MustCompile(`^(\p{Han}[\p{Han}、]{1,40}?)关于.+的(?:决议|决定|通知|意见|指导意见|批复|通报|公告|命令|指示|规定|办法|答复|复函|函)$`)

func issuerFromTitle(title string) string {
	if m := policyTitle.FindStringSubmatch(title); m != nil {
		return m[1]
	}
	return ""
}
