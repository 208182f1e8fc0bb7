package index

import (
	"bytes"
	"errors"
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/zhwatch/zhwatch/internal/zh"
)

// Names of the analysis components zhwatch registers with bleve. The index
// mapping refers to them by name and bleve re-resolves them on every open,
// so every process that opens the index must import this package.
const (
	CharFilterT2S = "zhwatch_t2s"
	TokenizerType = "zhwatch_jieba"
	FilterWidth   = "zhwatch_width"
)

// ErrDictionaryChanged means the index was built with another user
// dictionary than the one loaded now; its tokens would not match queries.
var ErrDictionaryChanged = errors.New("the user dictionary changed since the index was built; run `search reindex`")

func init() {
	must(registry.RegisterCharFilter(CharFilterT2S, newT2SCharFilter))
	must(registry.RegisterTokenizer(TokenizerType, newJiebaTokenizer))
	must(registry.RegisterTokenFilter(FilterWidth, newWidthFilter))
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

// widthFilter folds full-width Latin letters and digits (Ｈ２０ → H20) and
// half-width katakana as bleve's cjk_width does, but only touches the
// tokens that hold such characters: cjk_width rebuilds every term, which
// cost 4% of a reindex.
type widthFilter struct{ fold *cjk.CJKWidthFilter }

func newWidthFilter(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
	return widthFilter{cjk.NewCJKWidthFilter()}, nil
}

func (f widthFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for i, tok := range input {
		// U+FF01–U+FF9F are all EF BC xx – EF BE xx in UTF-8.
		if bytes.IndexByte(tok.Term, 0xEF) >= 0 {
			f.fold.Filter(input[i : i+1])
		}
	}
	return input
}

// jiebaTokenizer segments with the process-wide gojieba instance in search
// mode: each word, plus the dictionary words inside long words, so 冠军
// finds 总冠军. A sub-word gets the position of the word it sits in, so a
// phrase query written with the whole word (出口管制) or with words that
// continue past it (管制措施) still finds its tokens one position apart.
// In words mode (the query side) the sub-words are left out: a query term
// is the whole word, which also keeps highlights on the whole word.
type jiebaTokenizer struct {
	seg   *zh.Segmenter
	words bool
}

// Tokenizer config keys and values.
const (
	configDigest  = "dict_sha256"
	configVersion = "layout"
	configMode    = "mode"
	modeWords     = "words"
	// layoutVersion changes whenever tokens or fields change meaning; an
	// index built with another layout must be rebuilt.
	layoutVersion = "4"
)

// ErrOutdated means the index was built by a zhwatch with another index
// layout; it must be rebuilt from the store.
var ErrOutdated = errors.New("the index was built by another version of zhwatch; run `search reindex`")

func newJiebaTokenizer(cfg map[string]any, _ *registry.Cache) (analysis.Tokenizer, error) {
	seg, err := zh.Shared()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", TokenizerType, err)
	}
	if v, _ := cfg[configVersion].(string); v != layoutVersion {
		return nil, fmt.Errorf("%s: %w", TokenizerType, ErrOutdated)
	}
	if want, _ := cfg[configDigest].(string); want != seg.DictDigest() {
		return nil, fmt.Errorf("%s: %w", TokenizerType, ErrDictionaryChanged)
	}
	mode, _ := cfg[configMode].(string)
	return &jiebaTokenizer{seg: seg, words: mode == modeWords}, nil
}

func (t *jiebaTokenizer) Tokenize(input []byte) analysis.TokenStream {
	toks := t.seg.Tokens(string(input))
	// Longest first among tokens that start together, so a word comes
	// before the sub-words at its start.
	slices.SortStableFunc(toks, func(a, b zh.Token) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return b.End - a.End
	})
	// One allocation for the tokens and one for their terms; each term
	// keeps bytes of its own, since token filters may rewrite it in place.
	size := 0
	for _, tok := range toks {
		size += len(tok.Text)
	}
	terms := make([]byte, 0, size)
	slab := make([]analysis.Token, 0, len(toks))
	out := make(analysis.TokenStream, 0, len(toks))
	pos, wordEnd := 0, -1
	for _, tok := range toks {
		sub := tok.Start < wordEnd
		if sub && t.words {
			continue
		}
		if !sub {
			pos++
			wordEnd = tok.End
		}
		from := len(terms)
		terms = append(terms, tok.Text...)
		slab = append(slab, analysis.Token{
			Term:     terms[from:len(terms):len(terms)],
			Start:    tok.Start,
			End:      tok.End,
			Position: pos,
			Type:     tokenType(tok.Text),
		})
		out = append(out, &slab[len(slab)-1])
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
