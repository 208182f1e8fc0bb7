package entity

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/zhwatch/zhwatch/internal/zh"
)

// docNumbers tags document numbers in the normalised text rs (norm is the
// same text as a string). The written forms zh.FindDocNumbers knows
// (国发〔2025〕11号, 商务部公告2024年第46号) get the id doc: + the number's
// canonical spelling; a second number joined to one (2026年第11号和第12号)
// shares its issuer and year. Bare announcement numbers (第61号公告, 61号公告,
// 公告第 46 号) get doc:公告第N号 here; linkDocuments gives them the id of a
// full number with the same serial in the same text.
func docNumbers(rs []rune, norm string) []mention {
	var out []mention
	for _, d := range zh.FindDocNumbers(norm) {
		ns := utf8.RuneCountInString(norm[:d.Start])
		ne := ns + utf8.RuneCountInString(norm[d.Start:d.End])
		out = append(out, mention{ns: ns, ne: ne, id: docID(d), typ: TypeDocument, entity: -1})
		for {
			loc := joinedNumber.FindStringSubmatchIndex(string(rs[ne:min(len(rs), ne+12)]))
			if loc == nil {
				break
			}
			rest := string(rs[ne:])
			d2 := d
			d2.Serial = strings.TrimLeft(rest[loc[2]:loc[3]], "0")
			s := ne + runeIndex(rest, loc[2]) - 1 // from 第
			ne += runeIndex(rest, loc[1])
			out = append(out, mention{ns: s, ne: ne, id: docID(d2), typ: TypeDocument, entity: -1})
		}
	}
	for h, r := range rs {
		if r != '号' {
			continue
		}
		if m, ok := bareNumberAt(rs, h); ok && !overlaps(out, m.ns, m.ne) {
			out = append(out, m)
			for ne := m.ne; ; { // 2026年第11号和第12号
				loc := joinedNumber.FindStringSubmatchIndex(string(rs[ne:min(len(rs), ne+12)]))
				if loc == nil {
					break
				}
				rest := string(rs[ne:])
				s, e := ne+runeIndex(rest, loc[2])-1, ne+runeIndex(rest, loc[1])
				if rs[s] != '第' {
					s--
				}
				out = append(out, mention{ns: s, ne: e, id: bareDocPrefix + strings.TrimLeft(rest[loc[2]:loc[3]], "0") + "号", typ: TypeDocument, entity: -1})
				ne = e
			}
		}
	}
	return out
}

// bareDocPrefix begins the id of an announcement number written without
// issuer and year.
const bareDocPrefix = "doc:公告第"

var (
	joinedNumber = regexp.MustCompile(`^(?:和|、|及|与|,)第 ?([0-9]{1,4}) ?号`)
)

// bareNumberAt reads the announcement number that ends with the 号 at h, in
// the forms zh.FindDocNumbers leaves: 第61号公告, 61号公告, 公告第 46 号, and
// 2026年第11号 where 公告 or a second number (和第12号) says it is one.
func bareNumberAt(rs []rune, h int) (mention, bool) {
	k := h
	if k > 0 && rs[k-1] == ' ' {
		k--
	}
	ds := k
	for ds > 0 && k-ds < 4 && isDigit(rs[ds-1]) {
		ds--
	}
	if ds == k || ds > 0 && isDigit(rs[ds-1]) {
		return mention{}, false
	}
	serial := strings.TrimLeft(string(rs[ds:k]), "0")
	m := mention{ne: h + 1, id: bareDocPrefix + serial + "号", typ: TypeDocument, entity: -1}
	announced := hasWordAt(rs, h+1, "公告")
	p := ds
	if p > 0 && rs[p-1] == ' ' {
		p--
	}
	if p == 0 || rs[p-1] != '第' {
		if !announced || p != ds {
			return mention{}, false
		}
		m.ns, m.ne = ds, h+3 // 61号公告
		return m, true
	}
	p-- // at 第
	switch {
	case p >= 5 && rs[p-1] == '年' && digitsAt(rs, p-5, 4):
		if !announced && !hasWordBefore(rs, p-5, "公告") && joinedNumber.FindStringIndex(string(rs[h+1:min(len(rs), h+12)])) == nil {
			return mention{}, false // a date-like 2025年第3号
		}
		m.ns = p - 5
		if announced {
			m.ne = h + 3 // 2026年第1号公告
		}
	case hasWordBefore(rs, p, "公告"):
		m.ns = p - 2 // 公告第 46 号
	case announced:
		m.ns, m.ne = p, h+3 // 第61号公告
	default:
		return mention{}, false
	}
	return m, true
}

