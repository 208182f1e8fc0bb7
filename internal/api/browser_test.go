package api

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserSearchFacetArticle drives the web page in a real headless
// chromium: type a query, click a facet, check the results, open an
// article, and save a screenshot. It needs chromium (Debian: apt-get install
// chromium) and runs only with ZHWATCH_BROWSER_TEST=1. ZHWATCH_CHROMIUM names
// another browser binary; ZHWATCH_SCREENSHOT_DIR says where the screenshots
// go (default: the system temporary directory).
func TestBrowserSearchFacetArticle(t *testing.T) {
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
	srv, _ := newTestServer(t, Config{})

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
	if err := chromedp.Do(browserCtx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatalf("start %s: %v", browser, err)
	}
	ctx, cancelTimeout := context.WithTimeout(browserCtx, 90*time.Second)
	defer cancelTimeout()

	countHits := `document.querySelectorAll('#results li.hit').length`
	poll := func(cond string) chromedp.Action[chromedp.Void] {
		return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
			_, err := chromedp.Poll[bool](cond, chromedp.WithPollingTimeout(20*time.Second))(ctx, tg)
			return chromedp.Void{}, err
		}
	}
	step := func(name string, a chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, a); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	value := func(name string, a chromedp.Action[string]) string {
		t.Helper()
		v, err := chromedp.Run(ctx, a)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return v
	}
	number := func(expr string) int {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[int](expr))
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		return v
	}
	screenshot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot: %v", err)
		}
		path := filepath.Join(shots, name)
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", path)
	}

	step("wait for the search box", chromedp.WaitVisible(chromedp.CSS("#q")))
	step("type a query", chromedp.SendKeys(chromedp.CSS("#q"), "英偉達"))
	step("submit", chromedp.Click(chromedp.CSS("#search button[type=submit]")))
	step("wait for 3 hits", poll(countHits+" === 3"))
	snippet := value("snippet", chromedp.InnerHTML(chromedp.CSS("#results li.hit .snippet")))

	// Narrow to one source by its facet.
	step("click the source facet", chromedp.Click(chromedp.CSS(`#facets button[data-facet="source"][data-value="xinhua"]`)))
	step("wait for 2 hits", poll(countHits+" === 2"))
	hits := number(countHits)
	query := value("query", chromedp.Value(chromedp.CSS("#q")))
	status := value("status", chromedp.Text(chromedp.CSS("#status")))
	bars := number(`document.querySelectorAll('#timeline rect').length`)
	screenshot("zhwatch-search.png")

	// Open the traditional-script article (which of the two ranks first
	// depends on the shards' statistics): the original text with its
	// entities marked, and the normalised text in simplified characters.
	step("open an article", chromedp.Click(chromedp.Search(`//li[contains(@class,"hit")]//*[contains(@class,"title")][contains(., "輝達財報")]`)))
	step("wait for the article", chromedp.WaitVisible(chromedp.CSS("#article .original mark.entity")))
	entityMarks := number(`document.querySelectorAll('#article .original mark.entity').length`)
	normalized := value("normalized text", chromedp.Text(chromedp.CSS("#article .normalized")))
	screenshot("zhwatch-article.png")

	if !strings.Contains(snippet, "<mark>") {
		t.Errorf("first snippet has no <mark>: %q", snippet)
	}
	if hits != 2 || !strings.Contains(query, "source:xinhua") || !strings.HasPrefix(status, "2 article") {
		t.Errorf("after the source facet: %d hits, query %q, status %q", hits, query, status)
	}
	if entityMarks == 0 {
		t.Error("article view marks no entities")
	}
	if bars == 0 {
		t.Error("no timeline bars")
	}
	if !strings.Contains(normalized, "辉达公布") || strings.Contains(normalized, "輝") {
		t.Errorf("normalised text %q", normalized)
	}
}
