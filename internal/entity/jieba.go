package entity

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/zhwatch/zhwatch/dictionaries"
)

// JiebaWords reads the words of jieba's main dictionary (the copy built into
// the binaries), so that UserDict leaves the words jieba already knows at
// jieba's own frequency.
func JiebaWords() (map[string]bool, error) {
	dir, err := dictionaries.OnDisk()
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, dictionaries.MainDictFile)
	f, err := os.Open(path)
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
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return words, nil
}
