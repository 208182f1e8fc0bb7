package extract

import (
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// doc is what analyse found in one parsed page.
type doc struct {
	title, body, lang, siteName string
	date                        pubDate
	credits                     byline
	gov                         govMeta
}

func analyse(root *html.Node, pageURL string, fetched time.Time, p bodyParams) doc {
	var d doc
	head := readHead(root)
	bf := newBodyFinder(root, p, head.titleTag)
	top := bf.best(root)
	nodes := bf.bodyNodes(top)
	inBody := nodeSet(nodes)

	all := renderLines(nil, root)
	d.gov = readGovMeta(all)

	skip := func(n *html.Node) bool { return !inBody[n] && bf.skipInBody(n) }
	bodyLines := renderLines(skip, nodes...)

	// Locate the body and the headline in the page's lines.
	start, end := bodyRange(all, nodes)
	d.title = pickTitle(head, nodes, all[:max(start, 0)])
	if d.gov.Title != "" {
		d.title = d.gov.Title
	}
	d.siteName = siteName(head)

	// The headline's line: the last one above the body, else one at its top.
	titleAt := -1
	for i := 0; i < len(all) && i < max(start, 0)+5; i++ {
		if d.title != "" && (all[i].text == d.title || (utf8.RuneCountInString(d.title) >= 6 && strings.Contains(all[i].text, d.title))) {
			if i >= start && titleAt >= 0 {
				break
			}
			titleAt = i
		}
	}
	header := headerLines(all, titleAt, start)
	lines := cleanBody(bodyLines)
	if len(lines) > 1 && d.title != "" && d.gov.Title == "" && foldBlank(lines[0]) == foldBlank(d.title) {
		// The headline printed inside the text's container is not text;
		// a policy document's text opens with its title, as printed.
		lines = lines[1:]
	}
	d.body = strings.Join(lines, "\n")

	// Credits: the header, the first and last lines of the body, and what
	// follows it.
	var creditLines []string
	creditLines = append(creditLines, texts(header)...)
	if titleAt > 0 && titleAt <= max(start, 0) {
		// A credit printed just above the headline ("作者：王建").
		for _, ln := range all[max(0, titleAt-2):titleAt] {
			if utf8.RuneCountInString(ln.text) <= 30 && ln.links == 0 {
				creditLines = append(creditLines, ln.text)
			}
		}
	}
	headed := len(creditLines)
	creditLines = append(creditLines, withoutPhotoCredits(firstTexts(bodyLines, 4))...)
	creditLines = append(creditLines, withoutPhotoCredits(lastTexts(bodyLines, 6))...)
	lo := min(4, len(bodyLines))
	for _, ln := range bodyLines[lo:max(lo, len(bodyLines)-6)] {
		// A labelled credit line anywhere in the text ("责任编辑:刘响"), or
		// a short line that credits a writer after the lede ("《棱镜》作者 周纯").
		n := utf8.RuneCountInString(ln.text)
		if (n <= 40 && labelledCredit.MatchString(ln.text)) || (n <= 20 && !photoCredit(ln.text) && readByline([]string{ln.text}).authorRank >= 4) {
			creditLines = append(creditLines, ln.text)
		}
	}
	if end >= 0 {
		creditLines = append(creditLines, unlinkedTexts(all[end:min(len(all), end+8)])...)
	}
	d.credits = readByline(creditLines)
	if own := readByline(creditLines[:headed]); own.authorRank >= 4 {
		// The page's own byline beats a credit quoted in the text
		// ("原标题：… 作者：荆文静" opening a reprint).
		d.credits.Author, d.credits.authorRank = own.Author, own.authorRank
	} else if name := textCredit(texts(bodyLines)); name != "" {
		// No byline names a writer: the first writer the text credits,
		// read with the boundaries of a printed credit.
		d.credits.Author, d.credits.authorRank = name, 4
	}
	d.credits.weakCredits(texts(header), creditLines)
	if d.credits.authorRank < 3 {
		if name := classAuthor(root, inBody); name != "" {
			d.credits.Author, d.credits.authorRank = name, 3
		}
	}
	if d.credits.Author == "" {
		// A line of names just under the headline.
		from := max(titleAt+1, 0)
		to := min(len(all), from+3)
		if titleAt < start {
			to = min(to, max(start, from)) // the text's own first line may be a name: a caption, a subhead
		}
		after := texts(all[from:to])
		if titleAt < 0 {
			after = firstTexts(bodyLines, 2)
		}
		for _, ln := range after {
			if n := nameLine(ln); n != "" {
				d.credits.Author = n
				break
			}
		}
	}
	if d.credits.Author == "" {
		d.credits.Author = metaAuthor(head)
		if d.credits.Author == "" && len(bodyLines) > 0 {
			d.credits.closingSignature(bodyLines[len(bodyLines)-1].text)
		}
	}
	for i := 0; i < len(lines) && i < 3 && d.credits.Origin == ""; i++ {
		d.credits.Origin = dispatchOrigin(lines[i])
	}
	if d.credits.Origin == "" {
		d.credits.Origin = unlabelledOrigin(texts(header))
	}
	if d.credits.Origin == "" {
		d.credits.Origin = metaOrigin(head)
	}
	if d.credits.Origin == "" {
		// A reprint's 来源 printed in the text or just below it.
		after := []string(nil)
		if end >= 0 {
			after = unlinkedTexts(all[end:min(len(all), end+8)])
		}
		d.credits.Origin = textOrigin(append(withoutPhotoCredits(texts(bodyLines)), after...))
	}
	if d.gov.DocNumber == "" {
		d.gov.DocNumber, d.gov.Issuer = docNumberInBody(lines, d.gov.Issuer)
	}
	if d.gov.Issuer == "" {
		d.gov.Issuer = issuerFromTitle(d.title)
	}

	d.date = findDate(head, d.gov, header, bodyLines, all, end, start, pageURL, fetched)
	d.lang = detectLang(head, d.body, d.title)
	return d
}

// foldBlank removes white space, which pages set differently in a headline
// and its <title>.
func foldBlank(s string) string {
	return strings.Join(strings.FieldsFunc(s, isSpace), "")
}

// photoCredit reports a caption's credit for a picture: "图片来源：每经记者
// 张蕊 摄", "▲广州日报全媒体图片记者黎旭阳、李妍摄". Its 记者 took the photo.
func photoCredit(t string) bool {
	t = strings.TrimRight(t, " ）)")
	// A picture editor (图片编辑) is a credit line's editor and a 摄影报道 a
	// reporter's report with pictures, not photo credits.
	for _, w := range []string{"图片编辑", "圖片編輯", "摄影报道", "攝影報導"} {
		t = strings.ReplaceAll(t, w, "")
	}
	// A labelled "摄影：" credit after another credit ends it ("文字：黄一鸣
	// 摄影：蔡立"): what comes before decides; one opening the line is a photo credit.
	if loc := photoLabelledIn(t); loc != nil {
		if loc[0] == 0 {
			return true
		}
		t = t[:loc[0]]
	}
	return strings.HasSuffix(t, "摄") || strings.Contains(t, "图片") || strings.Contains(t, "圖片") || strings.Contains(t, "摄影") || strings.Contains(t, "攝影")
}

var photoLabelled = regexp.MustCompile(`(?:摄影|攝影)\s*[:：|｜/／丨]`)

// photoLabelledIn is photoLabelled's match in t; most lines have no 影 and
// skip the regexp, which scans every line of every page.
func photoLabelledIn(t string) []int {
	if !strings.Contains(t, "影") {
		return nil
	}
	return photoLabelled.FindStringIndex(t)
}

func withoutPhotoCredits(ts []string) []string {
	out := ts[:0:0]
	for _, t := range ts {
		if !photoCredit(t) {
			out = append(out, t)
		}
	}
	return out
}

// labelledCredit is a credit label with a separator at the start of a line.
var labelledCredit = regexp.MustCompile(`^[【\[(（]?\s*(?:责任编辑|責任編輯|责编|作者|撰文|记者|記者|编辑|編輯)\s*[:：|｜]`)

// classAuthor returns the text of the first element outside the body whose
// class names an author ("author-name", "byline", "writer"), when it is short.
func classAuthor(root *html.Node, inBody map[*html.Node]bool) string {
	var found string
	var walk func(*html.Node) bool
	walk = func(n *html.Node) bool {
		if n.Type == html.ElementNode {
			if junkTags[n.DataAtom] || inBody[n] {
				return false
			}
			if isAuthorClass(n) {
				t := strings.TrimLeft(textOf(n), "@ ")
				if k := utf8.RuneCountInString(t); k >= 2 && k <= 20 {
					b := readByline([]string{t})
					switch {
					case b.Author != "":
						found = b.Author
					case !strings.ContainsAny(t, "：:0123456789") && len(strings.Fields(t)) <= 2 && !nameStop(t):
						found = t
					}
					if found != "" {
						return true
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if walk(c) {
				return true
			}
		}
		return false
	}
	walk(root)
	return found
}

func isAuthorClass(n *html.Node) bool {
	for _, w := range classWords(n) {
		switch w {
		case "author", "author-name", "authorname", "writer", "byline", "auth", "user-name", "username":
			return true
		}
	}
	return false
}

func nodeSet(nodes []*html.Node) map[*html.Node]bool {
	m := make(map[*html.Node]bool, len(nodes))
	for _, n := range nodes {
		m[n] = true
	}
	return m
}

// bodyRange returns the index of the first line inside the body nodes and
// the index just past the last, or -1, -1.
func bodyRange(all []line, nodes []*html.Node) (start, end int) {
	start, end = -1, -1
	for i, ln := range all {
		if ln.block != nil && inNodes(ln.block, nodes) {
			if start < 0 {
				start = i
			}
			end = i + 1
		}
	}
	return start, end
}

// headerLines returns the lines between the headline and the body, where
// dates and credits are printed.
func headerLines(all []line, titleAt, start int) []line {
	if start < 0 {
		start = min(len(all), 40)
	}
	from := start - 12
	if titleAt >= 0 && titleAt < start && titleAt >= start-25 {
		from = titleAt + 1
	}
	from = max(from, 0)
	if titleAt >= start && titleAt < len(all) {
		// The headline sits inside the body container: the credits follow it.
		return all[titleAt+1 : min(len(all), titleAt+6)]
	}
	return all[from:start]
}

func texts(ls []line) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = l.text
	}
	return out
}

// unlinkedTexts are the texts of ls without their link text: below an
// article, a link is a teaser of another page, and the "发文：" or "记者"
// in it belongs to that page ("由海姑娘张贴 @ <a>date</a>" keeps its credit).
func unlinkedTexts(ls []line) []string {
	var out []string
	rendered := map[*html.Node]bool{}
	for _, l := range ls {
		if l.links == 0 {
			out = append(out, l.text)
			continue
		}
		if l.block == nil || rendered[l.block] {
			continue // no block to render, or already rendered with it
		}
		us := renderLines(isLink, l.block)
		if onlyBareLabels(us) {
			out = append(out, l.text) // "来源：<a>人民日报</a>": the link is the credit's value
			continue
		}
		rendered[l.block] = true
		for _, u := range us {
			out = append(out, u.text)
		}
	}
	return out
}

func isLink(n *html.Node) bool { return n.Type == html.ElementNode && n.DataAtom == atom.A }

func firstTexts(ls []line, n int) []string { return texts(ls[:min(n, len(ls))]) }
func lastTexts(ls []line, n int) []string  { return texts(ls[max(0, len(ls)-n):]) }

func siteName(h *headInfo) string {
	if v := h.first("og:site_name", "application-name", "sitename", "site_name"); v != "" {
		return v
	}
	if parts := splitTitle(collapseSpace(h.titleTag)); len(parts) > 1 {
		return parts[len(parts)-1]
	}
	return ""
}

func metaAuthor(h *headInfo) string {
	v := h.first("article:author", "author", "dc.creator", "byline")
	if v == "" {
		v = h.ldString("author")
	}
	if v == "" || strings.Contains(v, "http") || utf8.RuneCountInString(v) > 40 {
		return ""
	}
	// Sites often put their own name here.
	if site := siteName(h); site != "" && (strings.Contains(site, v) || strings.Contains(h.titleTag, v)) {
		return ""
	}
	if strings.ContainsAny(v, ",，@") || len(strings.Fields(v)) > 3 {
		return ""
	}
	names := cleanNames(v)
	if !hasSurname(names) {
		return ""
	}
	return names
}

func metaOrigin(h *headInfo) string {
	v := h.first("source", "article:source", "mediaid", "contentsource")
	if v == "" || strings.Contains(v, "http") {
		return ""
	}
	return cleanOrigin(v)
}

// detectLang uses the page's declaration, then the share of Han characters.
func detectLang(h *headInfo, body, title string) string {
	if l := langCode(h.lang); l != "" {
		return l
	}
	if l := langCode(h.first("content-language", "language", "og:locale")); l != "" {
		return l
	}
	han, latin := 0, 0
	for _, r := range title + body {
		switch {
		case isHan(r):
			han++
		case unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r):
			return "ja"
		case unicode.Is(unicode.Hangul, r):
			return "ko"
		case unicode.IsLetter(r) && r < 0x250:
			latin++
		}
	}
	switch {
	case han > 0 && han*4 >= latin:
		return "zh"
	case latin > 0:
		return "en"
	}
	return ""
}

func langCode(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return ""
	}
	if i := strings.IndexAny(s, "-_,; "); i > 0 {
		s = s[:i]
	}
	if len(s) < 2 || len(s) > 3 {
		return ""
	}
	return s
}
