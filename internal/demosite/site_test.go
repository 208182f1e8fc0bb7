package demosite_test

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"

	"github.com/zhwatch/zhwatch/demo"
	"github.com/zhwatch/zhwatch/internal/demosite"
)

const (
	gbkPage  = "/2025/01/02/20250103583234.html"
	big5Page = "/2025/08/22/202508220123.html"
)

// decodeStrict decodes b and fails on any byte sequence enc does not define.
func decodeStrict(t *testing.T, enc encoding.Encoding, b []byte) string {
	t.Helper()
	text, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		t.Fatalf("decode as %s: %v", enc, err)
	}
	if bytes.ContainsRune(text, utf8.RuneError) {
		t.Fatalf("decode as %s: replacement characters in the result", enc)
	}
	return string(text)
}

func TestGBKPage(t *testing.T) {
	srv := httptest.NewServer(demosite.Handler(demo.Site()))
	defer srv.Close()
	_, raw := get(t, srv, gbkPage)
	if utf8.Valid(raw) {
		t.Fatal("GBK page is valid UTF-8: it was not encoded")
	}
	if !bytes.Contains(raw, []byte(`<meta charset="gb2312">`)) {
		t.Error(`GBK page does not declare <meta charset="gb2312">`)
	}
	text := decodeStrict(t, simplifiedchinese.GBK, raw)
	for _, want := range []string{"出口管制管控名单", "商务部公告2025年第1号", "王喆"} {
		if !strings.Contains(text, want) {
			t.Errorf("decoded GBK page lacks %q", want)
		}
	}
	// The page must need more than GB2312: some character must be coded
	// outside GB2312's rows (both bytes in 0xA1-0xFE).
	var beyond []rune
	for _, r := range text {
		if r < utf8.RuneSelf {
			continue
		}
		b, err := simplifiedchinese.GBK.NewEncoder().String(string(r))
		if err != nil {
			t.Fatalf("re-encode %q: %v", r, err)
		}
		if len(b) == 2 && (b[0] < 0xA1 || b[1] < 0xA1) {
			beyond = append(beyond, r)
		}
	}
	if !strings.ContainsRune(string(beyond), '喆') || !strings.ContainsRune(string(beyond), '镕') {
		t.Errorf("characters beyond GB2312 = %q, want 喆 and 镕 among them", string(beyond))
	}
	assertSameAsSource(t, "mofcom.utf8.html", text)
}

func TestBig5Page(t *testing.T) {
	srv := httptest.NewServer(demosite.Handler(demo.Site()))
	defer srv.Close()
	_, raw := get(t, srv, big5Page)
	if utf8.Valid(raw) {
		t.Fatal("Big5 page is valid UTF-8: it was not encoded")
	}
	if !bytes.Contains(raw, []byte(`<meta charset="big5">`)) {
		t.Error(`Big5 page does not declare <meta charset="big5">`)
	}
	text := decodeStrict(t, traditionalchinese.Big5, raw)
	for _, want := range []string{"輝達", "H20", "出口管制", "（編輯：陳政偉）"} {
		if !strings.Contains(text, want) {
			t.Errorf("decoded Big5 page lacks %q", want)
		}
	}
	assertSameAsSource(t, "cna.utf8.html", text)
}

// assertSameAsSource checks that an encoded page was regenerated after its
// UTF-8 source in demo/src last changed.
func assertSameAsSource(t *testing.T, source, decoded string) {
	t.Helper()
	want, err := os.ReadFile("../../demo/src/" + source)
	if err != nil {
		t.Fatalf("read source: %v", err)
	}
	if decoded != string(want) {
		t.Errorf("encoded page differs from demo/src/%s: run go generate ./demo", source)
	}
}

