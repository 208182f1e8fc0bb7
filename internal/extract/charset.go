package extract

import (
	"bytes"
	"mime"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
)

// prescanLimit is how far into a page Decode looks for a <meta> charset.
// Many Chinese pages put a long block of script before it, so this is more
// than the 1024 bytes HTML5 prescan uses.
const prescanLimit = 16 << 10

// Decode returns the page text as UTF-8, the charset used and how many
// invalid bytes were replaced. It prefers a byte order mark, then the charset
// of contentType, then a <meta> declaration, and checks the declaration
// against the bytes: a page declared as GB2312 that is valid UTF-8 is read as
// UTF-8, and GB2312/GBK are read as their superset GB18030. Runs of invalid
// bytes become one U+FFFD each; the page is never rejected.
func Decode(body []byte, contentType string) (text string, cs string, invalid int) {
	if name, rest, ok := bomCharset(body); ok {
		return decodeAs(rest, name)
	}
	declared := charsetFromContentType(contentType)
	if declared == "" {
		declared = prescanCharset(body)
	}
	return decodeAs(body, chooseCharset(body, declared))
}

// bomCharset recognises a byte order mark.
func bomCharset(b []byte) (name string, rest []byte, ok bool) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return "utf-8", b[3:], true
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return "utf-16be", b[2:], true
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return "utf-16le", b[2:], true
	}
	return "", b, false
}

func charsetFromContentType(ct string) string {
	if ct == "" {
		return ""
	}
	_, params, err := mime.ParseMediaType(ct)
	if err != nil {
		// A malformed header still often carries "charset=gbk".
		if i := strings.Index(strings.ToLower(ct), "charset="); i >= 0 {
			return canonicalCharset(strings.Trim(ct[i+len("charset="):], `"' ;`))
		}
		return ""
	}
	return canonicalCharset(params["charset"])
}

// prescanCharset finds <meta charset>, <meta http-equiv content="...charset=">
// or an XML declaration's encoding near the top of the page.
func prescanCharset(body []byte) string {
	head := body
	if len(head) > prescanLimit {
		head = head[:prescanLimit]
	}
	if bytes.HasPrefix(head, []byte("<?xml")) {
		if end := bytes.Index(head, []byte("?>")); end > 0 {
			if cs := attrInDecl(string(head[:end]), "encoding"); cs != "" {
				return canonicalCharset(cs)
			}
		}
	}
	z := html.NewTokenizer(bytes.NewReader(head))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if string(name) == "body" {
				return ""
			}
			if string(name) != "meta" || !hasAttr {
				continue
			}
			var content, httpEquiv string
			for {
				k, v, more := z.TagAttr()
				switch strings.ToLower(string(k)) {
				case "charset":
					if cs := canonicalCharset(string(v)); cs != "" {
						return cs
					}
				case "content":
					content = string(v)
				case "http-equiv":
					httpEquiv = string(v)
				}
				if !more {
					break
				}
			}
			if content != "" && (httpEquiv == "" || strings.EqualFold(httpEquiv, "content-type")) {
				if cs := charsetFromContentType(content); cs != "" {
					return cs
				}
			}
		}
	}
}

func attrInDecl(decl, key string) string {
	i := strings.Index(decl, key+"=")
	if i < 0 {
		return ""
	}
	v := decl[i+len(key)+1:]
	if v == "" {
		return ""
	}
	q := v[0]
	if q != '"' && q != '\'' {
		return ""
	}
	if j := strings.IndexByte(v[1:], q); j >= 0 {
		return v[1 : j+1]
	}
	return ""
}

// canonicalCharset maps a charset label to the name Decode reports, or ""
// when the label is unknown.
func canonicalCharset(label string) string {
	label = strings.ToLower(strings.TrimSpace(label))
	if label == "" {
		return ""
	}
	switch label {
	case "gb2312", "gbk", "gb18030", "x-gbk", "cp936", "gb_2312-80", "chinese", "csgb2312", "iso-ir-58", "euc-cn", "hz-gb-2312":
		return "gb18030"
	case "big5", "big5-hkscs", "cn-big5", "x-x-big5", "csbig5", "cp950":
		return "big5"
	case "utf8", "utf-8", "unicode-1-1-utf-8":
		return "utf-8"
	}
	if _, name := charset.Lookup(label); name != "" {
		switch name {
		case "gbk", "gb18030":
			return "gb18030"
		case "utf-8", "big5":
			return name
		}
		return name
	}
	return ""
}

