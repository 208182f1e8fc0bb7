package entity

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/zhwatch/zhwatch/internal/zh"
)

// longestFirst keeps, of mentions that overlap, the one that starts first
// and, at one start, the longest: the annotation convention's "longest name,
// no nesting" (a 《》 title hides the names inside it, 50%规则 the 50%).
func longestFirst(ms []mention) []mention {
	slices.SortStableFunc(ms, func(a, b mention) int {
		if a.ns != b.ns {
			return a.ns - b.ns
		}
		return b.ne - a.ne
	})
	out := ms[:0]
	end := 0
	for _, m := range ms {
		if m.ns < end && !m.nested {
			continue
		}
		out = append(out, m)
		end = max(end, m.ne)
	}
	return out
}

// countryAbbrevs are one-character country names written onto a body's name
// (美商务部, 韩产业部). Only these three: 中 and 日 begin too many other words
// before a name (日 ends every date: 6日商务部).
var countryAbbrevs = map[rune]string{'美': "us", '韩': "kr", '荷': "nl"}

// notBeforeAbbrev are characters that make a following abbreviation part of
// another word (中美, 对美, 访美).
const notBeforeAbbrev = "中对访赴驻欧日韩台美荷英"

// bureauSuffixes end the name of a body that belongs to another one: a body
// followed directly by one of these is one span (商务部工业与安全局).
var bureauSuffixes = []string{"局", "署", "室", "司", "处", "办公室", "委员会"}

// compose joins a country or region written directly before a government
// body, a list, an organization or a law (美国商务部, 大陆商务部, 美国实体清单,
// 美国民主党, 中国反垄断法) and a body directly
// before its bureau (经济部国际贸易局) into one mention with the id of the
// specific body, choosing among a shared name's entities by that country.
func (c *Catalog) compose(rs []rune, ms []mention) []mention {
	var out []mention
	for _, m := range ms {
		if m.typ == TypeGovernment && m.ns > 0 && (len(out) == 0 || out[len(out)-1].ne < m.ns) {
			if cc, ok := countryAbbrevs[rs[m.ns-1]]; ok && (m.ns < 2 || !strings.ContainsRune(notBeforeAbbrev, rs[m.ns-2])) {
				m.ns--
				m = c.pick(m, cc)
			}
		}
		if k := len(out) - 1; k >= 0 && out[k].ne == m.ns {
			prev := out[k]
			switch {
			case prev.typ == TypePlace && (m.typ == TypeGovernment || m.typ == TypeList || m.typ == TypeOrganization || m.typ == TypeDocument && m.entity >= 0) && c.countryOf(prev) != "":
				m = c.pick(m, c.countryOf(prev))
				if cc := c.countryOf(m); cc != "" && cc != c.countryOf(prev) {
					break // 韩国 + a US body: two things, not one name
				}
				m.ns = prev.ns
				out[k] = m
				continue
			case prev.typ == TypeGovernment && m.typ == TypeDocument && m.entity < 0 && rs[m.ns] != '《':
				m.ns = prev.ns // 商务部公告第46号: the issuer is part of the number
				out[k] = m
				continue
			case prev.typ == TypeGovernment && m.typ == TypeGovernment && endsWithAny(rs[m.ns:m.ne], bureauSuffixes):
				if cc := c.countryOf(prev); cc != "" {
					m = c.pick(m, cc)
				}
				m.ns = prev.ns
				out[k] = m
				continue
			}
		}
		out = append(out, m)
	}
	return out
}

// pick resolves a shared-name mention to its entity of country cc, if it has
// one; other mentions are returned as they are.
func (c *Catalog) pick(m mention, cc string) mention {
	for _, a := range m.alts {
		if c.entities[a].Country == cc {
			return c.resolved(m, a)
		}
	}
	return m
}

func (c *Catalog) resolved(m mention, entity int) mention {
	e := c.entities[entity]
	m.entity, m.id, m.typ, m.alts = entity, e.ID, e.Type, nil
	return m
}

// countryOf is the country a mention stands for or belongs to, or "".
func (c *Catalog) countryOf(m mention) string {
	if m.entity < 0 || len(m.alts) > 0 {
		return ""
	}
	return c.entities[m.entity].country()
}

func endsWithAny(rs []rune, suffixes []string) bool {
	s := string(rs)
	for _, w := range suffixes {
		if strings.HasSuffix(s, w) {
			return true
		}
	}
	return false
}

// sideWords name a country's side without naming a place (中方, 我国); they
// set the context for a shared name as a place would.
var sideWords = []struct{ word, country string }{
	{"中方", "cn"}, {"我国", "cn"}, {"我部", "cn"}, {"美方", "us"}, {"日方", "jp"}, {"荷方", "nl"}, {"韩方", "kr"},
}

