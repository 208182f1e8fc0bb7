package api

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/zhwatch/zhwatch"
)

// TestBrowserResearcherWalk drives the web page in a real headless chromium
// at 1280 and 420 px wide: type a query, click an entity facet by its
// display name, open an article, reload at its address and see the same
// article, go Back to the results, follow the original page's link, check
// that the timeline has a bar for every month between the first and the
// last match, and open an entity's page. It saves a screenshot of each
// step. It needs chromium (Debian: apt-get install chromium) and runs only
// with ZHWATCH_BROWSER_TEST=1. ZHWATCH_CHROMIUM names another browser
// binary; ZHWATCH_SCREENSHOT_DIR says where the screenshots go (default:
// the system temporary directory).
func TestBrowserResearcherWalk(t *testing.T) {
	if os.Getenv("ZHWATCH_BROWSER_TEST") != "1" {
		t.Skip("browser test: set ZHWATCH_BROWSER_TEST=1 (needs chromium: apt-get install chromium)")
	}
	browser := os.Getenv("ZHWATCH_CHROMIUM")
	if browser == "" {
		browser = "chromium"
	}
	shots := os.Getenv("ZHWATCH_SCREENSHOT_DIR")
	if shots == "" {
		shots = os.TempDir()
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	// The articles' original pages, on loopback like everything else.
	origin := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<!doctype html><title>origin</title><p id=origin>original page %s</p>", r.URL.Path)
	}))
	defer origin.Close()
	srv, _ := newTestServerWith(t, Config{}, func(s *fakeStore) {
		for i := range s.articles {
			s.articles[i].URL = origin.URL + "/news/" + s.articles[i].ID[15:]
		}
		// Article 3's page is stored, with a script that must not run.
		s.articles[2].PageID = 8
		s.pages[8] = zhwatch.Page{ID: 8, Source: "xinhua", URL: s.articles[2].URL, FinalURL: s.articles[2].URL, Status: 200,
			FetchedAt: time.Date(2024, 12, 10, 1, 30, 0, 0, time.UTC), Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}},
			Body: []byte("<html><script>document.title='ran'</script><p>輝達財報</p></html>")}
	})

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(browser),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1280, 900),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	browserCtx, cancel := chromedp.NewContext(allocCtx, chromedp.WithLogf(t.Logf))
	defer cancel()
	// The first action starts the browser; it must not run under a timeout.
	if err := chromedp.Do(browserCtx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start %s: %v", browser, err)
	}
	for _, width := range []int64{1280, 420} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(browserCtx, 60*time.Second)
			defer cancel()
			walk(t, ctx, width, srv.URL, origin.URL, shots)
		})
	}
}

// page wraps one browser tab for the test's steps.
type page struct {
	t     *testing.T
	ctx   context.Context
	shots string
	width int64
	n     int
}

func (p *page) do(name string, a chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, a); err != nil {
		p.fail(name, err)
	}
}

func (p *page) wait(cond string) {
	p.t.Helper()
	_, err := chromedp.Run(p.ctx, chromedp.Poll[bool](cond, chromedp.WithPollingTimeout(15*time.Second)))
	if err != nil {
		p.fail("waiting for "+cond, err)
	}
}

