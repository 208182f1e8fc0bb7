package index

import (
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
)

// The index is split into shards, each a bleve index in dir/shard-N, and
// every article lives in the shard its id hashes to. bleve builds and
// merges a segment on one goroutine and a query walks its matches on one,
// so one shard per core is what lets building and searching use them all
// (measured at 100k articles: README, "Measurements"). Searches go through
// a bleve alias, which asks the shards concurrently and merges hits and
// facets.

// shardPrefix names the shard directories.
const shardPrefix = "shard-"

// shardsKey is the internal key, in every shard, holding how many shards
// the index was made with: a shard lost or added by hand changes where
// articles route, so such an index must be rebuilt, not used.
var shardsKey = []byte("zhwatch.shards")

// ErrIncomplete means the index's shard directories are not the ones it
// was made with; it must be rebuilt from the store.
var ErrIncomplete = errors.New("the index's shards are incomplete; run `search reindex`")

// checkShards verifies that every shard records n shards.
func checkShards(shards []bleve.Index) error {
	want := strconv.Itoa(len(shards))
	for i, s := range shards {
		v, err := s.GetInternal(shardsKey)
		if err != nil {
			return err
		}
		if string(v) != want {
			return fmt.Errorf("shard %d of %d records %q shards: %w", i, len(shards), v, ErrIncomplete)
		}
	}
	return nil
}

// recordShards writes the shard count into every shard.
func recordShards(shards []bleve.Index) error {
	for _, s := range shards {
		if err := s.SetInternal(shardsKey, []byte(strconv.Itoa(len(shards)))); err != nil {
			return err
		}
	}
	return nil
}

// newShardCount is how many shards a new index gets: one per core, at
// least two so the routing is always exercised, at most eight.
func newShardCount() int { return min(max(runtime.NumCPU(), 2), 8) }

// shardCount is how many shards an index built with lay gets.
func (lay layout) shardCount() int {
	if lay.shards > 0 {
		return lay.shards
	}
	return newShardCount()
}

func shardDir(dir string, i int) string {
	return filepath.Join(dir, shardPrefix+strconv.Itoa(i))
}

// shardOf is the shard that holds the article with id.
func shardOf(id string, n int) int {
	h := fnv.New32a()
	h.Write([]byte(id))
	return int(h.Sum32() % uint32(n))
}

// countShards returns how many shards the index at dir has: 0 when there is
// no index, ErrOutdated when dir holds an index of the unsharded layout,
// ErrIncomplete when the shard directories are not shard-0 … shard-(n-1).
func countShards(dir string) (int, error) {
	if _, err := os.Stat(filepath.Join(dir, "index_meta.json")); err == nil {
		return 0, ErrOutdated
	}
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	seen := map[int]bool{}
	for _, e := range entries {
		if i, err := strconv.Atoi(strings.TrimPrefix(e.Name(), shardPrefix)); err == nil && e.IsDir() && strings.HasPrefix(e.Name(), shardPrefix) {
			seen[i] = true
		}
	}
	for i := range len(seen) {
		if !seen[i] {
			return 0, fmt.Errorf("%d shard directories but no %s: %w", len(seen), shardDir(dir, i), ErrIncomplete)
		}
	}
	return len(seen), nil
}

// closeAll closes every open shard and returns the first error.
func closeAll(shards []bleve.Index) error {
	var first error
	for _, s := range shards {
		if s == nil {
			continue
		}
		if err := s.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// searchStatusError turns a shard's failure, which a bleve alias reports in
// the result rather than as an error, into an error.
func searchStatusError(res *bleve.SearchResult) error {
	if res == nil || res.Status == nil {
		return nil
	}
	for name, err := range res.Status.Errors {
		return fmt.Errorf("shard %s: %w", filepath.Base(name), err)
	}
	return nil
}

// exactFacet counts every value of field among the matches. Each shard
// must report all its values, not its top n: a value outside one shard's
// top n would be undercounted by that shard's share once the alias merges
// them. (bleve's shards count every value anyway and sort them all; only
// the list handed back grows.) Callers cut the merged list to what they
// show. facetAll bounds the values of one facet: far more entities than the
// catalog holds, and a century of days.
func exactFacet(field string) *bleve.FacetRequest { return bleve.NewFacetRequest(field, facetAll) }

const facetAll = 100_000
