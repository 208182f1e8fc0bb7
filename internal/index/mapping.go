package index

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/mapping"
)

// AnalyzerName is the Chinese analyzer used for title and body.
const AnalyzerName = "zh"

const docType = "article"

// newMapping builds the index mapping. dictDigest is recorded in the
// tokenizer config so an index built with another dictionary refuses to open.
func newMapping(dictDigest string) (mapping.IndexMapping, error) {
	im := bleve.NewIndexMapping()
	if err := im.AddCustomTokenizer("zh_jieba", map[string]any{
		"type":        TokenizerType,
		"dict_sha256": dictDigest,
	}); err != nil {
		return nil, err
	}
	if err := im.AddCustomAnalyzer(AnalyzerName, map[string]any{
		"type":          custom.Name,
		"char_filters":  []string{CharFilterT2S},
		"tokenizer":     "zh_jieba",
		"token_filters": []string{cjk.WidthName, lowercase.Name},
	}); err != nil {
		return nil, err
	}
	im.DefaultAnalyzer = AnalyzerName

	text := func(store bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = AnalyzerName
		f.Store = store
		f.IncludeTermVectors = store // highlighting needs positions of stored fields
		f.IncludeInAll = false
		return f
	}
	kw := func() *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.Store = true
		return f
	}
	stored := bleve.NewTextFieldMapping() // shown in hits, never searched
	stored.Index = false
	stored.Store = true
	stored.IncludeInAll = false
	stored.IncludeTermVectors = false
	date := bleve.NewDateTimeFieldMapping()
	date.IncludeInAll = false

	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt("title", text(true))
	doc.AddFieldMappingsAt("body", text(true))
	doc.AddFieldMappingsAt("source", kw())
	doc.AddFieldMappingsAt("topics", kw())
	doc.AddFieldMappingsAt("script", kw())
	doc.AddFieldMappingsAt("published", date)
	doc.AddFieldMappingsAt("url", stored)
	doc.AddFieldMappingsAt("published_at", stored)
	im.AddDocumentMapping(docType, doc)
	im.DefaultMapping = bleve.NewDocumentDisabledMapping()
	return im, nil
}