// fail saves what the page shows, then stops the test.
func (p *page) fail(what string, err error) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(context.WithoutCancel(p.ctx), 10*time.Second)
	defer cancel()
	html, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + "\n" + document.querySelector('main').outerHTML.slice(0, 3000)`))
	if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(90)); err == nil {
		os.WriteFile(filepath.Join(p.shots, fmt.Sprintf("zhwatch-%d-failed.png", p.width)), png, 0o644) //nolint:errcheck // best effort
	}
	p.t.Fatalf("%d px: %s: %v\n%s", p.width, what, err, html)
}

func eval[T any](p *page, expr string) T {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		p.t.Fatalf("%d px: %s: %v", p.width, expr, err)
	}
	return v
}

func (p *page) screenshot(what string) {
	p.t.Helper()
	png, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		p.t.Fatalf("screenshot: %v", err)
	}
	p.n++
	path := filepath.Join(p.shots, fmt.Sprintf("zhwatch-%d-%d-%s.png", p.width, p.n, what))
	if err := os.WriteFile(path, png, 0o644); err != nil {
		p.t.Fatal(err)
	}
	p.t.Logf("screenshot: %s", path)
}

const hits = `document.querySelectorAll('#results li.hit').length`

func walk(t *testing.T, ctx context.Context, width int64, base, origin, shots string) {
	p := &page{t: t, ctx: ctx, shots: shots, width: width}
	p.do("viewport", chromedp.EmulateViewport(width, 900))
	p.do("open the page", chromedp.Navigate(base+"/"))
	p.do("wait for the search box", chromedp.WaitVisible(chromedp.CSS("#q")))
	p.do("type a query", chromedp.SendKeys(chromedp.CSS("#q"), "英偉達"))
	p.do("submit", chromedp.Click(chromedp.CSS("#search button[type=submit]")))
	p.wait(hits + " === 3")

	// The facet shows the name in the query's script (traditional), the id
	// on hover.
	facet := `//aside[@id="facets"]//button[@data-facet="entity"][.//span[@class="label"][text()="英偉達"]]`
	p.wait(`document.evaluate(` + jsString(facet) + `, document, null, 9, null).singleNodeValue !== null`)
	if title := eval[string](p, `document.querySelector('#facets button[data-facet="entity"][data-value="company:nvidia"]').title`); title != "company:nvidia" {
		t.Errorf("entity facet hover %q, want the id", title)
	}
	p.do("click the entity facet", chromedp.Click(chromedp.Search(facet)))
	p.wait(`location.search.includes("entity%3Acompany%3Anvidia") && ` + hits + ` === 3`)
	p.wait(`document.querySelectorAll('#timeline rect.bar').length > 0`)
	searchURL := eval[string](p, `location.href`)
	if q := eval[string](p, `document.querySelector('#q').value`); q != "英偉達 entity:company:nvidia" {
		t.Errorf("query after the facet: %q", q)
	}
	p.screenshot("search")

	// A bar (possibly zero) for every month between the first and the last
	// match: 2023-10 to 2024-12.
	bars := eval[[]string](p, `[...document.querySelectorAll('#timeline rect.bar')].map(r => r.dataset.value)`)
	interval := eval[string](p, `document.querySelector('#timeline').dataset.interval`)
	if interval != "month" || !slices.Equal(bars, monthsBetween("2023-10", "2024-12")) {
		t.Errorf("timeline (%s): %v; want every month from 2023-10 to 2024-12", interval, bars)
	}
	if zeros := eval[int](p, `document.querySelectorAll('#timeline rect.bar.zero').length`); zeros != 13 {
		t.Errorf("%d empty months drawn, want 13", zeros)
	}

	// Drag across the timeline from 2023-10 to 2023-12: the query narrows
	// to those months (one match). The pointer events are dispatched by
	// script at the columns' centres.
	p.do("drag across the timeline", chromedp.Evaluate[chromedp.Void](`(() => {
		const svg = document.querySelector('#timeline svg');
		const centre = (v) => { const r = document.querySelector('#timeline rect.bar[data-value="' + v + '"]').getBoundingClientRect(); return { x: r.left + r.width / 2, y: r.bottom - 2 }; };
		const fire = (type, at) => svg.dispatchEvent(new PointerEvent(type, { bubbles: true, clientX: at.x, clientY: at.y, pointerId: 1, isPrimary: true }));
		fire('pointerdown', centre('2023-10')); fire('pointermove', centre('2023-11')); fire('pointerup', centre('2023-12'));
	})()`))
	p.wait(`location.search.includes("after%3A2023-10+before%3A2024-01") && ` + hits + ` === 1`)
	p.do("back to the whole timeline", chromedp.NavigateBack())
	p.wait(hits + ` === 3 && document.querySelectorAll('#timeline rect.bar').length === 15`)

	// The hit links to its original page without leaking this page.
	orig := `document.querySelector('li.hit[data-id="0000000000000003"] a.orig')`
	href := eval[string](p, orig+`.href`)
	rel := eval[string](p, orig+`.rel`)
	if href != origin+"/news/3" || !strings.Contains(rel, "noopener") || !strings.Contains(rel, "noreferrer") {
		t.Errorf("original link %q rel %q", href, rel)
	}

	// Open the traditional-script article: it has its own address.
	p.do("open the article", chromedp.Click(chromedp.Search(`//li[@data-id="0000000000000003"]//a[contains(@class,"title")]`)))
	p.do("wait for the article", chromedp.WaitVisible(chromedp.CSS("#detail .original mark.entity")))
	articleURL := eval[string](p, `location.href`)
	if !strings.Contains(articleURL, "/articles/0000000000000003?") {
		t.Errorf("article address %q", articleURL)
	}
	title := eval[string](p, `document.querySelector('#detail h2').textContent`)
	chips := eval[[]string](p, `[...document.querySelectorAll('#detail .article-entities a, #detail .article-entities span')].map(a => a.textContent)`)
	normalized := eval[string](p, `document.querySelector('#detail .normalized').textContent`)
	checkLayout(t, p, "article")
	p.screenshot("article")
	if title != "輝達財報" || !strings.Contains(normalized, "辉达公布") || strings.Contains(normalized, "輝") {
		t.Errorf("article %q, normalised %q", title, normalized)
	}
	if len(chips) != 1 || chips[0] != "英偉達" {
		t.Errorf("article entity row %q, want one name", chips)
	}
	if fetched := eval[string](p, `[...document.querySelectorAll('#detail dd')].map(d => d.textContent).join("|")`); !strings.Contains(fetched, "2024-12-10 09:30 北京时间 (UTC+8)") {
		t.Errorf("article times: %q; want the fetch time in China time with the zone", fetched)
	}
	stored := eval[string](p, `document.querySelector('#detail a.stored').href`)

	// Reload at that address: the same article.
	p.do("reload", chromedp.Reload())
	p.wait(`document.querySelector('#detail[data-article="0000000000000003"] .original mark.entity') !== null`)
	if again := eval[string](p, `document.querySelector('#detail h2').textContent`); again != title || eval[string](p, `location.href`) != articleURL {
		t.Errorf("after reload: %q at %s", again, eval[string](p, `location.href`))
	}
	p.screenshot("reloaded")

	// Back: the results, without the article.
	p.do("back", chromedp.NavigateBack())
	p.wait(`location.href === ` + jsString(searchURL) + ` && document.querySelector('#detail').hidden && ` + hits + ` === 3`)
	p.do("results visible", chromedp.WaitVisible(chromedp.CSS(`li.hit[data-id="0000000000000003"] a.orig`)))
	checkLayout(t, p, "results")
	p.screenshot("back")

	// 简/繁: the names switch script, and the choice is in the address.
	p.do("switch to simplified names", chromedp.Click(chromedp.CSS("#script")))
	p.wait(`document.querySelector('#facets button[data-value="company:nvidia"] .label').textContent === "英伟达" && location.search.includes("script=hans")`)
	p.do("switch back", chromedp.Click(chromedp.CSS("#script")))
	p.wait(`document.querySelector('#facets button[data-value="company:nvidia"] .label').textContent === "英偉達"`)
	searchURL = eval[string](p, `location.href`)

	// Follow the original page's link.
	p.do("follow the original link", chromedp.Navigate(href))
	p.wait(`document.querySelector('#origin') !== null`)
	if got := eval[string](p, `document.querySelector('#origin').textContent`); got != "original page /news/3" {
		t.Errorf("original page says %q", got)
	}
	p.screenshot("original")
	// The stored copy is inert text: its script does not run.
	p.do("open the stored copy", chromedp.Navigate(stored))
	p.wait(`document.readyState === "complete"`)
	if ct, body := eval[string](p, `document.contentType`), eval[string](p, `document.body.textContent`); ct != "text/plain" || !strings.Contains(body, "<script>") || eval[string](p, `document.title`) == "ran" {
		t.Errorf("stored copy: %s %q", ct, body)
	}
	p.screenshot("stored")
	p.do("return to the results", chromedp.Navigate(searchURL))
	p.wait(hits + ` === 3`)

	// An entity's page, from the hit's entity tag: names in every script,
	// its timeline, its recent articles.
	p.do("open the entity", chromedp.Click(chromedp.CSS(`li.hit[data-id="0000000000000003"] .tags a[data-entity="company:nvidia"]`)))
	p.wait(`document.querySelector('#detail[data-entity="company:nvidia"] .recent li') !== null`)
	entityText := eval[string](p, `document.querySelector('#detail').textContent`)
	for _, want := range []string{"英伟达", "英偉達", "輝達", "NVIDIA", "company"} {
		if !strings.Contains(entityText, want) {
			t.Errorf("entity page lacks %q", want)
		}
	}
	if n := eval[int](p, `document.querySelectorAll('#detail .recent li').length`); n != 3 {
		t.Errorf("entity page lists %d recent articles, want 3", n)
	}
	checkLayout(t, p, "entity")
	p.screenshot("entity")

	// A typo in an entity id: a hint, and its fix one click away.
	p.do("search with a typo", chromedp.Navigate(base+"/?q=entity:company:nvida"))
	p.wait(`document.querySelector('#hints a.did-you-mean') !== null`)
	hint := eval[string](p, `document.querySelector('#hints').textContent`)
	p.screenshot("typo")
	if !strings.Contains(hint, "entity:company:nvidia") {
		t.Errorf("typo hint %q", hint)
	}
	p.do("take the suggestion", chromedp.Click(chromedp.CSS("#hints a.did-you-mean")))
	p.wait(hits + ` === 3 && document.querySelector('#q').value === "entity:company:nvidia"`)
}

