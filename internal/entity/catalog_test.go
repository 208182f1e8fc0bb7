package entity

import (
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/zhwatch/zhwatch/dictionaries"
)

const dictDir = "../../dictionaries"

var loaded = sync.OnceValues(func() (*Catalog, error) { return Load(dictDir) })

func catalog(t testing.TB) *Catalog {
	t.Helper()
	c, err := loaded()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestLoadProjectCatalog(t *testing.T) {
	c := catalog(t)
	if c.Len() < 300 {
		t.Errorf("catalog has %d entries, want 300+", c.Len())
	}
	for _, typ := range []string{TypeChip, TypeCompany, TypeGovernment, TypeOrganization, TypeList, TypeDocument, TypeTechnology, TypePlace} {
		n := len(c.Entities(typ))
		t.Logf("%-12s %d", typ, n)
		if n == 0 {
			t.Errorf("no %s entries", typ)
		}
	}
	if _, err := Load(filepath.Join(dictDir, "missing")); err == nil {
		t.Error("Load of a missing directory succeeded")
	}
}

func TestLoadFSBuiltin(t *testing.T) {
	c, err := LoadFS(dictionaries.FS)
	if err != nil {
		t.Fatal(err)
	}
	if c.Len() != catalog(t).Len() {
		t.Errorf("built-in catalog has %d entries, dictionaries/ %d", c.Len(), catalog(t).Len())
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ yaml, want string }{
		{"- {id: company:x, type: company, hans: [某某公司], color: red}", "color"},
		{"- {id: company:x, type: firm, hans: [某某公司]}", `unknown type "firm"`},
		{"- {id: Company:X, type: company, hans: [某某公司]}", "prefix:lower-case-name"},
		{"- {id: gov:x, type: company, hans: [某某公司]}", `starts with "company:"`},
		{"- {id: company:x, type: company}", "no names"},
		{"- {id: company:x, type: company, hans: [某]}", "one Chinese character"},
		{"- {id: company:x, type: company, hans: [' 某某']}", "spaces"},
		{"- {id: company:x, type: company, hans: [某某]}\n- {id: company:x, type: company, hans: [某甲]}", "used twice"},
		{"- {id: company:x, type: company, hans: [英伟达]}\n- {id: company:y, type: company, hant: [英偉達]}", "also a name of company:x"},
		{"[", "decode"},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.yaml))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) = %v, want an error with %q", tt.yaml, err, tt.want)
		}
	}
	if c, err := Parse(nil); err != nil || c.Len() != 0 {
		t.Errorf("Parse(empty) = %v, %v", c, err)
	}
}
