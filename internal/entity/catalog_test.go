package entity

import (
	"path/filepath"
	"sync"
	"testing"
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
