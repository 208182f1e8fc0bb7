package zh

import (
	"bytes"
	"sort"
)

// protectedT2S lists names that OpenCC's t2s tables convert wrongly for this
// field, mapped to the simplified form we want. Keys are matched before any
// OpenCC phrase, so a longer phrase cannot swallow them. Simplified keys map to
// themselves so that already-simplified text survives conversion too.
var protectedT2S = map[string]string{
	"昇騰": "昇腾", // Huawei Ascend; plain t2s gives 升腾 (昇 → 升)
	"昇腾": "昇腾",
	"昇思": "昇思", // MindSpore, Huawei's AI framework
	"面板": "面板", // display panels; one Go OpenCC port turns it into 皮肤 under tw2sp
}

type protectedTerms struct {
	keys    [][]byte // longest first, so the first hit at a position is the longest
	targets []string
}

type protectedHit struct {
	start, end int
	target     string
}

func newProtectedTerms(m map[string]string) protectedTerms {
	var p protectedTerms
	keys := make([]string, 0, len(m))
	for k := range m {
		if k != "" {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		if len(keys[i]) != len(keys[j]) {
			return len(keys[i]) > len(keys[j])
		}
		return keys[i] < keys[j]
	})
	for _, k := range keys {
		p.keys = append(p.keys, []byte(k))
		p.targets = append(p.targets, m[k])
	}
	return p
}

// find returns the leftmost-longest, non-overlapping occurrences of the
// protected terms in s, in order. Each key's next occurrence is cached, so the
// scan stays linear in len(s) per key.
func (p protectedTerms) find(s []byte) []protectedHit {
	if len(p.keys) == 0 {
		return nil
	}
	next := make([]int, len(p.keys)) // next occurrence at or after pos; -1: none left
	for i := range next {
		next[i] = -2 // not searched yet
	}
	var hits []protectedHit
	for pos := 0; pos < len(s); {
		best := protectedHit{start: -1}
		for i, k := range p.keys {
			if next[i] == -2 || (next[i] >= 0 && next[i] < pos) {
				next[i] = -1
				if j := bytes.Index(s[pos:], k); j >= 0 {
					next[i] = pos + j
				}
			}
			if start := next[i]; start >= 0 && (best.start < 0 || start < best.start) {
				best = protectedHit{start: start, end: start + len(k), target: p.targets[i]}
			}
		}
		if best.start < 0 {
			break
		}
		hits = append(hits, best)
		pos = best.end
	}
	return hits
}
