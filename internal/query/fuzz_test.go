package query

import (
	"errors"
	"reflect"
	"testing"
	"unicode/utf8"
)

// FuzzParse checks that any input either parses into a tree that prints back
// to a query with the same tree, or fails with an *Error positioned inside
// the input.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"英伟达", `"出口管制" -美国`, "a OR (b -c)", "entity:list:* OR 出口管制", "title:“实体清单”",
		"after:2023-10-01 before:2024 sort:date", "source:\"a b\" type:chip", "NOT NOT x", `"出口管制`,
		"((((", "a AND OR b", "- - -", "title:", "http://x:1/y", "\xff\xfe", "“a\"b”",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := Parse(s)
		if err != nil {
			var qe *Error
			if !errors.As(err, &qe) {
				t.Fatalf("Parse(%q): error %v is not an *Error", s, err)
			}
			if n := utf8.RuneCountInString(s); qe.Pos < 0 || qe.Pos > n {
				t.Fatalf("Parse(%q): position %d outside 0..%d", s, qe.Pos, n)
			}
			return
		}
		// Printing separates adjacent terms ("a""b" → "a" "b") but adds no
		// more than that.
		if n, m := utf8.RuneCountInString(q.String()), utf8.RuneCountInString(s); n > 2*m {
			t.Fatalf("Parse(%q) printed %q: %d characters from %d", s, q.String(), n, m)
		}
		again, err := parse(q.String(), 2*MaxLength)
		if err != nil {
			t.Fatalf("Parse(%q) printed %q, which does not parse: %v", s, q.String(), err)
		}
		if !reflect.DeepEqual(q.Root, again.Root) || q.ByDate != again.ByDate {
			t.Fatalf("Parse(%q) printed %q, which parses to %#v, not %#v", s, q.String(), again.Root, q.Root)
		}
	})
}
