package zh

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/yanyiwu/gojieba"
)

// TestWriteSegEval writes segmentations of the SIGHAN 2005 test sets for
// ../shared/tools/score_seg.py: raw gojieba (bundled dictionaries, accurate
// mode with HMM) on the text as given, and this package's Cut on Normalize(text)
// mapped back onto the original characters. It runs only when
// ZHWATCH_SEG_EVAL names the eval/seg directory and ZHWATCH_SEG_OUT a
// directory for the output files.
func TestWriteSegEval(t *testing.T) {
	evalDir, outDir := os.Getenv("ZHWATCH_SEG_EVAL"), os.Getenv("ZHWATCH_SEG_OUT")
	if evalDir == "" || outDir == "" {
		t.Skip("set ZHWATCH_SEG_EVAL (…/eval/seg) and ZHWATCH_SEG_OUT to measure segmentation")
	}
	s := segmenter(t)
	raw := gojieba.NewJieba()
	defer raw.Free()
	for _, set := range []string{"as", "cityu", "pku", "msr"} {
		lines := readLines(t, filepath.Join(evalDir, "testing", set+"_test.utf8"))
		var rawOut, zhOut strings.Builder
		for _, line := range lines {
			rawOut.WriteString(strings.Join(raw.Cut(line, true), " ") + "\n")
			zhOut.WriteString(strings.Join(onOriginal(line, s.Cut(Normalize(line))), " ") + "\n")
		}
		for name, b := range map[string]string{set + ".raw": rawOut.String(), set + ".zh": zhOut.String()} {
			if err := os.WriteFile(filepath.Join(outDir, name), []byte(b), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// onOriginal maps words of a converted line back onto the original's
// characters, which works when conversion kept the number of characters;
// otherwise it returns the converted words (the scorer then aligns them).
func onOriginal(orig string, words []string) []string {
	runes := []rune(orig)
	n := 0
	for _, w := range words {
		n += utf8.RuneCountInString(w)
	}
	if n != len(runes) {
		return words
	}
	out := make([]string, len(words))
	i := 0
	for k, w := range words {
		m := utf8.RuneCountInString(w)
		out[k] = string(runes[i : i+m])
		i += m
	}
	return out
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	for sc.Scan() {
		lines = append(lines, strings.TrimPrefix(strings.TrimRight(sc.Text(), "\r"), "\ufeff"))
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return lines
}
