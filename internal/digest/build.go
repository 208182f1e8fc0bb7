package digest

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/config"
	"github.com/zhwatch/zhwatch/internal/query"
)

// Limits on one digest's search.
const (
	findPage      = 500  // matches asked of the Finder at once
	maxCandidates = 5000 // matches looked at per digest; the rest wait for the next one
)

// candidate is a matched article not delivered before.
type candidate struct {
	article zhwatch.Article
	match   Match
}

// cluster is the candidates of one reprint cluster.
type cluster struct {
	id      string
	members []candidate // first stored first
}

func (c *cluster) firstStored() time.Time { return c.members[0].article.StoredAt }

// window is what one digest covers.
type window struct {
	since       time.Time // shown as the digest's start
	storedAfter time.Time // asked of the Finder: since, less the overlap
	until       time.Time // now, unless the digest is cut short
}

// build finds the watchlist's new matches in win and makes the digest's
// items. until comes back earlier than win.until when max_items (or the
// candidate limit) cut the digest short: the rest is the next digest's.
func build(ctx context.Context, st Store, f Finder, w *config.Watchlist, win window) (items []Item, covered []Delivered, until time.Time, err error) {
	cands, cutAt, err := find(ctx, st, f, w, win.storedAfter)
	if err != nil {
		return nil, nil, time.Time{}, err
	}
	until = win.until
	if !cutAt.IsZero() {
		until = cutAt
	}
	clusters := groupClusters(cands)
	if len(clusters) > w.MaxItems {
		until = clusters[w.MaxItems].firstStored()
		clusters = clusters[:w.MaxItems]
	}
	if until.Before(win.since) {
		until = win.since // the next digest's overlap still covers what was cut
	}
	for _, c := range clusters {
		it, err := entry(ctx, st, w, c)
		if err != nil {
			return nil, nil, time.Time{}, err
		}
		items = append(items, it)
		for _, m := range c.members {
			covered = append(covered, Delivered{ArticleID: m.article.ID, ClusterID: c.id})
		}
	}
	sortItems(items)
	return items, covered, until, nil
}

// find pages through the Finder's matches stored after storedAfter and
// keeps those no earlier digest delivered, as an article or as a cluster.
// cutAt is non-zero when the candidate limit stopped it: matches stored
// at or after cutAt may remain.
func find(ctx context.Context, st Store, f Finder, w *config.Watchlist, storedAfter time.Time) (cands []candidate, cutAt time.Time, err error) {
	cursor := storedAfter
	seen := map[string]bool{}
	var all []candidate
	for {
		ms, err := f.Find(ctx, w.Query, cursor, findPage)
		if err != nil {
			return nil, time.Time{}, fmt.Errorf("watchlist %s: find: %w", w.Name, err)
		}
		last, fresh := cursor, 0
		for _, m := range ms {
			if seen[m.ID] {
				continue
			}
			seen[m.ID] = true
			fresh++
			a, err := st.Article(ctx, m.ID)
			if errors.Is(err, zhwatch.ErrNotFound) {
				continue // indexed but no longer stored
			}
			if err != nil {
				return nil, time.Time{}, fmt.Errorf("watchlist %s: %w", w.Name, err)
			}
			if a.ClusterID == "" {
				a.ClusterID = a.ID
			}
			all = append(all, candidate{article: a, match: m})
			if a.StoredAt.After(last) {
				last = a.StoredAt
			}
		}
		if len(ms) < findPage {
			break
		}
		if fresh == 0 || len(all) >= maxCandidates {
			// Too many, or a whole page of one second's articles seen
			// already: stop here and leave the rest to the next digest.
			cutAt = last
			break
		}
		// Store times have whole seconds: ask again from just before the
		// last one seen; seen skips the repeats.
		cursor = last.Add(-time.Nanosecond)
	}

	ids := make([]string, 0, 2*len(all))
	for _, c := range all {
		ids = append(ids, c.article.ID, c.article.ClusterID)
	}
	done, err := st.Delivered(ctx, w.Name, ids)
	if err != nil {
		return nil, time.Time{}, err
	}
	for _, c := range all {
		if !done[c.article.ID] && !done[c.article.ClusterID] {
			cands = append(cands, c)
		}
	}
	return cands, cutAt, nil
}

// groupClusters puts candidates of one reprint cluster together, clusters
// ordered by their first stored candidate.
func groupClusters(cands []candidate) []*cluster {
	sort.SliceStable(cands, func(i, j int) bool {
		a, b := cands[i].article, cands[j].article
		if !a.StoredAt.Equal(b.StoredAt) {
			return a.StoredAt.Before(b.StoredAt)
		}
		return a.ID < b.ID
	})
	byID := map[string]*cluster{}
	var out []*cluster
	for _, c := range cands {
		cl := byID[c.article.ClusterID]
		if cl == nil {
			cl = &cluster{id: c.article.ClusterID}
			byID[cl.id] = cl
			out = append(out, cl)
		}
		cl.members = append(cl.members, c)
	}
	return out
}

