package entity

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"

	"github.com/zhwatch/zhwatch/dictionaries"
	"github.com/zhwatch/zhwatch/internal/zh"
)

// corpus reads title + "\n" + body of each line of $ZHWATCH_CORPUS (for
// example ../shared/corpus/news.jsonl), or skips.
func corpus(b *testing.B) (texts []string, size int64) {
	path := os.Getenv("ZHWATCH_CORPUS")
	if path == "" {
		b.Skip("set ZHWATCH_CORPUS to a JSON-lines file with title and body fields")
	}
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	for sc.Scan() {
		var a struct{ Title, Body string }
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			b.Fatalf("%s: %v", path, err)
		}
		texts = append(texts, a.Title+"\n"+a.Body)
		size += int64(len(a.Title) + 1 + len(a.Body))
	}
	if err := sc.Err(); err != nil {
		b.Fatal(err)
	}
	return texts, size
}

// BenchmarkNormalizeSegmentTag is the text layer's cost per article: what the
// index does (length-keeping t2s, search-mode tokens, folded token text) plus
// what ingest does (normal form, entity tags). Run it with -cpu 1.
func BenchmarkNormalizeSegmentTag(b *testing.B) {
	texts, size := corpus(b)
	c, err := Load(dictDir)
	if err != nil {
		b.Fatal(err)
	}
	jdir, err := dictionaries.OnDisk()
	if err != nil {
		b.Fatal(err)
	}
	seg, err := zh.New(jdir, dictDir)
	if err != nil {
		b.Fatal(err)
	}
	defer seg.Close()
	b.Run("all", func(b *testing.B) {
		b.SetBytes(size)
		defer reportCPU(b, size)()
		for b.Loop() {
			for _, t := range texts {
				for _, tok := range seg.Tokens(string(zh.SimplifyKeepLen([]byte(t)))) {
					_ = zh.Fold(tok.Text)
				}
				_ = c.TagMapped(t, zh.NormalizeMapped(t)) // ingest: Normalized and Tags
			}
		}
	})
	b.Run("jieba", func(b *testing.B) { // the reference: segmentation alone
		b.SetBytes(size)
		defer reportCPU(b, size)()
		for b.Loop() {
			for _, t := range texts {
				_ = seg.Tokens(t)
			}
		}
	})
	b.Run("tag", func(b *testing.B) {
		b.SetBytes(size)
		defer reportCPU(b, size)()
		for b.Loop() {
			for _, t := range texts {
				_ = c.Tag(t)
			}
		}
	})
}
