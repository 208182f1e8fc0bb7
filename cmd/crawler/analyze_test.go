package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhwatch/zhwatch/internal/dictset"
	"github.com/zhwatch/zhwatch/internal/entity"
	"github.com/zhwatch/zhwatch/internal/zh"
)

func runAnalyzeOn(t *testing.T, text string) analysis {
	t.Helper()
	path := filepath.Join(t.TempDir(), "in.txt")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"analyze", path}, &out, &errOut); err != nil {
		t.Fatalf("analyze: %v (%s)", err, errOut.String())
	}
	var a analysis
	if err := json.Unmarshal(out.Bytes(), &a); err != nil {
		t.Fatalf("analyze printed %q: %v", out.String(), err)
	}
	return a
}

func TestAnalyze(t *testing.T) {
	text := "美國商務部將英偉達H20列入管制，國發〔2025〕11號要求加強先進計算。"
	a := runAnalyzeOn(t, text)
	if a.Script != zh.ScriptTraditional || a.Normalized != zh.Normalize(text) {
		t.Errorf("script %q normalized %q", a.Script, a.Normalized)
	}
	runes := []rune(text)
	var words []string
	for _, tok := range a.Tokens {
		if string(runes[tok.Start:tok.End]) != tok.Text {
			t.Errorf("token %+v not at its offsets", tok)
		}
		words = append(words, tok.Text)
	}
	for _, w := range []string{"美國商務部", "英偉達", "H20", "國發〔2025〕11號", "先進計算"} {
		if !strings.Contains(" "+strings.Join(words, " ")+" ", " "+w+" ") {
			t.Errorf("%s not one token in %q", w, words)
		}
	}
	want := map[string]string{"美國商務部": "gov:us-doc", "英偉達": "company:nvidia", "H20": "chip:h20",
		"國發〔2025〕11號": "doc:国发〔2025〕11号"}
	for _, e := range a.Entities {
		if string(runes[e.Start:e.End]) != e.Text {
			t.Errorf("entity %+v not at its offsets", e)
		}
		if id, ok := want[e.Text]; ok && id == e.ID {
			delete(want, e.Text)
		}
	}
	if len(want) > 0 {
		t.Errorf("missing entities %v in %+v", want, a.Entities)
	}
}

// The done-when check of issue 4 on the seed article, when shared/ is there.
func TestAnalyzeSeedArticle(t *testing.T) {
	b, err := os.ReadFile("../../../shared/seed/article-export-controls.txt")
	if err != nil {
		t.Skipf("seed article not available: %v", err)
	}
	a := runAnalyzeOn(t, string(b))
	got := make(map[string]string)
	for _, e := range a.Entities {
		got[e.Text+" "+e.Type] = e.ID
	}
	for _, w := range []string{"英偉達 company", "A800 chip", "H800 chip", "亞馬遜 company", "微軟 company",
		"谷歌 company", "英特爾 company", "高通 company", "美國商務部 government", "未經驗證清單 list",
		"國務院 government", "國發〔2025〕11號 document", "美國半導體行業協會 organization",
		"402億美元 money", "37% percent"} {
		if _, ok := got[w]; !ok {
			t.Errorf("seed: no %s", w)
		}
	}
}

// Every name of the catalog, in each of its scripts, comes out of analyze as
// exactly its entity.
func TestAnalyzeEveryCatalogName(t *testing.T) {
	dicts, err := dictset.Open("") // what analyze reads without --dictionaries
	if err != nil {
		t.Fatal(err)
	}
	catalog, err := dicts.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	seg, err := dicts.Segmenter()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range catalog.Entities("") {
		for _, name := range e.Names() {
			a := analyze(name, seg, catalog)
			var whole []string
			for _, tg := range a.Entities {
				switch {
				case tg.Start == 0 && tg.Text == name:
					whole = append(whole, tg.ID)
				case e.Type == entity.TypeChip && tg.ID == e.ID && strings.HasSuffix(name, tg.Text) && tg.End == len([]rune(name)):
					whole = append(whole, tg.ID) // company + product: 英伟达 + A30
				case e.Type != entity.TypeChip || tg.Type != entity.TypeCompany: // only a chip's vendor may sit inside
					t.Errorf("analyze(%q): stray entity %+v", name, tg)
				}
			}
			if len(whole) != 1 || whole[0] != e.ID {
				t.Errorf("analyze(%q): entities over the whole name %v, want %s", name, whole, e.ID)
			}
		}
	}
}

func TestAnalyzeUsage(t *testing.T) {
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"analyze", "a", "b"}, &out, &errOut)
	if exitCode(err, &errOut) != 2 {
		t.Errorf("analyze a b: %v, want a usage error", err)
	}
	err = run(context.Background(), []string{"analyze", "--dictionaries", t.TempDir(), "-"}, &out, &errOut)
	if err == nil {
		t.Error("analyze with an empty dictionary directory succeeded")
	}
}