// resolveShared gives each shared name left unresolved (商务部 with no country
// before it) an entity. When the text names that body bare before naming any
// of its namesakes with a country, the body is the text's own (a MOFCOM
// release says 商务部 for MOFCOM throughout, whatever 美方 it quotes): the
// first bare mention decides and the later ones follow it. Otherwise, and
// for that first mention, the nearest country mentioned before it among the
// entities' countries decides: a place, a body or list of a country, or a
// side word (中方). With none it keeps the default, the first entry with the
// name.
func (c *Catalog) resolveShared(rs []rune, ms []mention) []mention {
	type mark struct {
		pos     int
		country string
	}
	if !slices.ContainsFunc(ms, func(m mention) bool { return len(m.alts) > 0 }) {
		return ms
	}
	var marks []mark
	text := string(rs)
	for _, w := range sideWords {
		for off := 0; ; {
			i := strings.Index(text[off:], w.word)
			if i < 0 {
				break
			}
			marks = append(marks, mark{utf8.RuneCountInString(text[:off+i]), w.country})
			off += i + len(w.word)
		}
	}
	seen := make(map[int]bool) // entities named so far
	own := make(map[int]int)   // a shared name's default entity → the text's own body
	for i, m := range ms {
		if len(m.alts) == 0 {
			if m.entity >= 0 {
				seen[m.entity] = true
			}
			if cc := c.countryOf(m); cc != "" {
				marks = append(marks, mark{m.ns, cc})
			}
			continue
		}
		if e, ok := own[m.alts[0]]; ok {
			ms[i] = c.resolved(m, e)
		} else {
			best := -1
			for _, k := range marks {
				if k.pos >= m.ns || k.pos <= best {
					continue
				}
				for _, a := range m.alts {
					if c.entities[a].Country == k.country {
						best = k.pos
						ms[i] = c.resolved(m, a)
					}
				}
			}
			if best < 0 {
				ms[i] = c.resolved(m, m.alts[0])
			}
			if !slices.ContainsFunc(m.alts, func(a int) bool { return seen[a] }) {
				own[m.alts[0]] = ms[i].entity
			}
		}
		seen[ms[i].entity] = true
		if cc := c.countryOf(ms[i]); cc != "" {
			marks = append(marks, mark{m.ns, cc})
		}
	}
	return ms
}

func runeIndex(s string, byteOff int) int {
	n := 0
	for range s[:byteOff] {
		n++
	}
	return n
}

// companyTail is what may follow a company's name inside its full name: a
// business or region word and the company form (三星中国半导体有限公司,
// 英特尔半导体(大连)有限公司, 阿里巴巴集团), or an English company form.
var companyTail = regexp.MustCompile(`^(?:(?:半导体|科技|电子|技术|中国|存储|通信|微电子|信息|\(\p{Han}{1,6}\))*(?:股份有限公司|有限责任公司|有限公司|集团公司|集团|科技公司|公司|股份)|,? (?:corporation|corp|incorporated|inc|ltd|limited|co\., ltd))`)

// companySuffixes extends a company's mention over the company form written
// onto it (英伟达公司, 高通公司, Lam Research Corporation); a place inside the
// full name is then part of it, not a place of its own.
func (c *Catalog) companySuffixes(rs []rune, ms []mention) []mention {
	out := ms[:0]
	for i := 0; i < len(ms); i++ {
		m := ms[i]
		if m.typ == TypeCompany {
			rest := string(rs[m.ne:min(len(rs), m.ne+24)])
			if loc := companyTail.FindStringIndex(rest); loc != nil && !wordContinues(rs, m.ne+runeIndex(rest, loc[1])) {
				m.ne += runeIndex(rest, loc[1])
				for i+1 < len(ms) && ms[i+1].ns < m.ne {
					i++ // a place inside the full name
				}
			}
		}
		out = append(out, m)
	}
	return out
}

// wordContinues reports whether a Latin word goes on at pos (Ltd is not in
// Ltda).
func wordContinues(rs []rune, pos int) bool {
	return pos < len(rs) && pos > 0 && isLatinAlnum(rs[pos-1]) && (isLatinAlnum(rs[pos]) || unicode.IsLetter(rs[pos]) && rs[pos] < 0x80)
}

// dropTickers drops a company named by its stock ticker in parentheses
// (（美：AMD）, (NASDAQ: NVDA)): the convention does not tag tickers, and the
// company is named just before.
func dropTickers(rs []rune, ms []mention) []mention {
	out := ms[:0]
	for _, m := range ms {
		if m.typ == TypeCompany && isLatinAlnum(rs[m.ns]) && m.ns > 0 {
			k := m.ns - 1
			for k > 0 && rs[k] == ' ' {
				k--
			}
			if (rs[k] == ':' || rs[k] == '：') && m.ne < len(rs) && (rs[m.ne] == ')' || rs[m.ne] == '）') {
				continue
			}
		}
		out = append(out, m)
	}
	return out
}

// assocSuffixes end the name of an association; a place written directly
// before a run of words ending in one makes an organization the catalog
// need not list (江苏省半导体行业协会, 日本半导体制造装置协会).
var assocSuffixes = []string{"协会", "商会", "学会", "联合会"}

// notInAssoc are characters that a name's words never hold but a sentence
// running from a place to a later 协会 does (美国与中国的行业协会).
const notInAssoc = "的在与和对是将为了及或向从把被等"

// maxAssoc bounds the words between the place and the suffix, in runes.
const maxAssoc = 12