type truthFile struct {
	Articles []struct {
		Path        string `json:"path"`
		Title       string `json:"title"`
		PublishedAt string `json:"published_at"`
		Author      string `json:"author"`
		Origin      string `json:"origin"`
		Editor      string `json:"editor"`
		DocNumber   string `json:"doc_number"`
		Issuer      string `json:"issuer"`
		Charset     string `json:"charset"`
		Script      string `json:"script"`
		OffTopic    bool   `json:"off_topic"`
		BodyStart   string `json:"body_start"`
		BodyEnd     string `json:"body_end"`
	} `json:"articles"`
	NotArticles []struct {
		Path string `json:"path"`
	} `json:"not_articles"`
}

var (
	h1Pattern    = regexp.MustCompile(`(?s)<h1[^>]*>(.*?)</h1>`)
	titlePattern = regexp.MustCompile(`<title>(.*?)</title>`)
	tagPattern   = regexp.MustCompile(`<[^>]*>`)
)

// TestTruthMatchesPages keeps demo/truth.json honest: every value it
// promises is on the page it names, where a reader would find it.
func TestTruthMatchesPages(t *testing.T) {
	var truth truthFile
	if err := json.Unmarshal(demo.Truth(), &truth); err != nil {
		t.Fatalf("parse truth.json: %v", err)
	}
	if len(truth.Articles) < 9 {
		t.Fatalf("truth.json has %d articles, want at least 9", len(truth.Articles))
	}
	srv := httptest.NewServer(demosite.Handler(demo.Site()))
	defer srv.Close()
	_, index := get(t, srv, "/index.html")
	_, feed := get(t, srv, "/rss.xml")
	decoders := map[string]encoding.Encoding{
		"utf-8": encoding.Nop,
		"gbk":   simplifiedchinese.GBK,
		"big5":  traditionalchinese.Big5,
	}
	offTopic := 0
	for _, a := range truth.Articles {
		enc, ok := decoders[a.Charset]
		if !ok {
			t.Errorf("%s: unknown charset %q", a.Path, a.Charset)
			continue
		}
		resp, raw := get(t, srv, a.Path)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/html" {
			t.Errorf("%s: status %d type %q", a.Path, resp.StatusCode, resp.Header.Get("Content-Type"))
			continue
		}
		page := decodeStrict(t, enc, raw)
		if a.Charset == "utf-8" && !utf8.Valid(raw) {
			t.Errorf("%s: not valid UTF-8", a.Path)
		}
		if m := h1Pattern.FindStringSubmatch(page); m == nil || strings.TrimSpace(tagPattern.ReplaceAllString(m[1], "")) != a.Title {
			t.Errorf("%s: <h1> is not %q", a.Path, a.Title)
		}
		if m := titlePattern.FindStringSubmatch(page); m == nil || !strings.HasPrefix(m[1], a.Title) || m[1] == a.Title {
			t.Errorf("%s: <title> should be %q plus a site-name suffix", a.Path, a.Title)
		}
		if !strings.Contains(page, ">"+a.BodyStart) || !strings.Contains(page, a.BodyEnd+"</p>") {
			t.Errorf("%s: body_start/body_end do not open and close paragraphs", a.Path)
		}
		for field, value := range map[string]string{"author": a.Author, "origin": a.Origin, "editor": a.Editor, "doc_number": a.DocNumber, "issuer": a.Issuer} {
			if !strings.Contains(page, value) {
				t.Errorf("%s: %s %q is not on the page", a.Path, field, value)
			}
		}
		if a.Script != "hans" && a.Script != "hant" {
			t.Errorf("%s: script %q", a.Path, a.Script)
		}
		if !strings.Contains(string(index), `href="`+strings.TrimPrefix(a.Path, "/")+`"`) {
			t.Errorf("%s: not linked (relatively) from index.html", a.Path)
		}
		if !strings.Contains(string(feed), "<link>"+a.Path+"</link>") {
			t.Errorf("%s: not in rss.xml", a.Path)
		}
		if a.OffTopic {
			offTopic++
		}
	}
	if offTopic == 0 {
		t.Error("truth.json has no off-topic article")
	}
	for _, n := range truth.NotArticles {
		if resp, _ := get(t, srv, n.Path); resp.StatusCode != 200 {
			t.Errorf("%s: status %d, want 200 (it must exist to be refused)", n.Path, resp.StatusCode)
		}
	}
}
