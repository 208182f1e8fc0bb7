package index

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	bindex "github.com/blevesearch/bleve_index_api"
)

// Analyzers of the text fields: AnalyzerName indexes (words and their
// sub-words), QueryAnalyzerName analyzes query terms (whole words only).
const (
	AnalyzerName      = "zh"
	QueryAnalyzerName = "zh_query"
)

const docType = "article"

// Field names in the index.
const (
	fieldTitle      = "title"
	fieldBody       = "body"
	fieldSource     = "source"
	fieldTopics     = "topics"
	fieldScript     = "script"
	fieldEntity     = "entity"       // entity ids of the article's tags: searched
	fieldEntityType = "entity_type"  // their types
	fieldTypedID    = "typed_entity" // type + typedSep + id, amounts left out: the entity facet and counts
	fieldPublished  = "published"    // date, for ranges and sorting
	fieldStored     = "stored"       // when the store first held the article: digests' "new"
	fieldDay        = "day"          // 2006-01-02, China time, for timelines
	fieldWeek       = "week"         // the Monday of the week
	fieldMonth      = "month"        // 2006-01
	fieldURL        = "url"
	fieldPubString  = "published_at"
)

// layout is what can vary between index builds: the benchmark compares
// bleve's cjk analyzer and a stored body against the defaults.
type layout struct {
	analyzer  string // AnalyzerName or cjk.AnalyzerName
	storeBody bool   // keep the body in the index (snippets without the store)
	shards    int    // shards of a new index; 0: one per core (newShardCount)
}

var defaultLayout = layout{analyzer: AnalyzerName}

// newMapping builds the index mapping. dictDigest is recorded in the
// tokenizer config so an index built with another dictionary refuses to open.
func newMapping(dictDigest string, lay layout) (plainDocValues, error) {
	im := bleve.NewIndexMapping()
	for name, mode := range map[string]string{"zh_jieba": "", "zh_jieba_words": modeWords} {
		if err := im.AddCustomTokenizer(name, map[string]any{
			"type":        TokenizerType,
			configDigest:  dictDigest,
			configVersion: layoutVersion,
			configMode:    mode,
		}); err != nil {
			return plainDocValues{}, err
		}
	}
	for name, tok := range map[string]string{AnalyzerName: "zh_jieba", QueryAnalyzerName: "zh_jieba_words"} {
		if err := im.AddCustomAnalyzer(name, map[string]any{
			"type":          custom.Name,
			"char_filters":  []string{CharFilterT2S},
			"tokenizer":     tok,
			"token_filters": []string{FilterWidth, lowercase.Name},
		}); err != nil {
			return plainDocValues{}, err
		}
	}
	im.DefaultAnalyzer = lay.analyzer

	text := func(store bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = lay.analyzer
		f.Store = store
		f.IncludeTermVectors = true // phrases and snippet offsets
		f.IncludeInAll = false
		f.DocValues = false // never sorted or faceted on
		return f
	}
	kw := func(store, docValues bool) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.Store = store
		f.DocValues = docValues
		return f
	}
	stored := bleve.NewTextFieldMapping() // shown in hits, never searched
	stored.Index = false
	stored.Store = true
	stored.IncludeInAll = false
	stored.IncludeTermVectors = false
	stored.DocValues = false
	date := bleve.NewDateTimeFieldMapping()
	date.IncludeInAll = false
	date.Store = false

	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(fieldTitle, text(true))
	doc.AddFieldMappingsAt(fieldBody, text(lay.storeBody))
	doc.AddFieldMappingsAt(fieldSource, kw(true, true))
	doc.AddFieldMappingsAt(fieldTopics, kw(false, false))
	doc.AddFieldMappingsAt(fieldScript, kw(false, false))
	doc.AddFieldMappingsAt(fieldEntity, kw(true, false))
	doc.AddFieldMappingsAt(fieldEntityType, kw(false, true))
	doc.AddFieldMappingsAt(fieldTypedID, kw(false, true))
	doc.AddFieldMappingsAt(fieldDay, kw(false, true))
	doc.AddFieldMappingsAt(fieldWeek, kw(false, true))
	doc.AddFieldMappingsAt(fieldMonth, kw(false, true))
	doc.AddFieldMappingsAt(fieldPublished, date)
	doc.AddFieldMappingsAt(fieldStored, date)
	doc.AddFieldMappingsAt(fieldURL, stored)
	doc.AddFieldMappingsAt(fieldPubString, stored)
	im.AddDocumentMapping(docType, doc)
	im.DefaultMapping = bleve.NewDocumentDisabledMapping()
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false
	return plainDocValues{im}, nil
}

// plainDocValues maps documents as its mapping does, but keeps the doc
// values of the keyword fields (entities, types, source, dates: the facets
// and timelines) uncompressed and one document per chunk. A facet reads the
// doc values of every match, and snappy-decoding 1,024-document chunks was
// the largest cost of a one-word query at 100k articles. bleve's mapping has
// no setting for it, so documents are mapped here and handed to bleve whole.
//
// The two options go together, as bleve sets them for its geo fields: zapx
// v17 merges segments with iterateAllDocValues, which reads a field that
// skips compression as if it also skipped chunking, so SkipDVCompression
// alone hands each chunk's values to the wrong document once segments merge
// (every facet was wrong past one segment; counts_test.go catches it).
type plainDocValues struct{ *mapping.IndexMappingImpl }

// plainDV are the options added to every keyword field with doc values.
const plainDV = bindex.SkipDVCompression | bindex.SkipDVChunking

// MapDocument maps data into doc, leaving out empty text fields.
func (m plainDocValues) MapDocument(doc *document.Document, data any) error {
	if err := m.IndexMappingImpl.MapDocument(doc, data); err != nil {
		return err
	}
	fields := doc.Fields[:0]
	for _, f := range doc.Fields {
		tf, ok := f.(*document.TextField)
		switch {
		case !ok:
		case len(tf.Value()) == 0:
			// bleve maps a struct's empty strings too: an undated
			// article would count under month "" in every facet.
			continue
		case tf.Options().IncludeDocValues():
			f = document.NewTextFieldCustom(tf.Name(), tf.ArrayPositions(), tf.Value(),
				tf.Options()|plainDV, tf.Analyzer())
		}
		fields = append(fields, f)
	}
	doc.Fields = fields
	return nil
}
