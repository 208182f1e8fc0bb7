package ingest

import (
	"testing"

	"github.com/zhwatch/zhwatch/dictionaries"
	"github.com/zhwatch/zhwatch/internal/entity"
	"github.com/zhwatch/zhwatch/internal/extract"
)

// Article tags entities with offsets into Title + "\n" + Body.
func TestPipelineTags(t *testing.T) {
	catalog, err := entity.LoadFS(dictionaries.FS)
	if err != nil {
		t.Fatal(err)
	}
	a, err := NewPipeline(extract.New(), topics, catalog).Article(page("http://h/2023/10/18/a.html", tradPage))
	if err != nil {
		t.Fatal(err)
	}
	text := []rune(a.Title + "\n" + a.Body)
	ids := make(map[string]bool)
	for _, tg := range a.Tags {
		if tg.Start < 0 || tg.End > len(text) || string(text[tg.Start:tg.End]) != tg.Text {
			t.Errorf("tag %+v does not sit at its offsets in title + \"\\n\" + body", tg)
		}
		ids[tg.ID] = true
	}
	for _, id := range []string{"company:nvidia", "chip:a800", "chip:h800", "gov:us-doc", "list:unverified-list", "tech:ai-chip"} {
		if !ids[id] {
			t.Errorf("no %s among %+v", id, a.Tags)
		}
	}
	none, err := NewPipeline(extract.New(), topics, nil).Article(page("http://h/2023/10/18/a.html", tradPage))
	if err != nil {
		t.Fatal(err)
	}
	if len(none.Tags) != 0 {
		t.Errorf("pipeline without a catalog tagged %+v", none.Tags)
	}
}