// checkLayout: nothing wider than the window, and the results, when shown
// beside a detail view, at a readable width.
func checkLayout(t *testing.T, p *page, view string) {
	t.Helper()
	if sw := eval[int](p, `document.documentElement.scrollWidth`); sw > int(p.width) {
		t.Errorf("%d px, %s: the page is %d px wide", p.width, view, sw)
	}
	// Beside a detail view the results keep 460 px; alone they take the
	// width of the window but for its margins.
	results := eval[int](p, `Math.round(document.querySelector('#results-pane').getBoundingClientRect().width)`)
	beside := eval[bool](p, `document.body.classList.contains('detail-open')`)
	if results != 0 && ((beside && results < 460) || (!beside && results < min(460, int(p.width)-60))) {
		t.Errorf("%d px, %s: the results are squeezed to %d px", p.width, view, results)
	}
	// Charts drawn for another width are redrawn for this one.
	p.wait(`[...document.querySelectorAll('#timeline svg, .entity-timeline svg')].every(s => s.parentElement.clientWidth === 0 || Math.abs(s.getBoundingClientRect().width - s.parentElement.clientWidth) <= 1)`)
}

func monthsBetween(first, last string) []string {
	var out []string
	t, _ := time.Parse("2006-01", first)
	for end, _ := time.Parse("2006-01", last); !t.After(end); t = t.AddDate(0, 1, 0) {
		out = append(out, t.Format("2006-01"))
	}
	return out
}

func jsString(s string) string { return "'" + strings.ReplaceAll(s, "'", `\'`) + "'" }
