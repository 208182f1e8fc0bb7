package index

import (
	"errors"
	"fmt"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/zhwatch/zhwatch/internal/zh"
)

// Names of the analysis components zhwatch registers with bleve. The index
// mapping refers to them by name and bleve re-resolves them on every open,
// so every process that opens the index must import this package.
const (
	CharFilterT2S = "zhwatch_t2s"
	TokenizerType = "zhwatch_jieba"
)

// ErrDictionaryChanged means the index was built with another user
// dictionary than the one loaded now; its tokens would not match queries.
var ErrDictionaryChanged = errors.New("the user dictionary changed since the index was built; run `search reindex`")

func init() {
	must(registry.RegisterCharFilter(CharFilterT2S, newT2SCharFilter))
	must(registry.RegisterTokenizer(TokenizerType, newJiebaTokenizer))
}

func must(err error) {
	if err != nil {
		panic(err) // duplicate registration: a programming error
	}
}

// t2sCharFilter maps traditional characters to simplified ones while keeping
// the byte length, so token offsets stay valid against the stored original
// text and highlights show the original script.
type t2sCharFilter struct{}

func (t2sCharFilter) Filter(input []byte) []byte { return zh.SimplifyKeepLen(input) }

func newT2SCharFilter(map[string]any, *registry.Cache) (analysis.CharFilter, error) {
	return t2sCharFilter{}, nil
}

// jiebaTokenizer segments with the process-wide gojieba instance in search
// mode (sub-words of long words are emitted too, so 冠军 finds 总冠军).
type jiebaTokenizer struct{ seg *zh.Segmenter }

func newJiebaTokenizer(cfg map[string]any, _ *registry.Cache) (analysis.Tokenizer, error) {
	seg, err := zh.Shared()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", TokenizerType, err)
	}
	if want, _ := cfg["dict_sha256"].(string); want != seg.DictDigest() {
		return nil, fmt.Errorf("%s: %w", TokenizerType, ErrDictionaryChanged)
	}
	return jiebaTokenizer{seg}, nil
}

func (t jiebaTokenizer) Tokenize(input []byte) analysis.TokenStream {
	toks := t.seg.Tokens(string(input))
	out := make(analysis.TokenStream, 0, len(toks))
	for i, tok := range toks {
		out = append(out, &analysis.Token{
			Term:     []byte(tok.Text),
			Start:    tok.Start,
			End:      tok.End,
			Position: i + 1,
			Type:     tokenType(tok.Text),
		})
	}
	return out
}

func tokenType(s string) analysis.TokenType {
	for _, r := range s {
		if r >= 0x80 {
			return analysis.Ideographic
		}
	}
	return analysis.AlphaNumeric
}
