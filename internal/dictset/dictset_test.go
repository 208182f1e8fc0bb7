package dictset

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhwatch/zhwatch/internal/entity"
)

func TestBuiltinCatalogIsTheRepositoryOne(t *testing.T) {
	s, err := Open("")
	if err != nil {
		t.Fatal(err)
	}
	builtin, err := s.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	onDisk, err := entity.Load("../../dictionaries")
	if err != nil {
		t.Fatal(err)
	}
	if a, b := len(builtin.Entities("")), len(onDisk.Entities("")); a != b || a == 0 {
		t.Errorf("built-in catalog has %d entities, dictionaries/entities.yaml %d", a, b)
	}
}

func TestOverride(t *testing.T) {
	dir := t.TempDir()
	catalog := "- id: company:acme\n  type: company\n  hans: [阿克米公司]\n"
	if err := os.WriteFile(filepath.Join(dir, "entities.yaml"), []byte(catalog), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir); err == nil || !strings.Contains(err.Error(), "user.dict.utf8") {
		t.Fatalf("Open(dir without user.dict.utf8) = %v, want an error naming it", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "user.dict.utf8"), []byte("阿克米公司 20000 nt\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Entity("company:acme"); !ok || len(c.Entities("")) != 1 {
		t.Errorf("override catalog: %d entities, want only company:acme", len(c.Entities("")))
	}
	if s.String() != dir {
		t.Errorf("String() = %q, want %q", s.String(), dir)
	}
}
