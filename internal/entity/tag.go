package entity

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/zh"
)

// mention is a tag before its offsets are mapped to the original text: ns, ne
// are rune offsets into the normalised text.
type mention struct {
	ns, ne int
	id     string
	typ    string
	entity int   // catalog index, -1 for pattern tags
	weak   bool  // found by a weak name
	alts   []int // a shared name not yet resolved: the entities it may be
	nested bool  // the issuer at the start of a title, kept inside it
}

// Tag returns the entity mentions in text, ordered by start (longer first at
// one start). Start and End are rune offsets into text itself, and Text is
// text's own characters there, whatever script or width they are in.
//
// Catalog names are matched in the normal form of zh.Normalize (so 英偉達,
// 英伟达 and 輝達 all match), leftmost-longest, without overlaps; a name that
// begins or ends with a Latin letter or digit must not continue a longer run
// of them (AMD is not found in AMDX, H20 not in H200). Patterns add document
// numbers (id doc:国发〔2025〕11号, which may contain a tagged issuer), money
// (money:USD:40200000000 for 402亿美元), percentages (percent:37) and chip
// models the catalog lacks next to a chip word (chip:h20e in H20E芯片).
func (c *Catalog) Tag(text string) []zhwatch.Tag {
	return c.TagMapped(text, zh.NormalizeMapped(text))
}

// TagMapped is Tag for a caller that has normalised text already: n must be
// zh.NormalizeMapped(text).
func (c *Catalog) TagMapped(text string, n zh.Normalized) []zhwatch.Tag {
	if text == "" || n.Text == "" {
		return nil
	}
	rs, orig := []rune(n.Text), []rune(text)
	ms := c.matchNames(rs, n, orig)
	ms = c.dropUnsupportedWeak(rs, ms)
	ms = append(ms, docNumbers(rs, n.Text)...)
	ms = append(ms, c.titles(rs)...)
	ms = append(ms, c.quotedTitles(rs)...)
	ms = append(ms, c.quotedLists(rs)...)
	ms = append(ms, amounts(rs)...)
	ms = append(ms, cnAmounts(rs)...)
	ms = longestFirst(ms)
	ms = longestFirst(append(ms, associations(rs, ms)...))
	ms = dropTickers(rs, ms)
	ms = c.glossChips(rs, ms)
	ms = c.chipFamilies(rs, ms)
	ms = percentRanges(rs, ms)
	ms = c.compose(rs, ms)
	ms = c.companySuffixes(rs, ms)
	ms = c.resolveShared(rs, ms)
	ms = linkDocuments(rs, ms)
	ms = c.splitVendors(rs, ms, n, orig)
	ms = append(ms, chipModels(rs, ms)...)
	return toTags(orig, n, ms)
}

// matchNames finds catalog names, leftmost-longest.
func (c *Catalog) matchNames(rs []rune, n zh.Normalized, orig []rune) []mention {
	var out []mention
	nodes := c.names.nodes
	for i := 0; i < len(rs); {
		if !c.names.mayStart(rs[i]) || i > 0 && isLatinAlnum(rs[i]) && isLatinAlnum(rs[i-1]) {
			i++ // no name starts with rs[i], or it is inside a run
			continue
		}
		best, bestEnd := int32(-1), 0
		node := int32(0)
		for j := i; j < len(rs); j++ {
			next, ok := nodes[node].next[rs[j]]
			if !ok {
				break
			}
			node = next
			if term := nodes[node].term; term >= 0 && c.acceptable(rs, i, j+1, term, n, orig) {
				best, bestEnd = term, j+1
			}
		}
		if best < 0 {
			i++
			continue
		}
		t := c.names.terms[best]
		e := c.entities[t.entity]
		out = append(out, mention{ns: i, ne: bestEnd, id: e.ID, typ: e.Type, entity: t.entity, weak: t.weak, alts: t.alts})
		i = bestEnd
	}
	return out
}

// acceptable applies the word-boundary rule at the end of a match and, for
// exact-case names, compares the original text (width-folded) with them.
func (c *Catalog) acceptable(rs []rune, start, end int, term int32, n zh.Normalized, orig []rune) bool {
	if end < len(rs) && (isLatinAlnum(rs[end-1]) && isLatinAlnum(rs[end]) || continuesWord(rs[end-1], rs[end])) {
		return false
	}
	if start > 0 && strings.ContainsRune(wordBefore[rs[start]], rs[start-1]) {
		return false
	}
	exact := c.names.terms[term].exact
	if len(exact) == 0 {
		return true
	}
	s, e := n.OriginalRunes(start, end)
	return s < e && e <= len(orig) && slices.Contains(exact, foldWidth(string(orig[s:e])))
}