func docID(d zh.DocNumber) string { return "doc:" + d.Canonical() }

// docSuffixes end the title of a law, regulation, rule, notice, announcement,
// opinion or plan (in the normal form, so 條例 and 辦法 too); a 《》 title
// ending otherwise is a book, film or newspaper and is not tagged.
var docSuffixes = []string{"法", "法案", "条例", "规定", "办法", "规则", "公告", "通知", "意见", "规划", "指南",
	"决定", "框架", "声明", "措施", "细则", "目录", "方案", "计划", "纲要", "令", "规例", "守则"}

// notLawWords end in 法 but are not laws (《今日说法》, a book on 算法).
var notLawWords = []string{"说法", "做法", "看法", "想法", "方法", "手法", "语法", "书法", "魔法", "兵法", "算法",
	"疗法", "写法", "用法", "玩法", "心法", "技法", "画法", "章法", "笔法"}

// backRefPrefixes with a document word make a short reference too
// (《实施意见》, 《暂行办法》).
var backRefPrefixes = []string{"", "实施", "暂行", "指导", "若干", "试行", "管理"}

// maxTitle bounds a title's length in runes, so that a stray 《 does not
// swallow a paragraph.
const maxTitle = 100

// titles tags 《》 titles that name a document, title marks included. The id
// is the catalog document's when the title is one of its names, the number's
// when the title holds a document number, else doc: + the title in the normal
// form. A title that is only a document word (《办法》, 《决定》) is a back
// reference: linkDocuments gives it the id of the title it refers to.
func (c *Catalog) titles(rs []rune) []mention {
	var out []mention
	for i := 0; i < len(rs); i++ {
		if rs[i] != '《' {
			continue
		}
		end := closeTitle(rs, i)
		if end < 0 {
			continue
		}
		core := titleCore(rs[i+1 : end])
		if !endsWithAny([]rune(core), docSuffixes) || endsWithAny([]rune(core), notLawWords) {
			i = end
			continue
		}
		id := c.titleID(core)
		if is, ie, e, ok := c.issuer(rs, i+1, end); ok {
			out = append(out, mention{ns: is, ne: ie, id: c.entities[e].ID, typ: TypeGovernment, entity: e, nested: true})
			if idx := c.byName[titleCore(rs[ie:end])]; len(idx) == 1 && c.entities[idx[0]].Type == TypeDocument {
				id = c.entities[idx[0]].ID // 《国务院关于…的意见》 is the catalog's 关于…的意见
			}
		}
		out = append(out, mention{ns: i, ne: end + 1, id: id, typ: TypeDocument, entity: -1})
		i = end
	}
	return out
}

// quoteClose maps an opening quotation mark to its closing one.
var quoteClose = map[rune]rune{'「': '」', '“': '”', '『': '』'}

// quotedSuffixes end a quoted document title: the stricter set, since
// quotation marks also hold programmes (“西部计划”) and slogans.
var quotedSuffixes = []string{"法", "法案", "条例", "规定", "办法", "规则", "公告", "通知", "意见", "规划", "决定", "框架"}

// minQuoted bounds a quoted title from below, so that short quoted words
// (“有关规定”) are not documents.
const minQuoted = 5

// quotedTitles tags a document title written in quotation marks instead of
// 《》 (「…管制的決定」, “关于…的通知”); the marks are outside the span. The
// quoted text must end in a document word and read as one title: no
// sentence punctuation inside.
func (c *Catalog) quotedTitles(rs []rune) []mention {
	var out []mention
	for i := 0; i < len(rs); i++ {
		closing, ok := quoteClose[rs[i]]
		if !ok {
			continue
		}
		end := -1
		for j := i + 1; j < len(rs) && j-i <= maxTitle; j++ {
			if rs[j] == closing {
				end = j
				break
			}
			if strings.ContainsRune("，。；：！？,;!?\n", rs[j]) {
				break
			}
		}
		if end < 0 {
			continue
		}
		core := titleCore(rs[i+1 : end])
		if n := utf8.RuneCountInString(core); n >= minQuoted && endsWithAny([]rune(core), quotedSuffixes) && !strings.ContainsRune(core, '·') && !endsWithAny([]rune(core), notLawWords) && !backRef(core) {
			out = append(out, mention{ns: i + 1, ne: end, id: c.titleID(core), typ: TypeDocument, entity: -1})
		}
		i = end
	}
	return out
}

