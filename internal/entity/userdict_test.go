package entity

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhwatch/zhwatch/internal/zh"
)

// The checked-in user dictionary is what gendict makes of terms.dict.utf8 and
// the catalog: a catalog name missing from it fails here.
func TestUserDictUpToDate(t *testing.T) {
	c := catalog(t)
	terms, err := os.ReadFile(filepath.Join(dictDir, TermsFile))
	if err != nil {
		t.Fatal(err)
	}
	jieba, err := JiebaWords()
	if err != nil {
		t.Fatal(err)
	}
	want, err := UserDict(terms, c, func(w string) bool { return jieba[w] })
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dictDir, zh.UserDictFile))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is stale: run `go generate ./internal/entity`", zh.UserDictFile)
	}
	inFile := make(map[string]bool)
	for _, line := range strings.Split(string(got), "\n") {
		w, _, _ := strings.Cut(line, " ")
		inFile[w] = true
	}
	words, _ := c.UserDictWords()
	for _, w := range words {
		if !inFile[w] && !jieba[w] {
			t.Errorf("catalog word %s is in neither %s nor jieba's dictionary", w, zh.UserDictFile)
		}
	}
	if len(words) < 300 {
		t.Errorf("only %d catalog words for the user dictionary", len(words))
	}
}

func TestUserDictRejectsDuplicateTerms(t *testing.T) {
	c := catalog(t)
	if _, err := UserDict([]byte("出口管制 20000 nz\n出口管制 5 n\n"), c, func(string) bool { return false }); err == nil {
		t.Error("duplicate term accepted")
	}
}
