package index

import (
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"runtime"
	"strconv"

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

// newShardCount is how many shards a new index gets: one per core, at
// least two so the routing is always exercised, at most eight.
func newShardCount() int { return min(max(runtime.NumCPU(), 2), 8) }

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
// no index, ErrOutdated when dir holds an index of the unsharded layout.
func countShards(dir string) (int, error) {
	if _, err := os.Stat(filepath.Join(dir, "index_meta.json")); err == nil {
		return 0, ErrOutdated
	}
	n := 0
	for {
		_, err := os.Stat(shardDir(dir, n))
		if errors.Is(err, os.ErrNotExist) {
			return n, nil
		}
		if err != nil {
			return 0, err
		}
		n++
	}
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

// facetTerms asks each shard for more terms than are shown, so that the
// merged top terms are counted in every shard, not only in those where they
// made the cut.
func facetTerms(shown int) int { return shown * 3 }
