package demosite_test

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html/charset"

	"github.com/zhwatch/zhwatch/demo"
	"github.com/zhwatch/zhwatch/internal/demosite"
)

// TestMetaDecidesCharset checks what a crawler sees: the Content-Type carries
// no charset, so the standard sniffer must settle on the page's meta tag.
func TestMetaDecidesCharset(t *testing.T) {
	srv := httptest.NewServer(demosite.Handler(demo.Site()))
	defer srv.Close()
	tests := []struct{ path, want string }{
		{gbkPage, "gbk"}, // WHATWG maps a gb2312 label to GBK
		{big5Page, "big5"},
		{"/2025/09/03/c_1130098765.html", "utf-8"},
		{"/2025/08/25/c1004-40550123.html", "utf-8"}, // http-equiv form
	}
	for _, tt := range tests {
		resp, body := get(t, srv, tt.path)
		// certain is false for any meta-declared charset; only a BOM or a
		// header parameter makes the sniffer certain.
		_, name, certain := charset.DetermineEncoding(body, resp.Header.Get("Content-Type"))
		if name != tt.want || certain {
			t.Errorf("%s: sniffed %q (certain %v), want %q from the meta tag", tt.path, name, certain, tt.want)
		}
	}
}

func TestFeedLinksAreRootRelative(t *testing.T) {
	srv := httptest.NewServer(demosite.Handler(demo.Site()))
	defer srv.Close()
	_, body := get(t, srv, "/rss.xml")
	feed, err := gofeed.NewParser().ParseString(string(body))
	if err != nil {
		t.Fatalf("parse rss.xml: %v", err)
	}
	if feed.FeedType != "rss" || len(feed.Items) < 9 {
		t.Fatalf("feed type %q with %d items, want rss with at least 9", feed.FeedType, len(feed.Items))
	}
	for _, item := range feed.Items {
		if !strings.HasPrefix(item.Link, "/2025/") || item.PublishedParsed == nil {
			t.Errorf("item %q: link %q published %v", item.Title, item.Link, item.PublishedParsed)
			continue
		}
		if resp, _ := get(t, srv, item.Link); resp.StatusCode != 200 {
			t.Errorf("item %q: %s answers %d", item.Title, item.Link, resp.StatusCode)
		}
	}
}
