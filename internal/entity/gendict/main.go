// Command gendict writes dictionaries/user.dict.utf8, the jieba user
// dictionary, from terms.dict.utf8 (hand-written field terms) and the Chinese
// names of entities.yaml. Run it through `go generate ./internal/entity`.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/zhwatch/zhwatch/internal/entity"
	"github.com/zhwatch/zhwatch/internal/zh"
)

func main() {
	// A flag set of its own: a dependency registers -dir on the default one.
	fs := flag.NewFlagSet("gendict", flag.ExitOnError)
	dir := fs.String("dir", "dictionaries", "dictionary directory")
	_ = fs.Parse(os.Args[1:]) // ExitOnError: Parse exits on a bad flag
	if err := run(*dir); err != nil {
		fmt.Fprintf(os.Stderr, "gendict: %v\n", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	c, err := entity.Load(dir)
	if err != nil {
		return err
	}
	terms, err := os.ReadFile(filepath.Join(dir, entity.TermsFile))
	if err != nil {
		return err
	}
	jieba, err := entity.JiebaWords()
	if err != nil {
		return err
	}
	b, err := entity.UserDict(terms, c, func(w string) bool { return jieba[w] })
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, zh.UserDictFile), b, 0o644)
}
