package entity

import "slices"

// trie maps normalised names, rune by rune, to what a match of them means.
type trie struct {
	nodes []trieNode
	terms []terminal
	first [1 << 16 / 64]uint64 // bit r: some key starts with the BMP rune r
}

// mayStart reports whether a key may start with r; it answers most runes of a
// text without a map lookup.
func (t *trie) mayStart(r rune) bool {
	if r >= 1<<16 {
		return true
	}
	return t.first[r/64]&(1<<(r%64)) != 0
}

type trieNode struct {
	next map[rune]int32
	term int32 // index into terms, or -1
}

// terminal is what a complete key stands for. Several names of one entity can
// share a key (NVIDIA, Nvidia).
type terminal struct {
	entity int
	weak   bool     // only weak names have this key
	exact  []string // non-empty: the original must read as one of these (see exactCase)
	alts   []int    // a shared name: every entity that has it, entity first
}

func newTrie() *trie {
	return &trie{nodes: []trieNode{{term: -1}}}
}

func (t *trie) insert(key, name string, entity int, weak bool) {
	for _, r := range key {
		if r < 1<<16 {
			t.first[r/64] |= 1 << (r % 64)
		}
		break
	}
	n := int32(0)
	for _, r := range key {
		next, ok := t.nodes[n].next[r]
		if !ok {
			next = int32(len(t.nodes))
			t.nodes = append(t.nodes, trieNode{term: -1})
			if t.nodes[n].next == nil {
				t.nodes[n].next = make(map[rune]int32, 1)
			}
			t.nodes[n].next[r] = next
		}
		n = next
	}
	exact := exactCase(name)
	if t.nodes[n].term < 0 {
		t.nodes[n].term = int32(len(t.terms))
		term := terminal{entity: entity, weak: weak}
		if exact != "" {
			term.exact = []string{exact}
		}
		t.terms = append(t.terms, term)
		return
	}
	term := &t.terms[t.nodes[n].term]
	term.weak = term.weak && weak
	switch {
	case exact == "":
		term.exact = nil // one case-insensitive name makes the key case-insensitive
	case len(term.exact) > 0 && !slices.Contains(term.exact, exact):
		term.exact = append(term.exact, exact)
	}
}

// insertShared adds a shared name (Entity.Shared) of entity.
func (t *trie) insertShared(key, name string, entity int) {
	t.insert(key, name, entity, false)
	term := &t.terms[t.nodes[t.find(key)].term]
	if len(term.alts) == 0 {
		term.alts = []int{term.entity}
	}
	if !slices.Contains(term.alts, entity) {
		term.alts = append(term.alts, entity)
	}
}

// find returns the node of key, which must be in the trie.
func (t *trie) find(key string) int32 {
	n := int32(0)
	for _, r := range key {
		n = t.nodes[n].next[r]
	}
	return n
}

// exactCase returns the width-folded name if it must match with its case: a
// Latin-only name without digits whose letters, at most five, are all upper
// case (AMD, BIS, EAR, AI, U.S.), so that an English word (ear, ai) or part of
// a sentence in capitals does not become an entity. Other names match in any
// case.
func exactCase(name string) string {
	name = foldWidth(name)
	letters := 0
	for _, r := range name {
		switch {
		case 'A' <= r && r <= 'Z':
			letters++
		case r == '.' || r == '-' || r == '+' || r == ' ':
		default:
			return ""
		}
	}
	if letters == 0 || letters > 5 {
		return ""
	}
	return name
}

// foldWidth turns full-width ASCII forms and the ideographic space into ASCII,
// keeping case.
func foldWidth(s string) string {
	out := []rune(s)
	for i, r := range out {
		switch {
		case r == '\u3000':
			out[i] = ' '
		case '！' <= r && r <= '～':
			out[i] = r - ('！' - '!')
		}
	}
	return string(out)
}
