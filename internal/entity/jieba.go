package entity

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"github.com/yanyiwu/gojieba"
)

// JiebaWords reads the words of gojieba's bundled main dictionary, so that
// UserDict leaves the words jieba already knows at jieba's own frequency.
func JiebaWords() (map[string]bool, error) {
	f, err := os.Open(gojieba.DICT_PATH)
	if err != nil {
		return nil, fmt.Errorf("jieba dictionary: %w", err)
	}
	defer f.Close()
	words := make(map[string]bool, 350000)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if w, _, _ := strings.Cut(sc.Text(), " "); w != "" {
			words[w] = true
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", gojieba.DICT_PATH, err)
	}
	return words, nil
}