// associations tags a place followed by words ending in an association
// suffix as one organization, id org: + the name in the normal form.
func associations(rs []rune, ms []mention) []mention {
	var out []mention
	for i, m := range ms {
		if m.typ != TypePlace {
			continue
		}
		next := len(rs)
		if i+1 < len(ms) {
			next = ms[i+1].ns
		}
		for j := m.ne; j < min(len(rs), m.ne+maxAssoc+2) && j < next; j++ {
			if !unicode.Is(unicode.Han, rs[j]) || strings.ContainsRune(notInAssoc, rs[j]) {
				break
			}
			if j-m.ne >= 2 && endsWithAny(rs[m.ne:j+1], assocSuffixes) {
				out = append(out, mention{ns: m.ns, ne: j + 1, id: "org:" + string(rs[m.ns:j+1]), typ: TypeOrganization, entity: -1})
				break
			}
		}
	}
	return out
}

// glossChips joins a chip family, a gloss in parentheses and a model number
// into the one chip they name (升騰(Ascend)910D is 昇腾910D), when the
// catalog has the family with that model.
func (c *Catalog) glossChips(rs []rune, ms []mention) []mention {
	for i, m := range ms {
		if m.typ != TypeChip || m.entity < 0 || m.ne >= len(rs) || rs[m.ne] != '(' {
			continue
		}
		j := m.ne + 1
		for j < len(rs) && j-m.ne < 20 && rs[j] != ')' && (isLatinAlnum(rs[j]) || rs[j] == ' ') {
			j++
		}
		if j >= len(rs) || rs[j] != ')' || j == m.ne+1 {
			continue
		}
		k := j + 1
		for k < len(rs) && isLatinAlnum(rs[k]) {
			k++
		}
		if k == j+1 {
			continue
		}
		model := string(rs[j+1 : k])
		for _, name := range append([]string{string(rs[m.ns:m.ne])}, c.entities[m.entity].Names()...) {
			if idx := c.byName[zh.Normalize(name)+model]; len(idx) == 1 && c.entities[idx[0]].Type == TypeChip {
				ms[i] = c.resolved(m, idx[0])
				ms[i].ne = k
				break
			}
		}
	}
	return longestFirst(ms) // the gloss's own tag (Ascend) is inside now
}

// chipBrands are product-line words written before a chip model (Instinct
// MI308, GeForce RTX 4090), part of the chip's name.
var chipBrands = []string{"instinct ", "radeon ", "geforce ", "nvidia tesla "}

// chipFamilies extends a chip mention over a product-line word before it,
// and a Chinese family name (思元, 昇腾) over the model number written after
// it: 思元690 is the family's model 690, chip:mlu-690 unless the catalog has
// it under another id.
func (c *Catalog) chipFamilies(rs []rune, ms []mention) []mention {
	for i, m := range ms {
		if m.typ != TypeChip || m.entity < 0 {
			continue
		}
		for _, b := range chipBrands {
			k := utf8.RuneCountInString(b)
			if m.ns >= k && string(rs[m.ns-k:m.ns]) == b && (i == 0 || ms[i-1].ne <= m.ns-k) && (m.ns == k || !isLatinAlnum(rs[m.ns-k-1])) {
				ms[i].ns -= k
				break
			}
		}
		if m.ne >= len(rs) || !isDigit(rs[m.ne]) || !unicode.Is(unicode.Han, rs[m.ne-1]) || i+1 < len(ms) && ms[i+1].ns <= m.ne {
			continue
		}
		k := m.ne
		for k < len(rs) && isLatinAlnum(rs[k]) {
			k++
		}
		model := string(rs[m.ne:k])
		ms[i].ne = k
		ms[i].id = m.id + "-" + model
		for _, name := range c.entities[m.entity].Names() {
			if idx := c.byName[zh.Normalize(name)+model]; len(idx) == 1 && c.entities[idx[0]].Type == TypeChip {
				ms[i].id = c.entities[idx[0]].ID
				ms[i].entity = idx[0]
				break
			}
		}
	}
	return ms
}

// quotedLists tags a list written with part of its name in quotation marks
// (“中国军事企业”清单 for the 1260H list), quotes included: the convention
// tags such a list as written.
func (c *Catalog) quotedLists(rs []rune) []mention {
	var out []mention
	for i := 0; i < len(rs); i++ {
		closing, ok := quoteClose[rs[i]]
		if rs[i] == '"' {
			closing, ok = '"', true
		}
		if !ok {
			continue
		}
		j := i + 1
		for j < len(rs) && j-i < 24 && rs[j] != closing && rs[j] != '\n' {
			j++
		}
		if j+2 >= len(rs) || rs[j] != closing || j == i+1 {
			continue
		}
		suffix := string(rs[j+1 : j+3])
		if suffix != "清单" && suffix != "名单" {
			continue
		}
		if idx := c.byName[string(rs[i+1:j])+suffix]; len(idx) == 1 && c.entities[idx[0]].Type == TypeList {
			e := c.entities[idx[0]]
			out = append(out, mention{ns: i, ne: j + 3, id: e.ID, typ: e.Type, entity: idx[0]})
		}
		i = j
	}
	return out
}
