// Package ingest turns fetched pages into stored articles: extraction, the
// text layer (script detection, normalisation), topic matching, and the
// store writes. The crawler hands it pages; `crawler reprocess` hands it
// stored pages again. It is the one place that knows that order.
package ingest

import (
	"sort"
	"strings"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/entity"
	"github.com/zhwatch/zhwatch/internal/extract"
	"github.com/zhwatch/zhwatch/internal/zh"
)

// Pipeline makes an Article of a Page. It is safe for concurrent use.
type Pipeline struct {
	extractor *extract.Extractor
	topics    []topic
	catalog   *entity.Catalog // nil: no entity tags
}

type topic struct {
	name  string
	words []string // normalised
}

// NewPipeline builds a pipeline; topics maps a topic name to its words and
// phrases in either script, and catalog tags the entities of each article
// (nil: no tags).
func NewPipeline(ex *extract.Extractor, topics map[string][]string, catalog *entity.Catalog) *Pipeline {
	p := &Pipeline{extractor: ex, catalog: catalog}
	for name, words := range topics {
		t := topic{name: name}
		for _, w := range words {
			if w = zh.Normalize(strings.TrimSpace(w)); w != "" {
				t.words = append(t.words, w)
			}
		}
		p.topics = append(p.topics, t)
	}
	sort.Slice(p.topics, func(i, j int) bool { return p.topics[i].name < p.topics[j].name })
	return p
}

// Article extracts and annotates one page.
func (p *Pipeline) Article(page zhwatch.Page) (zhwatch.Article, error) {
	a, err := p.extractor.Extract(page)
	if err != nil {
		return a, err
	}
	text := a.Title + "\n" + a.Body
	a.Script = zhwatch.Script(zh.DetectScript(text))
	normal := zh.NormalizeMapped(text)
	a.Normalized = normal.Text
	a.Topics = p.match(a.Normalized)
	if p.catalog != nil {
		// Tag offsets are rune offsets into Title + "\n" + Body.
		a.Tags = p.catalog.TagMapped(text, normal)
	}
	return a, nil
}

// match lists the topics with at least one word in the normalised text.
func (p *Pipeline) match(normalized string) []string {
	topics := []string{}
	for _, t := range p.topics {
		for _, w := range t.words {
			if strings.Contains(normalized, w) {
				topics = append(topics, t.name)
				break
			}
		}
	}
	return topics
}
