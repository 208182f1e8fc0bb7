package export

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/index"
)

type fakeIndex []index.Hit

func (f fakeIndex) Each(_ context.Context, q string, fn func(index.Hit) error) error {
	if q == "(" {
		return zhwatch.ErrInvalid
	}
	for _, h := range f {
		if err := fn(h); err != nil {
			return err
		}
	}
	return nil
}

type fakeStore map[string]zhwatch.Article

func (f fakeStore) Article(_ context.Context, id string) (zhwatch.Article, error) {
	if a, ok := f[id]; ok {
		return a, nil
	}
	return zhwatch.Article{}, zhwatch.ErrNotFound
}

// Rows come in the index's order with the index's entities; an article
// gone from the store is skipped; CSV has its header before the first row
// and nothing at all without one.
func TestEachWritesRows(t *testing.T) {
	ix := fakeIndex{{ID: "b", Entities: []string{"company:nvidia", "chip:h20"}}, {ID: "gone"}, {ID: "a"}}
	st := fakeStore{"a": {ID: "a", Title: "标题, \"引号\"", Body: "正文\n第二行"}, "b": {ID: "b", Title: "乙", Topics: []string{"t1", "t2"}}}
	var out bytes.Buffer
	write, err := NewWriter(CSV, &out)
	if err != nil {
		t.Fatal(err)
	}
	n, err := Each(context.Background(), ix, st, "q", write)
	if err != nil || n != 2 {
		t.Fatalf("Each: %d, %v", n, err)
	}
	want := strings.Join(Header, ",") + "\n" +
		"b,乙,,,,,,,,t1;t2,company:nvidia;chip:h20,\n" +
		"a,\"标题, \"\"引号\"\"\",,,,,,,,,,\"正文\n第二行\"\n"
	if out.String() != want {
		t.Errorf("csv:\n%s\nwant:\n%s", out.String(), want)
	}

	out.Reset()
	write, _ = NewWriter(JSONL, &out)
	if _, err := Each(context.Background(), ix, st, "q", write); err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(strings.TrimSpace(out.String()), "\n"); len(lines) != 2 || !strings.Contains(lines[1], `"topics":[]`) || !strings.Contains(lines[0], `"entities":["company:nvidia","chip:h20"]`) {
		t.Errorf("jsonl: %q", lines)
	}

	for _, format := range []string{CSV, JSONL} {
		out.Reset()
		write, _ = NewWriter(format, &out)
		if n, err := Each(context.Background(), fakeIndex{}, st, "q", write); n != 0 || err != nil || out.Len() != 0 {
			t.Errorf("%s without a match: %d %v %q", format, n, err, out.String())
		}
	}
	if _, err := Each(context.Background(), ix, st, "(", write); !errors.Is(err, zhwatch.ErrInvalid) {
		t.Errorf("bad query: %v", err)
	}
	if _, err := NewWriter("xml", &out); !errors.Is(err, zhwatch.ErrInvalid) {
		t.Errorf("bad format: %v", err)
	}
}
