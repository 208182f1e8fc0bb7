package ingest

import (
	"context"
	"fmt"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/reprint"
)

// ReprintFinder is what reprint clustering needs from the store.
type ReprintFinder interface {
	ReprintCandidates(ctx context.Context, bands []int64) ([]zhwatch.ReprintCandidate, error)
}

// cluster fingerprints a and puts it in the cluster of its most similar
// stored reprint, or in a cluster of its own.
func cluster(ctx context.Context, st ReprintFinder, a *zhwatch.Article) error {
	a.ID = zhwatch.ArticleID(a.URL)
	a.ClusterID = a.ID
	sig, ok := reprint.Sign(a.Normalized)
	if !ok {
		a.Fingerprint = zhwatch.Fingerprint{}
		return nil
	}
	keys := reprint.BandKeys(sig)
	a.Fingerprint = zhwatch.Fingerprint{Signature: sig.Bytes(), Bands: keys[:]}
	candidates, err := st.ReprintCandidates(ctx, keys[:])
	if err != nil {
		return err
	}
	best := reprint.Threshold
	for _, c := range candidates {
		if c.ArticleID == a.ID {
			continue
		}
		other, err := reprint.Decode(c.Signature)
		if err != nil {
			return fmt.Errorf("article %s: %w", c.ArticleID, err)
		}
		if s := reprint.Similarity(sig, other); s >= best && c.ClusterID != "" {
			best, a.ClusterID = s, c.ClusterID
		}
	}
	return nil
}
