package zh

import (
	"fmt"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"
)

// Scripts that DetectScript reports.
const (
	ScriptSimplified  = "hans"
	ScriptTraditional = "hant"
	ScriptMixed       = "mixed"
	ScriptNone        = "" // no Han characters to judge
)

// mixedShare is the share of the minority script's distinctive characters from
// which a text counts as mixed rather than as its majority script (a
// traditional article quoting one simplified name is still traditional).
const mixedShare = 0.2

// DetectScript says whether s is written in simplified or traditional
// characters, a mix of both, or has no Han text (ScriptNone). It counts the
// characters that belong to one script only — those OpenCC's t2s character
// table converts and whose simplified form is another character (國, 為), and
// those its s2t table converts with no reading that keeps them (国, 为).
// Characters shared by both scripts (中, 人, 台, 乾) are not evidence; Han text
// made only of them reads the same in both and is reported as simplified.
func DetectScript(s string) string {
	tables := scriptTables()
	han, trad, simp := 0, 0, 0
	var buf [utf8.UTFMax]byte
	for _, r := range s {
		if r < 0x2E80 || !unicode.Is(unicode.Han, r) {
			continue
		}
		han++
		key := buf[:utf8.EncodeRune(buf[:], r)]
		isTrad, isSimp := tables.t2s.changes(key), tables.s2t.changes(key)
		switch {
		case isTrad && !isSimp:
			trad++
		case isSimp && !isTrad:
			simp++
		}
	}
	switch {
	case han == 0:
		return ScriptNone
	case trad == 0:
		return ScriptSimplified
	case simp == 0:
		return ScriptTraditional
	}
	minority := min(trad, simp)
	if float64(minority) >= mixedShare*float64(trad+simp) {
		return ScriptMixed
	}
	if trad > simp {
		return ScriptTraditional
	}
	return ScriptSimplified
}

type characterTables struct{ t2s, s2t dict }

// changes reports whether key is a key of the character table none of whose
// conversions is key itself.
func (d dict) changes(key []byte) bool {
	id := d.lookup(key)
	if id < 0 {
		return false
	}
	for _, v := range d.values[id] {
		if v == string(key) {
			return false
		}
	}
	return true
}

// lookup returns the value index of exactly key, or -1.
func (d dict) lookup(key []byte) int {
	to, err := d.trie.Jump(key, 0)
	if err != nil {
		return -1
	}
	id, err := d.trie.Value(to)
	if err != nil || id >= len(d.values) {
		return -1
	}
	return id
}

var scriptTables = sync.OnceValue(func() characterTables {
	t2s, err := characterTable("t2s", "TSCharacters.ocd2")
	if err != nil {
		panic(fmt.Sprintf("zh: build script tables: %v", err))
	}
	s2t, err := characterTable("s2t", "STCharacters.ocd2")
	if err != nil {
		panic(fmt.Sprintf("zh: build script tables: %v", err))
	}
	return characterTables{t2s: t2s, s2t: s2t}
})

// characterTable returns the single-character dictionary named file of an
// OpenCC conversion.
func characterTable(conversion, file string) (dict, error) {
	cc, err := opencc.New(conversion)
	if err != nil {
		return dict{}, fmt.Errorf("load opencc %s: %w", conversion, err)
	}
	for _, g := range cc.DictChains {
		for i, f := range g.Files {
			if f == file && i < len(g.Dicts) && g.Dicts[i] != nil && g.Dicts[i].Trie != nil {
				return dict{trie: g.Dicts[i].Trie, values: g.Dicts[i].Values}, nil
			}
		}
	}
	return dict{}, fmt.Errorf("opencc %s has no %s", conversion, file)
}
