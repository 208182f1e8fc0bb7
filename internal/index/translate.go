package index

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/query"
)

// translate turns a parsed query into a bleve query. A node that leaves
// nothing to look for (a word made only of punctuation) is dropped; nil
// means the whole query was such.
func (ix *Index) translate(n query.Node) bq.Query {
	switch n := n.(type) {
	case query.Text:
		return ix.textQuery(n)
	case query.Keyword:
		return keywordQuery(n)
	case query.Date:
		return dateQuery(n.Time, n.After)
	case query.Not:
		inner := ix.translate(n.Node)
		if inner == nil {
			return nil
		}
		b := bleve.NewBooleanQuery()
		b.AddMust(bleve.NewMatchAllQuery())
		b.AddMustNot(inner)
		return b
	case query.Or:
		var qs []bq.Query
		for _, c := range n.Nodes {
			if q := ix.translate(c); q != nil {
				qs = append(qs, q)
			}
		}
		if len(qs) == 0 {
			return nil
		}
		return bleve.NewDisjunctionQuery(qs...)
	case query.And:
		var must, mustNot []bq.Query
		for _, c := range n.Nodes {
			if not, ok := c.(query.Not); ok {
				if q := ix.translate(not.Node); q != nil {
					mustNot = append(mustNot, q)
				}
			} else if q := ix.translate(c); q != nil {
				must = append(must, q)
			}
		}
		if len(must) == 0 && len(mustNot) == 0 {
			return nil
		}
		if len(must) == 0 {
			must = append(must, bleve.NewMatchAllQuery())
		}
		b := bleve.NewBooleanQuery()
		b.AddMust(must...)
		b.AddMustNot(mustNot...)
		return b
	}
	return nil
}

// textQuery looks for a word or phrase, and every alias of it, in the title
// (and the body unless title: was given), in either script.
func (ix *Index) textQuery(t query.Text) bq.Query {
	names := []string{t.Text}
	if ix.aliases != nil {
		for _, a := range ix.aliases.Resolve(t.Text) {
			if !slices.Contains(names, a) {
				names = append(names, a)
			}
		}
	}
	fields := []string{fieldTitle, fieldBody}
	if t.Title {
		fields = fields[:1]
	}
	var qs []bq.Query
	for _, name := range names {
		if !ix.searchable(name) {
			continue
		}
		for _, f := range fields {
			if t.Phrase {
				m := bleve.NewMatchPhraseQuery(name)
				m.SetField(f)
				m.Analyzer = ix.queryAnalyzer()
				qs = append(qs, m)
				continue
			}
			m := bleve.NewMatchQuery(name)
			m.SetField(f)
			m.Analyzer = ix.queryAnalyzer()
			m.SetOperator(bq.MatchQueryOperatorAnd)
			qs = append(qs, m)
		}
	}
	switch len(qs) {
	case 0:
		return nil
	case 1:
		return qs[0]
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// queryAnalyzer is the analyzer for query terms: whole words for the jieba
// index, the index analyzer itself for any other (the cjk comparison).
func (ix *Index) queryAnalyzer() string {
	if ix.mapping.AnalyzerNameForPath(fieldBody) == AnalyzerName {
		return QueryAnalyzerName
	}
	return ix.mapping.AnalyzerNameForPath(fieldBody)
}

// searchable reports whether s leaves any token after analysis.
func (ix *Index) searchable(s string) bool {
	a := ix.mapping.AnalyzerNamed(ix.queryAnalyzer())
	return a != nil && len(a.Analyze([]byte(s))) > 0
}

// keywordQuery filters on a source, entity id or entity type. Those are
// lower case by rule (config, catalog), so the value is folded: entity:company:NVIDIA works.
func keywordQuery(k query.Keyword) bq.Query {
	k.Value = strings.ToLower(k.Value)
	field := map[string]string{
		query.FieldSource: fieldSource,
		query.FieldEntity: fieldEntity,
		query.FieldType:   fieldEntityType,
	}[k.Field]
	if k.Prefix {
		q := bleve.NewPrefixQuery(k.Value)
		q.SetField(field)
		return q
	}
	q := bleve.NewTermQuery(k.Value)
	q.SetField(field)
	return q
}

// dateQuery bounds the publication date: on or after t, or before t.
func dateQuery(t time.Time, after bool) bq.Query {
	var q *bq.DateRangeQuery
	yes, no := true, false
	if after {
		q = bleve.NewDateRangeInclusiveQuery(t, time.Time{}, &yes, &no)
	} else {
		q = bleve.NewDateRangeInclusiveQuery(time.Time{}, t, &yes, &no)
	}
	q.SetField(fieldPublished)
	return q
}

// compile parses s and translates it.
func (ix *Index) compile(s string) (query.Query, bq.Query, error) {
	pq, err := query.Parse(s)
	if err != nil {
		return query.Query{}, nil, err
	}
	bqq := ix.translate(pq.Root)
	if bqq == nil {
		return query.Query{}, nil, fmt.Errorf("%w: query %q has no word to look for (only punctuation?)", zhwatch.ErrInvalid, s)
	}
	return pq, bqq, nil
}
