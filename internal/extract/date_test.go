package extract

import (
	"errors"
	"testing"
	"time"

	"github.com/zhwatch/zhwatch"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		year int
		want string // "" means an error
	}{
		{"2023-08-26", 0, "2023-08-26"},
		{"2023-08-26 10:30:00", 0, "2023-08-26T10:30:00+08:00"},
		{"2023-08-26 10:30", 0, "2023-08-26T10:30:00+08:00"},
		{"2023/8/26 9:05", 0, "2023-08-26T09:05:00+08:00"},
		{"2023.08.26", 0, "2023-08-26"},
		{"2023年8月26日 10:30", 0, "2023-08-26T10:30:00+08:00"},
		{"2023年08月26日10时30分", 0, "2023-08-26T10:30:00+08:00"},
		{"发布时间：2023年8月26日", 0, "2023-08-26"},
		{"２０２３年８月２６日", 0, "2023-08-26"},
		{"2023-08-26T02:30:00Z", 0, "2023-08-26T10:30:00+08:00"},
		{"2023-08-26T10:30:00+08:00", 0, "2023-08-26T10:30:00+08:00"},
		{"2023-08-25T22:30:00-04:00", 0, "2023-08-26T10:30:00+08:00"},
		{"2025-08-26-17:05:00", 0, "2025-08-26T17:05:00+08:00"},
		{"2023-08-26 00:00:00", 0, "2023-08-26"}, // midnight placeholder
		{"2019年9月7日（星期六）08:15", 0, "2019-09-07T08:15:00+08:00"},
		{"08-26 10:30", 2023, "2023-08-26T10:30:00+08:00"},
		{"8月26日 10:30", 2023, "2023-08-26T10:30:00+08:00"},
		{"8月26日", 2023, "2023-08-26"},
		{"08-26 10:30", 0, ""}, // no year to take
		{"1-10月", 2023, ""},    // a range, not a date
		{"2023-02-30", 0, ""},
		{"2023-13-01", 0, ""},
		{"1693017000", 0, "2023-08-26T10:30:00+08:00"},
		{"no date here", 0, ""},
		{"", 0, ""},
	}
	for _, tt := range tests {
		got, err := parseDate(tt.in, tt.year)
		if tt.want == "" {
			if err == nil {
				t.Errorf("parseDate(%q, %d) = %q, want error", tt.in, tt.year, got)
			} else if !errors.Is(err, errNoDate) {
				t.Errorf("parseDate(%q) error %v does not wrap errNoDate", tt.in, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("parseDate(%q, %d): %v", tt.in, tt.year, err)
			continue
		}
		if got.String() != tt.want {
			t.Errorf("parseDate(%q, %d) = %q, want %q", tt.in, tt.year, got, tt.want)
		}
	}
}

func TestURLDate(t *testing.T) {
	tests := []struct{ url, want string }{
		{"http://www.gov.cn/zhengce/content/2019-02/13/content_5365341.htm", "2019-02-13"},
		{"https://news.sina.com.cn/c/2019-09-07/doc-iicezzrq4076655.shtml", "2019-09-07"},
		{"http://www.banyuetan.org/jmcs/detail/20200102/1000200033136199.html", "2020-01-02"},
		{"https://www.example.com/2023/08/26/story.html", "2023-08-26"},
		{"http://www.xinhuanet.com/politics/2019-12/10/c_1125327316.htm", "2019-12-10"},
		{"https://news.ifeng.com/c/7rtKNyg6PU9", ""},
		{"http://2023.example.com/a.html", ""},
	}
	for _, tt := range tests {
		got, ok := urlDate(tt.url)
		if !ok {
			got = pubDate{}
		}
		if got.String() != tt.want {
			t.Errorf("urlDate(%q) = %q, want %q", tt.url, got, tt.want)
		}
	}
}

func TestNormalizeDocNumber(t *testing.T) {
	tests := []struct{ in, want string }{
		{"国发〔2019〕4号", "国发〔2019〕4号"},
		{"国发[2019]4号", "国发〔2019〕4号"},
		{"国发(2019)4号", "国发〔2019〕4号"},
		{"国发（2019）4号", "国发〔2019〕4号"},
		{"国发【2019】4号", "国发〔2019〕4号"},
		{"国办发 ﹝2019﹞ 3号", "国办发〔2019〕3号"},
		{"国令第706号", "国令第706号"},
		{"无", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := normalizeDocNumber(tt.in); got != tt.want {
			t.Errorf("normalizeDocNumber(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestIssuerFromTitle(t *testing.T) {
	tests := []struct{ title, want string }{
		{"国务院关于深入实施“人工智能+”行动的意见", "国务院"},
		{"国务院办公厅、中央军委办公厅关于加强对侵华日军遗弃化学武器调查和管理工作的通知", "国务院办公厅、中央军委办公厅"},
		{"全国人民代表大会常务委员会关于批准财政部发行特别国债购买外汇及调整2007年末国债余额限额的决议", "全国人民代表大会常务委员会"},
		{"关于人工智能的十个问题", ""},
		{"英伟达H20芯片遇冷 国内云厂商加速转向国产算力", ""},
	}
	for _, tt := range tests {
		if got := issuerFromTitle(tt.title); got != tt.want {
			t.Errorf("issuerFromTitle(%q) = %q, want %q", tt.title, got, tt.want)
		}
	}
}

func TestRelativeDate(t *testing.T) {
	fetched := time.Date(2020, 2, 13, 10, 0, 0, 0, zhwatch.ChinaTime)
	tests := []struct{ in, want string }{
		{"昨天 18:47", "2020-02-12T18:47:00+08:00"},
		{"前天", "2020-02-11"},
		{"今天 08:05", "2020-02-13T08:05:00+08:00"},
		{"3小时前", "2020-02-13T07:00:00+08:00"},
		{"2天前", "2020-02-11"},
		{"没有日期", ""},
	}
	for _, tt := range tests {
		d, ok := relativeDate(tt.in, fetched)
		if !ok {
			d = pubDate{}
		}
		if d.String() != tt.want {
			t.Errorf("relativeDate(%q) = %q, want %q", tt.in, d, tt.want)
		}
	}
}
