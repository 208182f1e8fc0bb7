// Package index owns zhwatch's bleve index: the Chinese analyzer, the
// mapping, keeping the index in step with the store, and queries. The index
// is derived data: it can always be deleted and rebuilt from the store.
package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/zh"
)

// DirName is the index directory inside a data directory.
const DirName = "index"

// seqKey is the internal key holding the last store seq the index holds.
var seqKey = []byte("zhwatch.store_seq")

// ErrIndexLocked means another process has the index open.
var ErrIndexLocked = errors.New("index is in use by another process")

// lockWait is how long Open waits for another process to let go of the index.
const lockWait = "1s"

// Index is an open bleve index of articles.
type Index struct {
	shards  []bleve.Index    // written to directly, routed by shardOf
	all     bleve.IndexAlias // searched: every shard, concurrently
	mapping plainDocValues
	path    string
	texts   Texts
	aliases Aliases
	lock    *dirLock   // held until Close
	syncing sync.Mutex // one Sync at a time
}

// Texts gives the original text of an article. The index keeps no article
// bodies: snippets are cut from the store's text at the offsets the index
// recorded.
type Texts interface {
	Article(ctx context.Context, id string) (zhwatch.Article, error)
}

// Aliases expands a name at query time into the other names the same entity
// goes by (輝達 → 英伟达, NVIDIA, …); nil when the name is no entity's.
type Aliases interface {
	Resolve(name string) []string
}

// Options are the index's collaborators; both may be nil (no snippets from
// the body; no alias expansion).
type Options struct {
	Texts   Texts
	Aliases Aliases
}

// Open opens the index at dir, creating it if it does not exist. seg must be
// the process-wide segmenter (zh.Load) the analyzer will use.
func Open(dir string, seg *zh.Segmenter, opts Options) (*Index, error) {
	return openLayout(dir, seg, opts, defaultLayout)
}

func openLayout(dir string, seg *zh.Segmenter, opts Options, lay layout) (*Index, error) {
	lk, err := lockIndex(dir)
	if err != nil {
		return nil, err
	}
	ix, err := openLocked(dir, seg, opts, lay)
	if err != nil {
		lk.release()
		return nil, err
	}
	ix.lock = lk
	return ix, nil
}

// openLocked opens (or creates) the index at dir, whose lock the caller holds.
func openLocked(dir string, seg *zh.Segmenter, opts Options, lay layout) (*Index, error) {
	n, err := countShards(dir)
	if err != nil {
		return nil, openError(dir, err)
	}
	var shards []bleve.Index
	if n == 0 {
		shards, err = create(dir, seg, lay)
	} else {
		shards, err = openShards(dir, n)
	}
	if err != nil {
		return nil, openError(dir, err)
	}
	if err := checkShards(shards); err != nil {
		closeAll(shards)
		return nil, openError(dir, err)
	}
	m, ok := docMapping(shards[0].Mapping())
	if !ok {
		closeAll(shards)
		return nil, openError(dir, ErrOutdated)
	}
	all := bleve.NewIndexAlias(shards...)
	if err := all.SetIndexMapping(m); err != nil {
		closeAll(shards)
		return nil, openError(dir, err)
	}
	return &Index{shards: shards, all: all, mapping: m, path: dir,
		texts: opts.Texts, aliases: opts.Aliases}, nil
}

// docMapping is the mapping to map documents with: a new index holds the
// one it was created with, an opened one bleve's decoding of it.
func docMapping(m mapping.IndexMapping) (plainDocValues, bool) {
	switch m := m.(type) {
	case plainDocValues:
		return m, true
	case *mapping.IndexMappingImpl:
		return plainDocValues{m}, true
	}
	return plainDocValues{}, false
}

func openShards(dir string, n int) ([]bleve.Index, error) {
	shards := make([]bleve.Index, n)
	for i := range shards {
		s, err := bleve.OpenUsing(shardDir(dir, i), runtimeConfig())
		if err != nil {
			closeAll(shards)
			return nil, err
		}
		shards[i] = s
	}
	return shards, nil
}

func create(dir string, seg *zh.Segmenter, lay layout) ([]bleve.Index, error) {
	m, err := newMapping(seg.DictDigest(), lay)
	if err != nil {
		return nil, fmt.Errorf("index mapping: %w", err)
	}
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("index mapping: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create index %s: %w", dir, err)
	}
	shards := make([]bleve.Index, lay.shardCount())
	for i := range shards {
		s, err := bleve.NewUsing(shardDir(dir, i), m, bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, runtimeConfig())
		if err != nil {
			closeAll(shards)
			os.RemoveAll(dir)
			return nil, err
		}
		shards[i] = s
	}
	if err := recordShards(shards); err != nil {
		closeAll(shards)
		os.RemoveAll(dir)
		return nil, err
	}
	return shards, nil
}

// runtimeConfig is scorch's configuration. (unsafe_batch was measured and
// rejected: a Close right after the last batch lost documents.)
func runtimeConfig() map[string]any {
	return map[string]any{"bolt_timeout": lockWait}
}

