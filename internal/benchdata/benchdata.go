// Package benchdata reads the measuring data of ../shared/corpus for the
// search benchmarks (internal/index and cmd/search), and the few figures
// both report: directory size, CPU time, percentiles.
package benchdata

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/zhwatch/zhwatch"
)

// Query is one query of queries.json.
type Query struct {
	ID    int      `json:"id"`
	Kind  string   `json:"kind"` // term, phrase, and, date
	Terms []string `json:"terms"`
	From  string   `json:"from"`
	To    string   `json:"to"`
}

// Text is the query in zhwatch's language, without its date range.
func (q Query) Text() string {
	if q.Kind == "phrase" {
		return `"` + q.Terms[0] + `"`
	}
	return strings.Join(q.Terms, " ")
}

// WithDates is Text with the date range written as after: and before:.
func (q Query) WithDates() string {
	if q.Kind != "date" {
		return q.Text()
	}
	to, _ := time.Parse("2006-01-02", q.To)
	return q.Text() + " after:" + q.From + " before:" + to.AddDate(0, 0, 1).Format("2006-01-02")
}

// ReadQueries reads queries.json.
func ReadQueries(path string) ([]Query, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var qs []Query
	if err := json.Unmarshal(b, &qs); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return qs, nil
}

// ReadCorpus reads news.jsonl ({"id","title","body","date","source"} a
// line) as articles with the URLs and ids the store would give them.
func ReadCorpus(path string) ([]zhwatch.Article, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []zhwatch.Article
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var r struct{ ID, Title, Body, Date, Source string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("%s line %d: %w", path, len(out)+1, err)
		}
		url := "https://corpus.test/" + r.ID
		out = append(out, zhwatch.Article{ID: zhwatch.ArticleID(url), URL: url, Source: r.Source,
			Title: r.Title, Body: r.Body, PublishedAt: r.Date, Topics: []string{}})
	}
	return out, sc.Err()
}

// DirSize is the total size of the files under dir.
func DirSize(dir string) (int64, error) {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		fi, err := d.Info()
		if err == nil {
			n += fi.Size()
		}
		return err
	})
	return n, err
}

// CPUTime is the CPU time this process has used, in all its threads: on a
// shared machine, articles per CPU-second says more than wall time.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// Percentile is the p-th (0..1) of ds, nearest rank; 0 when ds is empty.
func Percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)-1, int(p*float64(len(s))))]
}