// chooseCharset checks the declared charset against the bytes.
func chooseCharset(body []byte, declared string) string {
	nonASCII := hasNonASCII(body)
	if !nonASCII {
		if declared == "" || declared == "utf-16le" || declared == "utf-16be" {
			return "utf-8"
		}
		return declared
	}
	validUTF8 := utf8.Valid(body)
	switch declared {
	case "utf-8":
		if validUTF8 {
			return "utf-8"
		}
		// Declared UTF-8 but not: keep UTF-8 unless a Chinese legacy
		// encoding reads it with far fewer errors.
		bad := invalidUTF8(body)
		if bad*50 > countNonASCII(body) {
			if alt := guessLegacy(body); countInvalid(body, alt)*4 < bad {
				return alt
			}
		}
		return "utf-8"
	case "":
		if validUTF8 || invalidUTF8(body)*100 < countNonASCII(body) {
			return "utf-8"
		}
		return guessLegacy(body)
	case "utf-16le", "utf-16be":
		// Without a BOM a UTF-16 label in HTML is almost always wrong.
		if validUTF8 {
			return "utf-8"
		}
		return guessLegacy(body)
	default:
		// A legacy declaration on bytes that are valid UTF-8 with multi-byte
		// sequences: the declaration is stale (a template copied over).
		if validUTF8 {
			return "utf-8"
		}
		return declared
	}
}

// guessLegacy picks GB18030 or Big5 for undeclared non-UTF-8 bytes: Big5
// only when it decodes with clearly fewer errors and more common characters.
func guessLegacy(body []byte) string {
	gb := countInvalid(body, "gb18030")
	b5 := countInvalid(body, "big5")
	if b5 < gb {
		return "big5"
	}
	if b5 == gb && commonHanScore(body, "big5") > commonHanScore(body, "gb18030") {
		return "big5"
	}
	return "gb18030"
}

func hasNonASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

func countNonASCII(b []byte) int {
	n := 0
	for _, c := range b {
		if c >= utf8.RuneSelf {
			n++
		}
	}
	return n
}

func invalidUTF8(b []byte) int {
	n := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size == 1 {
			n++
		}
		b = b[size:]
	}
	return n
}

func encodingFor(name string) encoding.Encoding {
	switch name {
	case "gb18030":
		return simplifiedchinese.GB18030
	case "big5":
		return traditionalchinese.Big5
	case "utf-16le":
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
	case "utf-16be":
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
	}
	if e, _ := charset.Lookup(name); e != nil {
		return e
	}
	return nil
}

func countInvalid(body []byte, name string) int {
	_, _, n := decodeAs(body, name)
	return n
}

// commonHanScore counts a few very common simplified and traditional
// characters in body decoded as name; it separates GB from Big5 when both
// decode without errors.
func commonHanScore(body []byte, name string) int {
	text, _, _ := decodeAs(body, name)
	n := 0
	for _, r := range text {
		if strings.ContainsRune("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经之進個國們來時說對會發動過產種後學經這為與", r) {
			n++
		}
	}
	return n
}

// decodeAs decodes body with the named charset, replacing each run of
// invalid bytes with one U+FFFD and counting the bytes replaced.
func decodeAs(body []byte, name string) (string, string, int) {
	if name == "utf-8" || name == "" {
		return cleanUTF8(body), "utf-8", invalidUTF8(body)
	}
	enc := encodingFor(name)
	if enc == nil {
		return cleanUTF8(body), "utf-8", invalidUTF8(body)
	}
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return cleanUTF8(body), "utf-8", invalidUTF8(body)
	}
	text, replaced := collapseReplacements(out)
	return text, name, replaced
}

// cleanUTF8 replaces each run of invalid UTF-8 with one U+FFFD.
func cleanUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

// collapseReplacements turns runs of U+FFFD produced by a decoder into one,
// returning how many there were.
func collapseReplacements(b []byte) (string, int) {
	if !bytes.ContainsRune(b, utf8.RuneError) {
		return string(b), 0
	}
	var sb strings.Builder
	sb.Grow(len(b))
	n := 0
	prev := false
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		b = b[size:]
		if r == utf8.RuneError {
			n++
			if prev {
				continue
			}
			prev = true
		} else {
			prev = false
		}
		sb.WriteRune(r)
	}
	return sb.String(), n
}
