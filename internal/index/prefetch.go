package index

import (
	"runtime"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/zh"
)

// tokenCache holds jieba tokens of texts (as the tokenizer receives them:
// after the t→s char filter) segmented ahead of time. bleve's offline
// builder analyzes documents one at a time; segmenting the next batch on
// the other cores meanwhile is what makes Rebuild use more than one.
type tokenCache struct {
	mu sync.Mutex
	m  map[string][]zh.Token
}

func newTokenCache() *tokenCache { return &tokenCache{m: map[string][]zh.Token{}} }

func (c *tokenCache) put(text string, toks []zh.Token) {
	c.mu.Lock()
	c.m[text] = toks
	c.mu.Unlock()
}

// take returns and forgets the tokens of text; a nil cache has none.
func (c *tokenCache) take(text []byte) ([]zh.Token, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	toks, ok := c.m[string(text)]
	if ok {
		delete(c.m, string(text))
	}
	return toks, ok
}

// installPrefetch gives the jieba tokenizer of m's index analyzer a token
// cache and returns it; nil when the analyzer is not ours (the cjk
// comparison).
func installPrefetch(m mapping.IndexMapping, analyzer string) *tokenCache {
	a, ok := m.AnalyzerNamed(analyzer).(*analysis.DefaultAnalyzer)
	if !ok {
		return nil
	}
	jt, ok := a.Tokenizer.(*jiebaTokenizer)
	if !ok {
		return nil
	}
	jt.prefetched = newTokenCache()
	return jt.prefetched
}

// prefetch segments the titles and bodies of batch into c, on all but one
// of the available cores (the builder has that one).
func (c *tokenCache) prefetch(seg *zh.Segmenter, batch []zhwatch.Article) {
	workers := max(1, runtime.GOMAXPROCS(0)-1)
	next := make(chan string)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for text := range next {
				c.put(text, seg.Tokens(text))
			}
		}()
	}
	for _, a := range batch {
		next <- string(zh.SimplifyKeepLen([]byte(a.Title)))
		next <- string(zh.SimplifyKeepLen([]byte(a.Body)))
	}
	close(next)
	wg.Wait()
}
