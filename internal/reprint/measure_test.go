package reprint

import (
	"bufio"
	"encoding/json"
	"math/rand/v2"
	"os"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestMeasureSimilarity prints, over the news corpus, the estimated
// similarity between each article and an edited reprint of it, and between
// unrelated articles, to choose Threshold. Run with ZHWATCH_CORPUS=../shared/corpus/news.jsonl.
func TestMeasureSimilarity(t *testing.T) {
	path := os.Getenv("ZHWATCH_CORPUS")
	if path == "" {
		t.Skip("set ZHWATCH_CORPUS to the news.jsonl corpus to measure")
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var bodies []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() && len(bodies) < 3000 {
		var a struct{ Body string }
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatal(err)
		}
		if utf8.RuneCountInString(a.Body) > 200 {
			bodies = append(bodies, a.Body)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var simSame, simDiff []float64
	for i, b := range bodies {
		e := edit(b, rng)
		s1, _ := Sign(b)
		s2, _ := Sign(e)
		simSame = append(simSame, Similarity(s1, s2))
		j := rng.IntN(len(bodies))
		if j != i {
			s3, _ := Sign(bodies[j])
			simDiff = append(simDiff, Similarity(s1, s3))
		}
	}
	sort.Float64s(simSame)
	sort.Float64s(simDiff)
	qf := func(xs []float64, p float64) float64 { return xs[int(p*float64(len(xs)-1))] }
	t.Logf("minhash reprints: min=%.2f p1=%.2f p10=%.2f p50=%.2f", simSame[0], qf(simSame, .01), qf(simSame, .1), qf(simSame, .5))
	t.Logf("minhash unrelated: p50=%.2f p99=%.2f p99.9=%.2f max=%.2f", qf(simDiff, .5), qf(simDiff, .99), qf(simDiff, .999), simDiff[len(simDiff)-1])
}

// edit makes a reprint: a source line on top, one sentence dropped, a
// few characters changed, an editor line at the end.
func edit(body string, rng *rand.Rand) string {
	sentences := strings.SplitAfter(body, "。")
	if len(sentences) > 3 {
		k := 1 + rng.IntN(len(sentences)-2)
		sentences = append(sentences[:k], sentences[k+1:]...)
	}
	out := []rune("来源：某某网 " + strings.Join(sentences, "") + "（责任编辑：王五）")
	for range 3 {
		out[rng.IntN(len(out))] = '的'
	}
	return string(out)
}
