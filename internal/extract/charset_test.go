package extract

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

func gbk(t *testing.T, s string) []byte {
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func big5(t *testing.T, s string) []byte {
	b, err := traditionalchinese.Big5.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecode(t *testing.T) {
	const zh = "出口管制与实体清单，英伟达A800。"
	const tw = "出口管制與實體清單，輝達晶片。"
	page := func(meta, text string) string {
		return "<html><head>" + meta + "</head><body><p>" + text + "</p></body></html>"
	}
	tests := []struct {
		name        string
		body        []byte
		contentType string
		wantCharset string
		wantText    string
		wantInvalid int
	}{
		{"utf-8 bom beats header", append([]byte{0xEF, 0xBB, 0xBF}, page("", zh)...), "text/html; charset=gbk", "utf-8", zh, 0},
		{"header gbk", gbk(t, page("", zh)), "text/html; charset=GBK", "gb18030", zh, 0},
		{"header gb2312 read as gb18030", gbk(t, page("", zh)), "text/html; charset=gb2312", "gb18030", zh, 0},
		{"meta charset", gbk(t, page(`<meta charset="gb2312">`, zh)), "text/html", "gb18030", zh, 0},
		{"meta http-equiv", gbk(t, page(`<meta http-equiv="Content-Type" content="text/html; charset=gbk">`, zh)), "", "gb18030", zh, 0},
		{"header beats meta", gbk(t, page(`<meta charset="utf-8">`, zh)), "text/html; charset=gbk", "gb18030", zh, 0},
		{"big5 declared", big5(t, page(`<meta charset="big5">`, tw)), "", "big5", tw, 0},
		{"utf-8 labelled gb2312", []byte(page(`<meta charset="gb2312">`, zh)), "text/html; charset=gb2312", "utf-8", zh, 0},
		{"undeclared gbk", gbk(t, page("", zh)), "", "gb18030", zh, 0},
		{"undeclared big5", big5(t, page("", tw)), "", "big5", tw, 0},
		{"undeclared utf-8", []byte(page("", zh)), "", "utf-8", zh, 0},
		{"invalid gb run", append(append(gbk(t, "<p>出口"), 0xFF, 0xFF), gbk(t, "管制</p>")...), "text/html; charset=gbk", "gb18030", "出口\uFFFD管制", 2},
		{"invalid utf-8 run", []byte("<p>出口\xff\xfe管制</p>"), "text/html; charset=utf-8", "utf-8", "出口\uFFFD管制", 2},
		{"ascii", []byte("<p>hello</p>"), "", "utf-8", "hello", 0},
		{"unknown label falls back", []byte(page(`<meta charset="x-nonsense">`, zh)), "", "utf-8", zh, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, cs, invalid := Decode(tt.body, tt.contentType)
			if cs != tt.wantCharset {
				t.Errorf("charset = %q, want %q", cs, tt.wantCharset)
			}
			if !strings.Contains(text, tt.wantText) {
				t.Errorf("text %q does not contain %q", text, tt.wantText)
			}
			if invalid != tt.wantInvalid {
				t.Errorf("invalid = %d, want %d", invalid, tt.wantInvalid)
			}
		})
	}
}
