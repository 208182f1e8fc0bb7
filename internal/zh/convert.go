package zh

import (
	"fmt"
	"sync"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"
)

// converter applies one OpenCC conversion group the way OpenCC does: at each
// position, the first dictionary of the group that has a key prefixing the
// text wins with its longest key (phrases before characters); with no match the
// rune is copied. It walks bytes, not runes, so it allocates only the output
// and copies invalid UTF-8 through unchanged, and it reports the source span of
// every replacement, which SimplifyKeepLen needs.
type converter struct {
	dicts     []dict
	protected protectedTerms
	// starts has bit r set when some key of some dictionary starts with the
	// BMP rune r; other runes are copied without a dictionary lookup (most
	// runes of simplified text, and all of ASCII).
	starts []uint64
}

// dict is the part of a longbridgeapp/opencc dictionary the converter reads:
// a double-array trie from key bytes to an index into values.
type dict struct {
	trie interface {
		Jump(path []byte, from int) (int, error)
		Value(id int) (int, error)
	}
	values [][]string
}

// t2s is built on first use; its tables are embedded in the opencc module, so a
// failure to build them is a broken build, not bad input.
var t2s = sync.OnceValue(func() *converter {
	c, err := newConverter("t2s", protectedT2S)
	if err != nil {
		panic(fmt.Sprintf("zh: build the t2s converter: %v", err))
	}
	return c
})

func newConverter(conversion string, protected map[string]string) (*converter, error) {
	cc, err := opencc.New(conversion)
	if err != nil {
		return nil, fmt.Errorf("load opencc %s: %w", conversion, err)
	}
	if len(cc.DictChains) != 1 {
		return nil, fmt.Errorf("opencc %s: %d conversion groups, want 1", conversion, len(cc.DictChains))
	}
	c := &converter{protected: newProtectedTerms(protected)}
	for _, d := range cc.DictChains[0].Dicts {
		if d == nil || d.Trie == nil {
			return nil, fmt.Errorf("opencc %s: empty dictionary in %v", conversion, cc.DictChains[0])
		}
		c.dicts = append(c.dicts, dict{trie: d.Trie, values: d.Values})
	}
	c.starts = make([]uint64, 1<<16/64)
	var buf [utf8.UTFMax]byte
	for r := rune(0); r < 1<<16; r++ {
		key := buf[:utf8.EncodeRune(buf[:], r)]
		for _, d := range c.dicts {
			if _, err := d.trie.Jump(key, 0); err == nil {
				c.starts[r/64] |= 1 << (r % 64)
				break
			}
		}
	}
	return c, nil
}

// mayStart reports whether a dictionary key may start with r.
func (c *converter) mayStart(r rune) bool {
	return r >= 1<<16 || c.starts[r/64]&(1<<(r%64)) != 0
}

// match returns the byte length of the longest key of d that prefixes s, and
// the key's first value; n is 0 when no key prefixes s.
func (d dict) match(s []byte) (n int, value string) {
	from := 0
	for j := range s {
		to, err := d.trie.Jump(s[j:j+1], from)
		if err != nil {
			break
		}
		if id, err := d.trie.Value(to); err == nil && id < len(d.values) && len(d.values[id]) > 0 {
			n, value = j+1, d.values[id][0]
		}
		from = to
	}
	return n, value
}

// convert calls emit for every maximal piece of s in order: s[start:end] is
// replaced by repl when changed is true and kept otherwise. Protected terms are
// found first and never cut by a dictionary phrase.
func (c *converter) convert(s []byte, emit func(start, end int, repl string, changed bool)) {
	pos := 0
	for _, p := range c.protected.find(s) {
		c.convertSpan(s, pos, p.start, emit)
		emit(p.start, p.end, p.target, true)
		pos = p.end
	}
	c.convertSpan(s, pos, len(s), emit)
}

func (c *converter) convertSpan(s []byte, start, end int, emit func(start, end int, repl string, changed bool)) {
	kept := start // start of a run of unchanged bytes not yet emitted
	for i := start; i < end; {
		if s[i] < utf8.RuneSelf && !c.mayStart(rune(s[i])) {
			i++
			continue
		}
		if r, size := utf8.DecodeRune(s[i:end]); size > 1 && !c.mayStart(r) {
			i += size
			continue
		}
		n, repl := 0, ""
		for _, d := range c.dicts {
			if n, repl = d.match(s[i:end]); n > 0 {
				break
			}
		}
		if n == 0 || repl == string(s[i:i+n]) {
			if n == 0 {
				_, n = utf8.DecodeRune(s[i:end])
			}
			i += n
			continue
		}
		if kept < i {
			emit(kept, i, "", false)
		}
		emit(i, i+n, repl, true)
		i += n
		kept = i
	}
	if kept < end {
		emit(kept, end, "", false)
	}
}

// ToSimplified converts traditional Chinese to simplified with OpenCC's t2s
// rules (phrases first, then characters), as packaged by
// github.com/longbridgeapp/opencc, with the protected terms of protect.go
// applied first (昇騰 → 昇腾, not 升腾). Text that is already simplified is
// returned unchanged, and so are bytes that are not valid UTF-8.
func ToSimplified(s string) string {
	b := []byte(s)
	out := make([]byte, 0, len(b))
	t2s().convert(b, func(start, end int, repl string, changed bool) {
		if changed {
			out = append(out, repl...)
		} else {
			out = append(out, b[start:end]...)
		}
	})
	return string(out)
}

// SimplifyKeepLen returns a simplified copy of s with exactly len(s) bytes and
// the same rune boundaries: each character is replaced by its t2s conversion
// only where the two have the same UTF-8 length, and kept otherwise (a phrase
// whose conversion has another number of characters is kept whole). Invalid
// UTF-8 is copied unchanged. Token offsets computed on the result are therefore
// valid offsets into s; this is the char filter of the index's analyzer.
func SimplifyKeepLen(s []byte) []byte {
	out := make([]byte, len(s))
	copy(out, s)
	t2s().convert(s, func(start, end int, repl string, changed bool) {
		if changed {
			overlaySameLen(out[start:end], repl)
		}
	})
	return out
}

// overlaySameLen writes the runes of repl over the runes of dst where they pair
// up one for one with equal UTF-8 lengths; if repl has another rune count, dst
// is left as it is.
func overlaySameLen(dst []byte, repl string) {
	if utf8.RuneCount(dst) != utf8.RuneCountInString(repl) {
		return
	}
	i := 0
	for _, r := range repl {
		_, n := utf8.DecodeRune(dst[i:])
		if utf8.RuneLen(r) == n && r != utf8.RuneError {
			utf8.EncodeRune(dst[i:], r)
		}
		i += n
	}
}
