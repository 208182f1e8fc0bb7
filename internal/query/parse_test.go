package query

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/zhwatch/zhwatch"
)

func mustParse(t *testing.T, s string) Query {
	t.Helper()
	q, err := Parse(s)
	if err != nil {
		t.Fatalf("Parse(%q): %v", s, err)
	}
	return q
}

func TestParseTrees(t *testing.T) {
	day := func(s string) time.Time {
		d, _ := time.ParseInLocation("2006-01-02", s, zhwatch.ChinaTime)
		return d
	}
	for _, c := range []struct {
		in   string
		want Node
	}{
		{"英伟达", Text{Text: "英伟达"}},
		{"英伟达 H20", And{[]Node{Text{Text: "英伟达"}, Text{Text: "H20"}}}},
		{"英伟达 AND H20", And{[]Node{Text{Text: "英伟达"}, Text{Text: "H20"}}}},
		{`"出口管制" -美国`, And{[]Node{Text{Text: "出口管制", Phrase: true}, Not{Text{Text: "美国"}}}}},
		{"“出口管制”", Text{Text: "出口管制", Phrase: true}},
		{"a OR b c", Or{[]Node{Text{Text: "a"}, And{[]Node{Text{Text: "b"}, Text{Text: "c"}}}}}},
		{"(a OR b) c", And{[]Node{Or{[]Node{Text{Text: "a"}, Text{Text: "b"}}}, Text{Text: "c"}}}},
		{"出口管制 OR entity:list:*", Or{[]Node{Text{Text: "出口管制"}, Keyword{Field: "entity", Value: "list:", Prefix: true}}}},
		{"entity:company:nvidia type:chip source:xinhua", And{[]Node{
			Keyword{Field: "entity", Value: "company:nvidia"}, Keyword{Field: "type", Value: "chip"},
			Keyword{Field: "source", Value: "xinhua"}}}},
		{`title:"实体清单" title:H20`, And{[]Node{Text{Text: "实体清单", Phrase: true, Title: true}, Text{Text: "H20", Title: true}}}},
		{"芯片 after:2023-10-01 before:2024", And{[]Node{Text{Text: "芯片"},
			Date{After: true, Time: day("2023-10-01"), Text: "2023-10-01"}, Date{Time: day("2024-01-01"), Text: "2024"}}}},
		{"NOT NOT a b", And{[]Node{Text{Text: "a"}, Text{Text: "b"}}}},
		{"a -(b OR c)", And{[]Node{Text{Text: "a"}, Not{Or{[]Node{Text{Text: "b"}, Text{Text: "c"}}}}}}},
		{"http://x.cn 10:30 a-b", And{[]Node{Text{Text: "http://x.cn"}, Text{Text: "10:30"}, Text{Text: "a-b"}}}},
		{"or and not", And{[]Node{Text{Text: "or"}, Text{Text: "and"}, Text{Text: "not"}}}},
		{"出口 - 管制", And{[]Node{Text{Text: "出口"}, Text{Text: "管制"}}}},
	} {
		q := mustParse(t, c.in)
		if !reflect.DeepEqual(q.Root, c.want) {
			t.Errorf("Parse(%q)\n got %#v\nwant %#v", c.in, q.Root, c.want)
		}
	}
}

func TestParseSort(t *testing.T) {
	q := mustParse(t, "芯片 sort:date")
	if !q.ByDate || !q.Sorted || !reflect.DeepEqual(q.Root, Text{Text: "芯片"}) {
		t.Errorf("got %+v", q)
	}
	if q := mustParse(t, "芯片"); q.Sorted || q.ByDate {
		t.Errorf("no sort given: %+v", q)
	}
}

func TestParseErrorsSayWhereAndWhy(t *testing.T) {
	for _, c := range []struct {
		in   string
		pos  int
		want string
	}{
		{`"出口管制`, 0, "unbalanced quote"},
		{`芯片 "出口管制`, 3, "unbalanced quote"},
		{"(a OR b", 0, "never closed"},
		{"a OR b)", 6, ") without ("},
		{"a OR", 2, "OR needs something on its right"},
		{"OR a", 0, "OR needs something on its left"},
		{"a AND", 2, "AND needs something on its right"},
		{"-美国", 0, "only excludes"},
		{"NOT", 0, "needs something to exclude"},
		{"", 0, "empty query"},
		{"   ", 0, "empty query"},
		{"sort:date", 0, "besides sort:"},
		{"sort:size a", 5, "sort:size"},
		{"after:2023-13-01 a", 6, "YYYY-MM-DD"},
		{"after:yesterday a", 6, "YYYY-MM-DD"},
		{"source: a", 7, "needs a value"},
		{"entity:li*st", 7, "may only end"},
		{"a ()", 2, "empty parentheses"},
		{"a ”b", 2, "without an opening"},
		{"\xff", 0, "UTF-8"},
		{strings.Repeat("(", MaxDepth+2) + "a" + strings.Repeat(")", MaxDepth+2), MaxDepth + 1, "nested"},
		{strings.Repeat("a ", MaxTerms+1), 2 * MaxTerms, "more than"},
		{strings.Repeat("长", MaxLength+1), MaxLength, "characters long"},
	} {
		_, err := Parse(c.in)
		var qe *Error
		if !errors.As(err, &qe) {
			t.Errorf("Parse(%.40q): err = %v, want *Error", c.in, err)
			continue
		}
		if !errors.Is(err, zhwatch.ErrInvalid) {
			t.Errorf("Parse(%.40q): %v does not match ErrInvalid", c.in, err)
		}
		if qe.Pos != c.pos || !strings.Contains(qe.Msg, c.want) {
			t.Errorf("Parse(%.40q) = %v (pos %d), want pos %d and %q", c.in, err, qe.Pos, c.pos, c.want)
		}
	}
}

func TestStringRoundTrips(t *testing.T) {
	for _, s := range []string{
		`a (b OR c) -"d e" title:“x"y” entity:list:* source:"a b" after:2024-03 sort:date`,
		"NOT (a b) OR c",
		"((a OR b) OR c)",
	} {
		q := mustParse(t, s)
		again := mustParse(t, q.String())
		if !reflect.DeepEqual(q.Root, again.Root) || q.ByDate != again.ByDate {
			t.Errorf("%q → %q → %#v, want %#v", s, q.String(), again.Root, q.Root)
		}
	}
}
