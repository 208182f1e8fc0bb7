package digest

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"

	"github.com/zhwatch/zhwatch"
)

// HTML renders the digest for mail clients: one table-based page with
// inline styles only (no <style>, no scripts, no external images), every
// text escaped, matched words in <mark>.
func HTML(d *Digest) string {
	var b bytes.Buffer
	if err := htmlPage.Execute(&b, htmlView(d)); err != nil {
		// The template is fixed and its data are plain strings: an error
		// here is a bug in this file, caught by the tests.
		return fmt.Sprintf("<p>digest %s could not be rendered: %s</p>", template.HTMLEscapeString(d.ID), template.HTMLEscapeString(err.Error()))
	}
	return zhwatch.StripControls(b.String()) // markup holds none; page text may
}

type htmlDigest struct {
	Title, Query, Period, ID, Count string
	Items                           []htmlItem
}

type htmlItem struct {
	N                  int
	Title, URL, Byline string
	Snippet            template.HTML // built from escaped spans
	Entities           []Entity
	MoreEntities       int
	Reprints           int
}

func htmlView(d *Digest) htmlDigest {
	v := htmlDigest{Title: d.Watchlist, Query: d.Query, Period: period(d), ID: d.ID, Count: countNew(len(d.Items))}
	for i, it := range d.Items {
		shown, more := shownEntities(it.Entities)
		v.Items = append(v.Items, htmlItem{N: i + 1, Title: it.Title, URL: it.URL, Byline: byline(it),
			Snippet: markedHTML(parseSnippet(it.Snippet)), Entities: shown, MoreEntities: more, Reprints: it.Reprints})
	}
	return v
}

// markedHTML escapes every span and marks the matched ones with an inline
// style (mail clients drop <style> blocks).
func markedHTML(spans []span) template.HTML {
	var b strings.Builder
	for _, s := range spans {
		text := template.HTMLEscapeString(s.Text)
		if s.Marked {
			b.WriteString(`<mark style="background-color:#fff0a0;color:#000000;padding:0 1px;">` + text + `</mark>`)
		} else {
			b.WriteString(text)
		}
	}
	return template.HTML(b.String()) //nolint:gosec // every piece is escaped above
}

var htmlPage = template.Must(template.New("digest").Parse(`<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>zhwatch · {{.Title}}</title>
</head>
<body style="margin:0;padding:0;background-color:#f3f4f6;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f3f4f6;">
<tr><td align="center" style="padding:16px 8px;">
<table role="presentation" width="640" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:640px;background-color:#ffffff;border:1px solid #e5e7eb;font-family:-apple-system,'Segoe UI','PingFang SC','Microsoft YaHei','Noto Sans CJK SC',Arial,sans-serif;color:#111827;">
<tr><td style="padding:20px 24px 8px 24px;">
<h1 style="margin:0 0 6px 0;font-size:20px;line-height:1.3;font-weight:bold;">{{.Title}}: {{.Count}}</h1>
<p style="margin:0;font-size:13px;line-height:1.5;color:#6b7280;">Query <code style="font-family:Menlo,Consolas,monospace;background-color:#f3f4f6;padding:1px 4px;">{{.Query}}</code> · {{.Period}}</p>
</td></tr>
{{- range .Items}}
<tr><td style="padding:14px 24px;border-top:1px solid #e5e7eb;">
<p style="margin:0 0 4px 0;font-size:16px;line-height:1.4;font-weight:bold;">{{.N}}. <a href="{{.URL}}" style="color:#1d4ed8;text-decoration:none;">{{.Title}}</a></p>
<p style="margin:0 0 8px 0;font-size:12px;line-height:1.5;color:#6b7280;">{{.Byline}}</p>
{{- if .Snippet}}
<p style="margin:0 0 8px 0;font-size:14px;line-height:1.6;color:#374151;border-left:3px solid #d1d5db;padding-left:10px;">{{.Snippet}}</p>
{{- end}}
{{- if .Entities}}
<p style="margin:0;font-size:12px;line-height:1.8;">{{range .Entities}}<span style="display:inline-block;margin:0 4px 2px 0;padding:0 6px;border:1px solid #d1d5db;border-radius:3px;color:#374151;background-color:#f9fafb;" title="{{.ID}}">{{.Name}}</span>{{end}}{{if .MoreEntities}}<span style="color:#6b7280;">and {{.MoreEntities}} more</span>{{end}}</p>
{{- end}}
</td></tr>
{{- else}}
<tr><td style="padding:14px 24px;border-top:1px solid #e5e7eb;font-size:14px;color:#6b7280;">Nothing new matched.</td></tr>
{{- end}}
<tr><td style="padding:12px 24px 18px 24px;border-top:1px solid #e5e7eb;font-size:11px;color:#9ca3af;">zhwatch digest {{.ID}}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`))
