package crawl

import (
	"github.com/zhwatch/zhwatch"
)

// The store stage. A fetch worker that has a page to store hands it over
// and goes back to fetching: the page is extracted and stored by a
// goroutine of its own, and its item leaves the frontier (done) only once
// the store has committed it, so a crash loses nothing. Up to saveAhead
// pages wait to be stored at once; their bodies stay counted against the
// memory budget until stored. A store that commits writes in groups (the
// SQLite store does) gets groups as large as the pages waiting: on the rig
// that is what lets a commit carry many pages' index changes at once.
//
// Runs on host leases store synchronously: the lease worker learns whether
// an item was settled from process itself (processLeased).

// saveAhead bounds the pages handed to the store stage and not yet stored.
const saveAhead = 64

// saveThenDone stores the page and then settles the item, off the calling
// worker unless the run is leased. It takes over the body's memory
// reservation (*held), releasing it once the page is stored.
func (r *run) saveThenDone(it *item, p zhwatch.Page, isArticle bool, held *int64) {
	if r.leased {
		r.save(it, p, isArticle)
		r.done(it)
		return
	}
	n := *held
	*held = 0
	r.saving <- struct{}{}
	r.saves.Go(func() {
		defer func() { <-r.saving }()
		r.save(it, p, isArticle)
		r.done(it)
		r.c.mem.release(n)
	})
}