// splitVendors splits the company off a chip name that begins with it
// (英伟达A30, NVIDIA L4 are listed whole because A30 and L4 alone are too
// ambiguous): company + product are two entities by the convention.
func (c *Catalog) splitVendors(rs []rune, ms []mention, n zh.Normalized, orig []rune) []mention {
	var out []mention
	nodes := c.names.nodes
	for _, m := range ms {
		if m.typ != TypeChip || m.entity < 0 {
			out = append(out, m)
			continue
		}
		best, bestEnd := int32(-1), 0
		node := int32(0)
		for j := m.ns; j < m.ne-1; j++ {
			next, ok := nodes[node].next[rs[j]]
			if !ok {
				break
			}
			node = next
			term := nodes[node].term
			if term >= 0 && c.entities[c.names.terms[term].entity].Type == TypeCompany && c.acceptable(rs, m.ns, j+1, term, n, orig) {
				best, bestEnd = term, j+1
			}
		}
		rest := bestEnd
		for rest < m.ne && rs[rest] == ' ' {
			rest++
		}
		if best < 0 || rest == m.ne || !isLatinAlnum(rs[rest]) {
			out = append(out, m)
			continue
		}
		e := c.entities[c.names.terms[best].entity]
		out = append(out, mention{ns: m.ns, ne: bestEnd, id: e.ID, typ: e.Type, entity: c.names.terms[best].entity})
		m.ns = rest
		out = append(out, m)
	}
	return out
}

// companyWords confirm a weak name that they follow (浪潮集团, 小米公司).
var companyWords = []string{"公司", "集团", "股份", "科技", "控股"}

// dropUnsupportedWeak keeps a weak-name mention only if its entity is also
// named by a strong name in the text, or a company word follows it.
func (c *Catalog) dropUnsupportedWeak(rs []rune, ms []mention) []mention {
	strong := make(map[int]bool)
	for _, m := range ms {
		if !m.weak {
			strong[m.entity] = true
		}
	}
	out := ms[:0]
	for _, m := range ms {
		if m.weak && !strong[m.entity] && !followedBy(rs, m.ne, companyWords) {
			continue
		}
		out = append(out, m)
	}
	return out
}

func followedBy(rs []rune, pos int, words []string) bool {
	for _, w := range words {
		k := utf8.RuneCountInString(w)
		if pos+k <= len(rs) && string(rs[pos:pos+k]) == w {
			return true
		}
	}
	return false
}

// wordAfter maps the last character of a name to the characters that, next,
// make it part of a common word instead: 联合国家 is 联合 + 国家, 经济部门 a
// department, 出口管制法规 regulations, 商务部长 a minister (the title is not
// the body).
var wordAfter = map[rune]string{'国': "家", '部': "门长", '法': "规律人院官庭", '局': "长", '院': "长", '署': "长"}

// wordBefore maps the first character of a name to the characters that,
// before it, make it part of another word: 欧洲大陆 and 新大陆 are not China.
var wordBefore = map[rune]string{'大': "洲新次"}

func continuesWord(last, next rune) bool {
	return strings.ContainsRune(wordAfter[last], next)
}

// isLatinAlnum reports whether r is an ASCII letter or digit (the normal form
// has no full-width ones).
func isLatinAlnum(r rune) bool {
	return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
}

// toTags maps mentions to the original text and sorts them.
func toTags(orig []rune, n zh.Normalized, ms []mention) []zhwatch.Tag {
	tags := make([]zhwatch.Tag, 0, len(ms))
	for _, m := range ms {
		s, e := n.OriginalRunes(m.ns, m.ne)
		if s >= e || e > len(orig) {
			continue
		}
		tags = append(tags, zhwatch.Tag{ID: m.id, Type: m.typ, Text: string(orig[s:e]), Start: s, End: e})
	}
	slices.SortStableFunc(tags, func(a, b zhwatch.Tag) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		if a.End != b.End {
			return b.End - a.End
		}
		return strings.Compare(a.ID, b.ID)
	})
	return slices.CompactFunc(tags, func(a, b zhwatch.Tag) bool { return a == b })
}
