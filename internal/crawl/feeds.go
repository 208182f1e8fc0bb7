package crawl

import (
	"bytes"
	"encoding/xml"

	"github.com/mmcdole/gofeed"
)

// feedLinks returns the links of an RSS/Atom feed or a sitemap, or nothing
// when body is neither.
func feedLinks(body []byte) []string {
	head := bytes.TrimSpace(body[:min(len(body), 512)])
	if !bytes.HasPrefix(head, []byte("<?xml")) && !bytes.HasPrefix(head, []byte("<rss")) &&
		!bytes.HasPrefix(head, []byte("<feed")) && !bytes.HasPrefix(head, []byte("<urlset")) &&
		!bytes.HasPrefix(head, []byte("<sitemapindex")) {
		return nil
	}
	if links := sitemapLinks(body); links != nil {
		return links
	}
	feed, err := gofeed.NewParser().ParseString(string(body))
	if err != nil {
		return nil
	}
	var links []string
	for _, item := range feed.Items {
		if item.Link != "" {
			links = append(links, item.Link)
		}
	}
	return links
}

// sitemapLinks reads <urlset> and <sitemapindex> documents.
func sitemapLinks(body []byte) []string {
	var doc struct {
		XMLName xml.Name
		URLs    []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
		Sitemaps []struct {
			Loc string `xml:"loc"`
		} `xml:"sitemap"`
	}
	if err := xml.Unmarshal(body, &doc); err != nil {
		return nil
	}
	if doc.XMLName.Local != "urlset" && doc.XMLName.Local != "sitemapindex" {
		return nil
	}
	links := []string{}
	for _, u := range doc.URLs {
		links = append(links, u.Loc)
	}
	for _, s := range doc.Sitemaps {
		links = append(links, s.Loc)
	}
	return links
}
