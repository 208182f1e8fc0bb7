package zh

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/longbridgeapp/opencc"
)

// benchArticles is a text built here: traditional and simplified news
// sentences of this field, about 4 KB an article, 16 articles.
func benchArticles() []string {
	sentences := []string{
		"美國商務部週二宣布，將限制英偉達向中國出口A800、H800等型號的AI晶片，並把31家中國實體列入「未經驗證清單」。",
		"国务院印发《关于深入实施“人工智能+”行动的意见》，提出加快先进计算、高带宽存储等关键技术攻关。",
		"華為昇騰910B與910C的產能受限於先進製程，業界估計2025年出貨量將有所增加。",
		"商务部新闻发言人表示，中方将依法把有关美国企业列入不可靠实体清单和出口管制管控名单。",
		"NVIDIA的H20晶片是為中國市場特別設計的產品，其算力低於H100和H200。",
		"工业和信息化部、国家发展改革委联合发布通知，推动算力基础设施高质量发展，5G与iPhone15等终端也在列。",
	}
	var articles []string
	for a := 0; a < 16; a++ {
		var b strings.Builder
		for i := a; b.Len() < 4000; i++ {
			b.WriteString(sentences[i%len(sentences)])
		}
		articles = append(articles, b.String())
	}
	return articles
}

// corpusArticles reads title and body of each line of $ZHWATCH_CORPUS (for
// example ../shared/corpus/news.jsonl), or skips.
func corpusArticles(b *testing.B) []string {
	path := os.Getenv("ZHWATCH_CORPUS")
	if path == "" {
		b.Skip("set ZHWATCH_CORPUS to a JSON-lines file with title and body fields")
	}
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	for sc.Scan() {
		var a struct{ Title, Body string }
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			b.Fatalf("%s: %v", path, err)
		}
		out = append(out, a.Title+"\n"+a.Body)
	}
	if err := sc.Err(); err != nil {
		b.Fatal(err)
	}
	return out
}

func totalBytes(texts []string) int64 {
	n := 0
	for _, t := range texts {
		n += len(t)
	}
	return int64(n)
}

// BenchmarkNormalizeAndSegment is what indexing an article costs in this
// package: the length-keeping t2s char filter, search-mode tokens, and folding
// of each token's text.
func BenchmarkNormalizeAndSegment(b *testing.B) {
	s := segmenter(b)
	run := func(b *testing.B, articles []string) {
		b.SetBytes(totalBytes(articles))
		for b.Loop() {
			for _, a := range articles {
				for _, tok := range s.Tokens(string(SimplifyKeepLen([]byte(a)))) {
					_ = Fold(tok.Text)
				}
			}
		}
	}
	b.Run("built", func(b *testing.B) { run(b, benchArticles()) })
	b.Run("corpus", func(b *testing.B) { run(b, corpusArticles(b)) })
}

func BenchmarkTokens(b *testing.B) {
	s := segmenter(b)
	articles := benchArticles()
	b.SetBytes(totalBytes(articles))
	for b.Loop() {
		for _, a := range articles {
			s.Tokens(a)
		}
	}
}

func BenchmarkToSimplified(b *testing.B) {
	articles := benchArticles()
	b.Run("zh", func(b *testing.B) {
		b.SetBytes(totalBytes(articles))
		for b.Loop() {
			for _, a := range articles {
				ToSimplified(a)
			}
		}
	})
	b.Run("library", func(b *testing.B) { // longbridgeapp/opencc's own Convert
		cc, err := opencc.New("t2s")
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(totalBytes(articles))
		for b.Loop() {
			for _, a := range articles {
				if _, err := cc.Convert(a); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

func BenchmarkDetectScript(b *testing.B) {
	articles := benchArticles()
	b.SetBytes(totalBytes(articles))
	for b.Loop() {
		for _, a := range articles {
			DetectScript(a)
		}
	}
}

// BenchmarkConvertCorpus is the t2s conversion alone over $ZHWATCH_CORPUS.
func BenchmarkConvertCorpus(b *testing.B) {
	articles := corpusArticles(b)
	b.SetBytes(totalBytes(articles))
	for b.Loop() {
		for _, a := range articles {
			ToSimplified(a)
		}
	}
}
