package entity

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"

	"github.com/zhwatch/zhwatch/internal/zh"
)

// TermsFile is the hand-written part of the jieba user dictionary: the
// field's words that are not entity names (出口管制, 两用物项…), in
// zh.UserDictFile's format.
const TermsFile = "terms.dict.utf8"

// userDictFreq is the frequency given to catalog names (see dictionaries/README.md).
const userDictFreq = 20000

// UserDictWords returns the words of catalog names that segmentation must keep
// whole: each name (weak ones too) converted to simplified, as the index sees
// it, with its jieba part-of-speech tag. Names that carry spaces or
// punctuation other than + cannot be jieba words and are left out, and so are
// names without Chinese characters (Latin and digit runs are never split).
func (c *Catalog) UserDictWords() (words, tags []string) {
	seen := make(map[string]bool)
	for _, e := range c.entities {
		for _, name := range append(e.Names(), e.Weak...) {
			w := zh.ToSimplified(name)
			if seen[w] || !dictWord(w) {
				continue
			}
			seen[w] = true
			words = append(words, w)
			tags = append(tags, posTag(e.Type))
		}
	}
	return words, tags
}

func dictWord(w string) bool {
	han := false
	for _, r := range w {
		switch {
		case unicode.Is(unicode.Han, r):
			han = true
		case r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '+'):
		default:
			return false
		}
	}
	return han
}

func posTag(typ string) string {
	switch typ {
	case TypeCompany, TypeGovernment, TypeOrganization:
		return "nt"
	case TypePlace:
		return "ns"
	}
	return "nz"
}

// UserDict builds zh.UserDictFile: the lines of terms, then one line per
// catalog word that neither terms nor jieba's own dictionary (inJieba) has.
// Words jieba already knows keep jieba's frequency.
func UserDict(terms []byte, c *Catalog, inJieba func(word string) bool) ([]byte, error) {
	var out bytes.Buffer
	have := make(map[string]bool)
	for i, line := range strings.Split(strings.TrimRight(string(terms), "\n"), "\n") {
		if line == "" {
			continue
		}
		word, _, _ := strings.Cut(line, " ")
		if have[word] {
			return nil, fmt.Errorf("%s line %d: %s listed twice", TermsFile, i+1, word)
		}
		have[word] = true
		out.WriteString(line + "\n")
	}
	words, tags := c.UserDictWords()
	for i, w := range words {
		if have[w] || inJieba(w) {
			continue
		}
		fmt.Fprintf(&out, "%s %d %s\n", w, userDictFreq, tags[i])
	}
	return out.Bytes(), nil
}
