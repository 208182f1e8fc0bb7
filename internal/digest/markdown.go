package digest

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/zhwatch/zhwatch"
)

// Markdown renders the digest as Markdown (CommonMark), readable as plain
// text too: it is the text part of the mail. Matched words are bold.
func Markdown(d *Digest) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s: %s\n\n", mdEscape(d.Watchlist), countNew(len(d.Items)))
	fmt.Fprintf(&b, "Query `%s` · %s\n", strings.ReplaceAll(d.Query, "`", "'"), period(d))
	for i, it := range d.Items {
		fmt.Fprintf(&b, "\n## %d. [%s](%s)\n\n", i+1, mdEscape(it.Title), mdURL(it.URL))
		b.WriteString(mdEscape(byline(it)))
		b.WriteString("\n")
		if it.Snippet != "" {
			b.WriteString("\n> ")
			for _, s := range parseSnippet(it.Snippet) {
				if s.Marked {
					fmt.Fprintf(&b, "**%s**", mdEscape(strings.TrimSpace(s.Text)))
				} else {
					b.WriteString(mdEscape(s.Text))
				}
			}
			b.WriteString("\n")
		}
		if len(it.Entities) > 0 {
			shown, more := shownEntities(it.Entities)
			b.WriteString("\nEntities: ")
			for j, e := range shown {
				if j > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, "%s `%s`", mdEscape(e.Name), strings.ReplaceAll(e.ID, "`", "'"))
			}
			if more > 0 {
				fmt.Fprintf(&b, " and %d more", more)
			}
			b.WriteString("\n")
		}
	}
	if d.Empty() {
		b.WriteString("\nNothing new matched.\n")
	}
	fmt.Fprintf(&b, "\n---\nzhwatch digest %s\n", d.ID)
	// The text part of a mail, read in terminals too: no control sequence,
	// whatever an older stored article holds.
	return zhwatch.StripControls(b.String())
}

// countNew says how many entries there are.
func countNew(n int) string {
	switch n {
	case 0:
		return "nothing new"
	case 1:
		return "1 new article"
	}
	return fmt.Sprintf("%d new articles", n)
}

// period says what the digest covers, in China time.
func period(d *Digest) string {
	if d.Since.IsZero() {
		return "everything stored up to " + displayTime(d.Until) + " (UTC+8)"
	}
	return "stored " + displayTime(d.Since) + " – " + displayTime(d.Until) + " (UTC+8)"
}

// byline is an entry's source, date and reprint count on one line.
func byline(it Item) string {
	parts := []string{it.Source}
	if it.SiteName != "" && it.SiteName != it.Source {
		parts[0] = it.SiteName + " (" + it.Source + ")"
	}
	if host := hostOf(it.URL); host != "" {
		parts = append(parts, host)
	}
	parts = append(parts, displayDate(it.PublishedAt))
	switch {
	case it.Reprints == 1:
		parts = append(parts, "1 reprint")
	case it.Reprints > 1:
		parts = append(parts, fmt.Sprintf("%d reprints", it.Reprints))
	}
	return strings.Join(parts, " · ")
}

// displayDate shows a publication date in China time, to the minute when
// the article gives a time.
func displayDate(published string) string {
	t, ok := (zhwatch.Article{PublishedAt: published}).Published()
	switch {
	case !ok:
		return "date unknown"
	case len(published) == len("2006-01-02"):
		return published
	}
	return t.In(zhwatch.ChinaTime).Format("2006-01-02 15:04")
}

// mdEscape backslash-escapes the characters that would make Markdown of
// a text (emphasis, links, code, HTML, tables) and a block marker at its
// start, and puts the text on one line. The rest stays as written, so the
// Markdown reads well as plain text too.
func mdEscape(s string) string {
	var b strings.Builder
	for i, r := range collapseSpace(s) {
		if strings.ContainsRune("\\`*_[]<>|~&", r) || i == 0 && strings.ContainsRune("#-+=>", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// mdURL writes a link destination that cannot end the link early.
func mdURL(u string) string {
	r := strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E", "\n", "", "\r", "")
	return r.Replace(u)
}

// displayTime is how digest times are shown.
func displayTime(t time.Time) string { return t.In(zhwatch.ChinaTime).Format("2006-01-02 15:04") }

// hostOf is the host an entry's URL points at, or "".
func hostOf(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return ""
	}
	return u.Host
}

// MaxShownEntities is how many entities an entry shows in Markdown and
// HTML; JSON and the feed carry them all.
const MaxShownEntities = 10

func shownEntities(all []Entity) (shown []Entity, more int) {
	if len(all) <= MaxShownEntities {
		return all, 0
	}
	return all[:MaxShownEntities], len(all) - MaxShownEntities
}
