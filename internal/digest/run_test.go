package digest_test

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/config"
	"github.com/zhwatch/zhwatch/internal/digest"
)

// TestNeverMissNeverRepeat: the first digest lists what matches once, the
// next lists nothing, a new matching article comes alone in the one after.
func TestNeverMissNeverRepeat(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	db := openDB(t, t.TempDir(), clk)
	out := t.TempDir()

	ec := put(t, db, "http://h/2025/08/27/a.html", "商务部就出口管制答问", "商务部新闻发言人就出口管制有关问题答记者问。")
	clk.Advance(time.Minute)
	el := put(t, db, "http://h/2025/08/27/b.html", "美方再将多家企业列入清单", "美国商务部将12家中国实体列入清单。", "list:entity-list")
	clk.Advance(time.Minute)
	put(t, db, "http://h/2025/08/27/c.html", "城市马拉松开跑", "三万名跑者参加。")
	clk.Advance(time.Hour)

	r, err := digest.New(ctx, db, &storeFinder{db: db}, []config.Watchlist{watchlist(config.Delivery{Type: "dir", Path: out, Format: "markdown"})},
		digest.Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()

	first, err := r.Run(ctx, "export-controls", digest.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(first.Digest); !sameSet(got, []string{ec.ID, el.ID}) {
		t.Fatalf("first digest lists %v, want %v", got, []string{ec.ID, el.ID})
	}
	if !first.Recorded || !first.Sent || !first.Digest.Since.IsZero() {
		t.Errorf("first run: %+v", first)
	}
	files := digestFiles(t, out)
	if len(files) != 1 || files[0] != first.Digest.ID+".md" {
		t.Fatalf("files %v, want one named %s.md", files, first.Digest.ID)
	}
	if md := readFile(t, out+"/"+files[0]); !strings.Contains(md, "**出口管制**") || !strings.Contains(md, "美方再将多家企业列入清单") {
		t.Errorf("digest file lacks the entries:\n%s", md)
	}

	clk.Advance(24 * time.Hour)
	second, err := r.Run(ctx, "export-controls", digest.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !second.Digest.Empty() || second.Sent || !second.Recorded {
		t.Errorf("second digest: %v items, sent %v recorded %v; want empty, recorded, not sent", ids(second.Digest), second.Sent, second.Recorded)
	}
	if !second.Digest.Since.Equal(first.Digest.Until) {
		t.Errorf("second digest starts %v, want where the first ended %v", second.Digest.Since, first.Digest.Until)
	}
	if files := digestFiles(t, out); len(files) != 1 {
		t.Errorf("an empty digest was written: %v", files)
	}

	clk.Advance(time.Hour)
	fresh := put(t, db, "http://h/2025/08/28/d.html", "欧盟讨论两用物项出口管制", "欧盟理事会讨论出口管制条例修订。")
	clk.Advance(23 * time.Hour)
	third, err := r.Run(ctx, "export-controls", digest.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(third.Digest); !reflect.DeepEqual(got, []string{fresh.ID}) {
		t.Errorf("third digest lists %v, want only the new article %s", got, fresh.ID)
	}
	if files := digestFiles(t, out); len(files) != 2 {
		t.Errorf("files %v, want 2", files)
	}

	// Re-extraction updates an article (new seq, same stored_at): it is
	// not new, and is not listed again.
	put(t, db, "http://h/2025/08/27/a.html", "商务部就出口管制答问（更新）", "商务部新闻发言人就出口管制有关问题答记者问。")
	clk.Advance(24 * time.Hour)
	fourth, err := r.Run(ctx, "export-controls", digest.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !fourth.Digest.Empty() {
		t.Errorf("an updated article came again: %v", ids(fourth.Digest))
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// TestReindexAndIndexLag: the state is in the store, so a rebuilt index (a
// new Finder) repeats nothing; an article the index had not caught up with
// at digest time comes in the next digest.
func TestReindexAndIndexLag(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	db := openDB(t, t.TempDir(), clk)
	a := put(t, db, "http://h/a.html", "出口管制新规", "出口管制新规发布。")
	clk.Advance(time.Minute)
	late := put(t, db, "http://h/late.html", "又一出口管制动态", "出口管制动态。")
	clk.Advance(time.Minute)

	lagging := &storeFinder{db: db, hide: map[string]bool{late.ID: true}}
	mem := &memSender{name: "mem"}
	r, err := digest.New(ctx, db, lagging, []config.Watchlist{watchlist(config.Delivery{Type: "dir"})}, digest.Options{Now: clk.Now, Open: openWith(mem)})
	if err != nil {
		t.Fatal(err)
	}
	first, err := r.Run(ctx, "export-controls", digest.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(first.Digest); !reflect.DeepEqual(got, []string{a.ID}) {
		t.Fatalf("first digest %v, want %v", got, []string{a.ID})
	}

	// The index is rebuilt (and caught up): a new Finder, same store.
	clk.Advance(24 * time.Hour)
	r2, err := digest.New(ctx, db, &storeFinder{db: db}, []config.Watchlist{watchlist(config.Delivery{Type: "dir"})}, digest.Options{Now: clk.Now, Open: openWith(mem)})
	if err != nil {
		t.Fatal(err)
	}
	second, err := r2.Run(ctx, "export-controls", digest.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(second.Digest); !reflect.DeepEqual(got, []string{late.ID}) {
		t.Errorf("second digest %v, want only the article the index missed, %s", got, late.ID)
	}
	if len(mem.sent) != 2 {
		t.Errorf("sent %v, want two digests", mem.sent)
	}
}

// TestFailedDeliveryRetried: a failing delivery is retried with a doubling
// wait, the digest stays pending, and the next run delivers it (same id,
// same items) before making a new one. A delivery that took the digest is
// not sent it again.
func TestFailedDeliveryRetried(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	db := openDB(t, t.TempDir(), clk)
	a := put(t, db, "http://h/a.html", "出口管制新规", "出口管制新规发布。")
	clk.Advance(time.Hour)

	ok := &memSender{name: "dir /digests"}
	flaky := &memSender{name: "smtp mail:587 r@example.org", fail: 3}
	var waits []time.Duration
	opts := digest.Options{Now: clk.Now, Open: openWith(ok, flaky), Attempts: 3, Backoff: time.Second,
		Sleep: func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }}
	r, err := digest.New(ctx, db, &storeFinder{db: db}, []config.Watchlist{watchlist(config.Delivery{Type: "dir"}, config.Delivery{Type: "smtp"})}, opts)
	if err != nil {
		t.Fatal(err)
	}

	first, err := r.Run(ctx, "export-controls", digest.RunOptions{})
	if !errors.Is(err, digest.ErrUndelivered) {
		t.Fatalf("err = %v, want ErrUndelivered", err)
	}
	if !strings.Contains(err.Error(), "451 try later") {
		t.Errorf("error does not say why: %v", err)
	}
	if !first.Recorded || first.Sent {
		t.Errorf("first run: recorded %v sent %v, want recorded, not sent", first.Recorded, first.Sent)
	}
	if flaky.hits != 3 || !reflect.DeepEqual(waits, []time.Duration{time.Second, 2 * time.Second}) {
		t.Errorf("%d attempts with waits %v, want 3 with 1s, 2s", flaky.hits, waits)
	}
	pending, err := db.PendingDigests(ctx, "export-controls")
	if err != nil || len(pending) != 1 {
		t.Fatalf("pending = %v, %v; want the digest", pending, err)
	}
	st := pending[0].Deliveries[flaky.name]
	if st.Attempts != 3 || st.LastError == "" || !st.DoneAt.IsZero() || !st.NextAttempt.After(clk.Now()) {
		t.Errorf("delivery state %+v", st)
	}
	if !pending[0].Deliveries[ok.name].DoneAt.Equal(clk.Now()) {
		t.Errorf("the delivery that worked is not recorded: %+v", pending[0].Deliveries)
	}

	// Meanwhile a new article; the next run first delivers the pending
	// digest, then the new one with only the new article.
	clk.Advance(time.Hour)
	b := put(t, db, "http://h/b.html", "出口管制再更新", "出口管制再更新。")
	clk.Advance(time.Hour)
	second, err := r.Run(ctx, "export-controls", digest.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(second.Redelivered, []string{first.Digest.ID}) {
		t.Errorf("redelivered %v, want %s", second.Redelivered, first.Digest.ID)
	}
	if got := ids(second.Digest); !reflect.DeepEqual(got, []string{b.ID}) {
		t.Errorf("second digest %v, want only %s", got, b.ID)
	}
	if want := []string{first.Digest.ID, second.Digest.ID}; !reflect.DeepEqual(flaky.sent, want) || !reflect.DeepEqual(ok.sent, want) {
		t.Errorf("smtp got %v, dir got %v; want each %v once", flaky.sent, ok.sent, want)
	}
	if got := ids(flaky.msgs[0].Digest); !reflect.DeepEqual(got, []string{a.ID}) {
		t.Errorf("the redelivered digest lists %v, want what was recorded: %v", got, []string{a.ID})
	}
	if pending, _ := db.PendingDigests(ctx, "export-controls"); len(pending) != 0 {
		t.Errorf("%d digests still pending", len(pending))
	}
}

// TestPermanentFailureNotRetriedAtOnce: a 4xx-like refusal is tried once
// per run; a later Retry delivers.
func TestPermanentFailureNotRetriedAtOnce(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	db := openDB(t, t.TempDir(), clk)
	put(t, db, "http://h/a.html", "出口管制新规", "出口管制新规发布。")
	clk.Advance(time.Hour)
	hook := &memSender{name: "webhook", fail: 1, err: digest.Permanent(errors.New("401 Unauthorized"))}
	r, err := digest.New(ctx, db, &storeFinder{db: db}, []config.Watchlist{watchlist(config.Delivery{Type: "webhook"})},
		digest.Options{Now: clk.Now, Open: openWith(hook), Sleep: func(context.Context, time.Duration) error {
			t.Error("waited before retrying a permanent failure")
			return nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Run(ctx, "export-controls", digest.RunOptions{}); !errors.Is(err, digest.ErrUndelivered) || hook.hits != 1 {
		t.Fatalf("err %v after %d attempts; want ErrUndelivered after 1", err, hook.hits)
	}
	done, err := r.Retry(ctx, "export-controls")
	if err != nil || len(done) != 1 || len(hook.sent) != 1 {
		t.Errorf("Retry = %v, %v; sent %v", done, err, hook.sent)
	}
}

// TestMaxItemsCarriesOver: what does not fit waits for the next digest;
// every article comes exactly once, oldest stored first.
func TestMaxItemsCarriesOver(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	db := openDB(t, t.TempDir(), clk)
	var want []string
	for i := range 5 {
		a := put(t, db, "http://h/"+string(rune('a'+i))+".html", "出口管制动态", "出口管制动态第"+string(rune('一'+i))+"则。")
		want = append(want, a.ID)
		clk.Advance(time.Minute)
	}
	wl := watchlist(config.Delivery{Type: "dir"})
	wl.MaxItems = 2
	mem := &memSender{name: "mem"}
	r, err := digest.New(ctx, db, &storeFinder{db: db}, []config.Watchlist{wl}, digest.Options{Now: clk.Now, Open: openWith(mem)})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	var sizes []int
	for range 4 {
		clk.Advance(time.Hour)
		res, err := r.Run(ctx, "export-controls", digest.RunOptions{})
		if err != nil {
			t.Fatal(err)
		}
		sizes = append(sizes, len(res.Digest.Items))
		got = append(got, ids(res.Digest)...)
	}
	if !sameSet(got, want) || len(got) != len(want) {
		t.Errorf("delivered %v, want each of %v once", got, want)
	}
	if !reflect.DeepEqual(sizes, []int{2, 2, 1, 0}) {
		t.Errorf("digest sizes %v, want [2 2 1 0]", sizes)
	}
}

// TestDryRunAndSince: a dry run records and delivers nothing; --since
// starts the window there.
func TestDryRunAndSince(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	db := openDB(t, t.TempDir(), clk)
	old := put(t, db, "http://h/old.html", "出口管制旧闻", "出口管制旧闻。")
	clk.Advance(48 * time.Hour)
	cut := clk.Now()
	clk.Advance(time.Hour)
	recent := put(t, db, "http://h/new.html", "出口管制新闻", "出口管制新闻。")
	clk.Advance(time.Hour)

	mem := &memSender{name: "mem"}
	r, err := digest.New(ctx, db, &storeFinder{db: db}, []config.Watchlist{watchlist(config.Delivery{Type: "dir"})}, digest.Options{Now: clk.Now, Open: openWith(mem)})
	if err != nil {
		t.Fatal(err)
	}
	dry, err := r.Run(ctx, "export-controls", digest.RunOptions{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if !sameSet(ids(dry.Digest), []string{old.ID, recent.ID}) || dry.Recorded || dry.Sent || mem.hits != 0 {
		t.Errorf("dry run: %v recorded %v sent %v hits %d", ids(dry.Digest), dry.Recorded, dry.Sent, mem.hits)
	}
	if _, _, ok, _ := db.LastDigest(ctx, "export-controls"); ok {
		t.Error("a dry run recorded a digest")
	}
	since, err := r.Run(ctx, "export-controls", digest.RunOptions{Since: cut})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(since.Digest); !reflect.DeepEqual(got, []string{recent.ID}) || !since.Digest.Since.Equal(cut) {
		t.Errorf("--since %v: %v from %v, want only %s", cut, got, since.Digest.Since, recent.ID)
	}
	if _, err := r.Run(ctx, "nope", digest.RunOptions{}); !errors.Is(err, zhwatch.ErrNotFound) {
		t.Errorf("unknown watchlist: %v, want ErrNotFound", err)
	}
}

// TestSendEmpty: a watchlist with send_empty delivers an empty digest.
func TestSendEmpty(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	db := openDB(t, t.TempDir(), clk)
	wl := watchlist(config.Delivery{Type: "dir"})
	wl.SendEmpty = true
	mem := &memSender{name: "mem"}
	r, err := digest.New(ctx, db, &storeFinder{db: db}, []config.Watchlist{wl}, digest.Options{Now: clk.Now, Open: openWith(mem)})
	if err != nil {
		t.Fatal(err)
	}
	res, err := r.Run(ctx, "export-controls", digest.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Sent || len(mem.sent) != 1 || !strings.Contains(mem.msgs[0].Markdown, "Nothing new matched") {
		t.Errorf("empty digest with send_empty: sent %v, %v", res.Sent, mem.sent)
	}
}

// TestEntitiesSayWhy: the entities the query asked for come first; amounts
// and percentages are not catalog entities and are left out.
func TestEntitiesSayWhy(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	db := openDB(t, t.TempDir(), clk)
	put(t, db, "http://h/a.html", "美方更新清单", "美国商务部更新清单，涉及402亿美元。", "gov:us-doc", "money:USD:40200000000", "place:us", "list:entity-list")
	clk.Advance(time.Hour)
	mem := &memSender{name: "mem"}
	r, err := digest.New(ctx, db, &storeFinder{db: db}, []config.Watchlist{watchlist(config.Delivery{Type: "dir"})}, digest.Options{Now: clk.Now, Open: openWith(mem)})
	if err != nil {
		t.Fatal(err)
	}
	res, err := r.Run(ctx, "export-controls", digest.RunOptions{})
	if err != nil || len(res.Digest.Items) != 1 {
		t.Fatalf("%v, %v", res, err)
	}
	var got []string
	for _, e := range res.Digest.Items[0].Entities {
		got = append(got, e.ID)
	}
	if want := []string{"list:entity-list", "gov:us-doc", "place:us"}; !reflect.DeepEqual(got, want) {
		t.Errorf("entities %v, want %v", got, want)
	}
}