// entry makes the digest item of one cluster: named after its official or
// earliest copy, with the snippet of a copy that matched.
func entry(ctx context.Context, st Store, w *config.Watchlist, c *cluster) (Item, error) {
	all, err := st.ClusterArticles(ctx, c.id)
	if err != nil {
		return Item{}, err
	}
	if len(all) == 0 { // the cluster's rows changed under us; name it after what matched
		for _, m := range c.members {
			all = append(all, m.article)
		}
	}
	rep := representative(all, w.OfficialHosts)
	why := c.members[0]
	for _, m := range c.members {
		if m.article.ID == rep.ID {
			why = m
			break
		}
	}
	spans := parseSnippet(why.match.Snippet)
	if len(spans) == 0 {
		spans = []span{{Text: lead(why.article.Body, 120)}}
	}
	return Item{
		ID:          rep.ID,
		Title:       rep.Title,
		URL:         rep.URL,
		Source:      rep.Source,
		PublishedAt: rep.PublishedAt,
		Snippet:     strings.TrimSpace(snippetHTML(trimSpans(spans))),
		Entities:    entities(why.article, why.match.Entities, entityFilters(w.Query)),
		Reprints:    max(len(all), len(c.members)) - 1,
		SiteName:    rep.SiteName,
		StoredAt:    rep.StoredAt,
	}, nil
}

// representative picks the copy a cluster is named after: the earliest
// published on an official host if there is one, else the earliest
// published (an unknown date counts as the time it was stored).
func representative(all []zhwatch.Article, official []string) zhwatch.Article {
	best := -1
	for i, a := range all {
		if best < 0 || better(a, all[best], official) {
			best = i
		}
	}
	return all[best]
}

func better(a, b zhwatch.Article, official []string) bool {
	ao, bo := isOfficial(a.URL, official), isOfficial(b.URL, official)
	if ao != bo {
		return ao
	}
	at, bt := when(a), when(b)
	if !at.Equal(bt) {
		return at.Before(bt)
	}
	if !a.StoredAt.Equal(b.StoredAt) {
		return a.StoredAt.Before(b.StoredAt)
	}
	return a.ID < b.ID
}

func when(a zhwatch.Article) time.Time {
	if t, ok := a.Published(); ok {
		return t
	}
	return a.StoredAt
}

// isOfficial reports whether rawURL's host is one of hosts or under one.
func isOfficial(rawURL string, hosts []string) bool {
	u, err := url.Parse(rawURL)
	if err != nil {
		return false
	}
	h := strings.ToLower(u.Hostname())
	for _, o := range hosts {
		if h == o || strings.HasSuffix(h, "."+o) {
			return true
		}
	}
	return false
}

// notCatalog are tag types the entity layer finds by pattern that are not
// catalog entities (amounts, shares); a digest does not list them.
var notCatalog = map[string]bool{"money": true, "percent": true}

// entities lists the catalog entities an article mentions, named as the
// article writes them: those the query asked for (entity:…) first, then
// the Finder's ids in its order, else the article's tags in text order.
func entities(a zhwatch.Article, ids []string, wanted []query.Keyword) []Entity {
	first := map[string]zhwatch.Tag{}
	var order []string
	for _, t := range a.Tags {
		if t.ID == "" {
			continue
		}
		if _, ok := first[t.ID]; !ok {
			first[t.ID] = t
			order = append(order, t.ID)
		}
	}
	if ids != nil {
		order = ids
	}
	asked := func(id string) bool {
		return slices.ContainsFunc(wanted, func(k query.Keyword) bool {
			return id == k.Value || k.Prefix && strings.HasPrefix(id, k.Value)
		})
	}
	sort.SliceStable(order, func(i, j int) bool { return asked(order[i]) && !asked(order[j]) })
	out := []Entity{}
	for _, id := range order {
		if id == "" || slices.ContainsFunc(out, func(e Entity) bool { return e.ID == id }) {
			continue
		}
		e := Entity{ID: id, Name: id, Type: strings.SplitN(id, ":", 2)[0]}
		if t, ok := first[id]; ok {
			e.Name = t.Text
			if t.Type != "" {
				e.Type = t.Type
			}
		}
		if notCatalog[e.Type] {
			continue
		}
		out = append(out, e)
	}
	return out
}

// entityFilters returns the entity: terms of a watchlist query that are
// not negated.
func entityFilters(q string) []query.Keyword {
	pq, err := query.Parse(q)
	if err != nil {
		return nil // validated at config load; a bad query finds nothing to order by
	}
	var out []query.Keyword
	var walk func(n query.Node, negated bool)
	walk = func(n query.Node, negated bool) {
		switch n := n.(type) {
		case query.And:
			for _, c := range n.Nodes {
				walk(c, negated)
			}
		case query.Or:
			for _, c := range n.Nodes {
				walk(c, negated)
			}
		case query.Not:
			walk(n.Node, !negated)
		case query.Keyword:
			if n.Field == query.FieldEntity && !negated {
				out = append(out, n)
			}
		}
	}
	walk(pq.Root, false)
	return out
}

// sortItems orders a digest newest published first; unknown dates last.
func sortItems(items []Item) {
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		at, aok := (zhwatch.Article{PublishedAt: a.PublishedAt}).Published()
		bt, bok := (zhwatch.Article{PublishedAt: b.PublishedAt}).Published()
		if aok != bok {
			return aok
		}
		if aok && !at.Equal(bt) {
			return at.After(bt)
		}
		if !a.StoredAt.Equal(b.StoredAt) {
			return a.StoredAt.After(b.StoredAt)
		}
		return a.ID < b.ID
	})
}

// lead is the first n characters of text, on one line, for an article the
// Finder gave no snippet for.
func lead(text string, n int) string {
	text = collapseSpace(text)
	r := []rune(strings.TrimSpace(text))
	if len(r) <= n {
		return string(r)
	}
	return string(r[:n]) + "…"
}

// trimSpans drops white space at both ends of a snippet.
func trimSpans(spans []span) []span {
	if len(spans) == 0 {
		return spans
	}
	spans[0].Text = strings.TrimLeft(spans[0].Text, " ")
	spans[len(spans)-1].Text = strings.TrimRight(spans[len(spans)-1].Text, " ")
	return spans
}