// closeTitle returns the index of the 》 closing the 《 at i (titles may hold
// titles), or -1.
func closeTitle(rs []rune, i int) int {
	depth := 0
	for j := i; j < len(rs) && j-i <= maxTitle; j++ {
		switch rs[j] {
		case '《':
			depth++
		case '》':
			depth--
			if depth == 0 {
				return j
			}
		case '\n':
			return -1
		}
	}
	return -1
}

// titleCore is a title without spaces, quotation marks and a trailing
// parenthesised gloss (货物供应法案(Goods Availability Act)).
func titleCore(rs []rune) string {
	s := strings.TrimSpace(string(rs))
	if strings.HasSuffix(s, ")") {
		if k := strings.LastIndex(s, "("); k > 0 {
			s = strings.TrimSpace(s[:k])
		}
	}
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\u3000', '"', '“', '”', '「', '」', '『', '』', '\'':
			return -1
		}
		return r
	}, s)
}

// issuer finds a government body that issues the document titled rs[s:e]
// (《国务院关于…的意见》): its name begins the title and 关于 follows it.
func (c *Catalog) issuer(rs []rune, s, e int) (int, int, int, bool) {
	node := int32(0)
	for j := s; j < e; j++ {
		next, ok := c.names.nodes[node].next[rs[j]]
		if !ok {
			break
		}
		node = next
		if t := c.names.nodes[node].term; t >= 0 && hasWordAt(rs, j+1, "关于") {
			if ent := c.names.terms[t].entity; c.entities[ent].Type == TypeGovernment {
				return s, j + 1, ent, true
			}
		}
	}
	return 0, 0, 0, false
}

func (c *Catalog) titleID(core string) string {
	if backRef(core) {
		return ""
	}
	if idx := c.byName[core]; len(idx) == 1 && c.entities[idx[0]].Type == TypeDocument {
		return c.entities[idx[0]].ID
	}
	if ds := zh.FindDocNumbers(core); len(ds) > 0 {
		return docID(ds[0])
	}
	return "doc:" + core
}

// backRefWord is the document word of a back reference (意见 in 实施意见).
func backRefWord(core string) string {
	for _, w := range docSuffixes {
		if strings.HasSuffix(core, w) && len(w) > 0 {
			return w
		}
	}
	return core
}

// backRef reports whether a title is only a document word, a short reference
// to a document named before (《办法》, 《意见》).
func backRef(core string) bool {
	for _, p := range backRefPrefixes {
		if rest, ok := strings.CutPrefix(core, p); ok {
			for _, w := range docSuffixes {
				if rest == w {
					return true
				}
			}
		}
	}
	return false
}

// linkDocuments gives a back reference the id of the nearest earlier title
// ending in the same word (dropping it if there is none), a title written
// directly after a number the number's id (第61号公告《…决定》), and a bare
// announcement number the id of a full number with its serial in the text.
func linkDocuments(rs []rune, ms []mention) []mention {
	full := make(map[string]string) // serial → id of a full announcement number
	for _, m := range ms {
		if m.typ == TypeDocument && m.entity < 0 && strings.HasPrefix(m.id, "doc:") && strings.Contains(m.id, "公告") && !strings.HasPrefix(m.id, bareDocPrefix) {
			if k := strings.LastIndex(m.id, "第"); k > 0 {
				full[strings.TrimSuffix(m.id[k+len("第"):], "号")] = m.id
			}
		}
	}
	out := ms[:0]
	for _, m := range ms {
		if m.typ != TypeDocument {
			out = append(out, m)
			continue
		}
		if serial, ok := strings.CutPrefix(m.id, bareDocPrefix); ok {
			if id := full[strings.TrimSuffix(serial, "号")]; id != "" {
				m.id = id
			}
		}
		if m.id == "" { // a back reference
			word := backRefWord(titleCore(rs[m.ns+1 : m.ne-1]))
			for k := len(out) - 1; k >= 0; k-- {
				p := out[k]
				if p.typ == TypeDocument && rs[p.ns] == '《' && strings.HasSuffix(titleCore(rs[p.ns+1:p.ne-1]), word) {
					m.id = p.id
					break
				}
			}
			if m.id == "" {
				continue
			}
		}
		if rs[m.ns] == '《' && len(out) > 0 {
			p := out[len(out)-1]
			if p.typ == TypeDocument && rs[p.ns] != '《' && strings.TrimSpace(string(rs[p.ne:m.ns])) == "" {
				m.id = p.id // 第61号公告《…的决定》
			}
		}
		out = append(out, m)
	}
	return out
}
