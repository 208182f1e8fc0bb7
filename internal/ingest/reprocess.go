package ingest

import (
	"context"
	"fmt"

	"github.com/zhwatch/zhwatch"
)

// PageSource lists stored pages for reprocessing.
type PageSource interface {
	LatestPages(ctx context.Context, after int64, limit int) ([]zhwatch.Page, error)
}

// ReprocessBatch is how many pages Reprocess loads at once. Pages are
// loaded with their bodies (up to max_body_bytes each, 10 MiB by default),
// so this bounds reprocess's memory: 8 pages is at most 80 MiB of bodies
// at the default cap, where 200 was 2 GiB.
const ReprocessBatch = 8

// ReprocessResult counts what Reprocess did.
type ReprocessResult struct {
	Pages   int // article pages re-extracted
	Created int // articles that did not exist before (extraction used to fail)
	Failed  int // pages whose extraction failed
}

// Reprocess re-extracts the newest stored fetch of every page isArticle
// accepts and stores the articles again, so an improved extractor or text
// layer reaches what was already collected without a re-crawl. Each stored
// article gets a new seq, so the index follows. progress, if not nil, is
// called every batch.
func (s *Saver) Reprocess(ctx context.Context, src PageSource, isArticle func(zhwatch.Page) bool,
	progress func(ReprocessResult)) (ReprocessResult, error) {
	batch := ReprocessBatch
	var res ReprocessResult
	for after := int64(0); ; {
		pages, err := src.LatestPages(ctx, after, batch)
		if err != nil {
			return res, err
		}
		if len(pages) == 0 {
			return res, nil
		}
		for _, p := range pages {
			if !isArticle(p) {
				continue
			}
			res.Pages++
			a, err := s.pipeline.Article(p)
			if err != nil {
				res.Failed++ // kept as it was; the page stays for the next improvement
				continue
			}
			created, err := s.putArticle(ctx, a)
			if err != nil {
				return res, fmt.Errorf("reprocess page %d: %w", p.ID, err)
			}
			if created {
				res.Created++
			}
		}
		after = pages[len(pages)-1].ID
		if progress != nil {
			progress(res)
		}
	}
}