func openError(dir string, err error) error {
	// bleve flattens the tokenizer's error into a string (with the whole
	// mapping after it): find our sentinels by their text.
	for _, sentinel := range []error{ErrOutdated, ErrDictionaryChanged, ErrIncomplete} {
		if errors.Is(err, sentinel) || strings.Contains(err.Error(), sentinel.Error()) {
			return fmt.Errorf("open index %s: %w", dir, sentinel)
		}
	}
	if errors.Is(err, bolterrors.ErrTimeout) || strings.Contains(err.Error(), "timeout") {
		return fmt.Errorf("open index %s: %w (is `search serve` running?)", dir, ErrIndexLocked)
	}
	return fmt.Errorf("open index %s: %w", dir, err)
}

// Close closes the index and lets another process open it.
func (ix *Index) Close() error {
	ix.all.Close()
	return errors.Join(closeAll(ix.shards), ix.lock.release())
}

// Seq is the last store seq whose article the index holds: the lowest
// among the shards, since a batch reaches them one after another.
func (ix *Index) Seq() (int64, error) {
	var low int64 = -1
	for _, s := range ix.shards {
		v, err := s.GetInternal(seqKey)
		if err != nil {
			return 0, err
		}
		seq := int64(0)
		if v != nil {
			if seq, err = strconv.ParseInt(string(v), 10, 64); err != nil {
				return 0, fmt.Errorf("index position %q: %w", v, err)
			}
		}
		if low < 0 || seq < low {
			low = seq
		}
	}
	return max(low, 0), nil
}

// Count is the number of documents in the index.
func (ix *Index) Count() (uint64, error) { return ix.all.DocCount() }

// indexed is what the index keeps of an article.
type indexed struct {
	Title       string    `json:"title"`
	Body        string    `json:"body"`
	Source      string    `json:"source"`
	URL         string    `json:"url"`
	PubString   string    `json:"published_at"`
	Topics      []string  `json:"topics"`
	Script      string    `json:"script"`
	Entities    []string  `json:"entity"`
	EntityTypes []string  `json:"entity_type"`
	TypedIDs    []string  `json:"typed_entity"`
	Published   time.Time `json:"published,omitzero"`
	Stored      time.Time `json:"stored,omitzero"`
	Day         string    `json:"day,omitempty"`
	Week        string    `json:"week,omitempty"`
	Month       string    `json:"month,omitempty"`
}

// BleveType tells bleve which document mapping applies.
func (indexed) BleveType() string { return docType }

func newDocument(a zhwatch.Article) indexed {
	d := indexed{Title: a.Title, Body: a.Body, Source: a.Source,
		URL: a.URL, PubString: a.PublishedAt, Topics: a.Topics, Script: string(a.Script),
		Stored: a.StoredAt}
	for _, t := range a.Tags {
		if t.Type != "" && !slices.Contains(d.EntityTypes, t.Type) {
			d.EntityTypes = append(d.EntityTypes, t.Type)
		}
		if t.ID == "" || slices.Contains(d.Entities, t.ID) {
			continue
		}
		d.Entities = append(d.Entities, t.ID)
		if !isAmount(t.Type) {
			d.TypedIDs = append(d.TypedIDs, t.Type+typedSep+t.ID)
		}
	}
	if t, ok := a.Published(); ok {
		d.Published = t
		d.Day, d.Week, d.Month = Day.bucket(t), Week.bucket(t), Month.bucket(t)
	}
	return d
}

// isAmount tells the entity types that are amounts, not things: money and
// percentages are tagged and searchable (entity:money:*), but thousands of
// distinct amounts would crowd the catalog's entities out of the entity
// facet and the entity counts, so they are not counted there.
func isAmount(typ string) bool { return typ == "money" || typ == "percent" }

// Apply indexes articles (new or updated) and records the highest seq among
// them in each shard's batch, so no shard claims rows it does not hold.
func (ix *Index) Apply(ctx context.Context, articles []zhwatch.Article) error {
	if len(articles) == 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	batches := make([]*bleve.Batch, len(ix.shards))
	for i, s := range ix.shards {
		batches[i] = s.NewBatch()
	}
	var maxSeq int64
	for _, a := range articles {
		doc := document.NewDocument(a.ID)
		if err := ix.mapping.MapDocument(doc, newDocument(a)); err != nil {
			return fmt.Errorf("index article %s: %w", a.ID, err)
		}
		if err := batches[shardOf(a.ID, len(ix.shards))].IndexAdvanced(doc); err != nil {
			return fmt.Errorf("index article %s: %w", a.ID, err)
		}
		maxSeq = max(maxSeq, a.Seq)
	}
	for i, b := range batches {
		b.SetInternal(seqKey, []byte(strconv.FormatInt(maxSeq, 10)))
		if err := ix.shards[i].Batch(b); err != nil {
			return fmt.Errorf("index batch up to seq %d: %w", maxSeq, err)
		}
	}
	return nil
}

// search runs sr on every shard.
func (ix *Index) search(ctx context.Context, sr *bleve.SearchRequest) (*bleve.SearchResult, error) {
	res, err := ix.all.SearchInContext(ctx, sr)
	if err == nil {
		err = searchStatusError(res)
	}
	return res, err
}
