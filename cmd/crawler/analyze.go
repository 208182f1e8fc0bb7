package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/cli"
	"github.com/zhwatch/zhwatch/internal/dictset"
	"github.com/zhwatch/zhwatch/internal/entity"
	"github.com/zhwatch/zhwatch/internal/zh"
)

// analysis is what `crawler analyze` prints for a text. Token and entity
// offsets are rune offsets into the text as given.
type analysis struct {
	Script     string        `json:"script"`
	Normalized string        `json:"normalized"`
	Tokens     []token       `json:"tokens"`
	Entities   []zhwatch.Tag `json:"entities"`
}

// token is a word of the accurate-mode segmentation of the normalised text:
// Text is its surface in the original, Norm the normalised word.
type token struct {
	Text  string `json:"text"`
	Norm  string `json:"norm"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

func runAnalyze(_ context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := cli.NewFlagSet("crawler", "analyze", "analyze [--dictionaries DIR] [FILE|-]", stderr)
	var dir string
	addDictionariesFlag(fs, &dir)
	if help, err := parse(fs, args); help || err != nil {
		return err
	}
	if fs.NArg() > 1 {
		return fmt.Errorf("%w: analyze takes one FILE, or - or nothing for standard input", errUsage)
	}
	var text []byte
	var err error
	if path := fs.Arg(0); path == "" || path == "-" {
		text, err = io.ReadAll(stdin)
	} else {
		text, err = os.ReadFile(path)
	}
	if err != nil {
		return err
	}
	dicts, err := dictset.Open(dir)
	if err != nil {
		return err
	}
	catalog, err := dicts.Catalog()
	if err != nil {
		return err
	}
	seg, err := dicts.Segmenter()
	if err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(analyze(string(text), seg, catalog))
}

func analyze(text string, seg *zh.Segmenter, catalog *entity.Catalog) analysis {
	n := zh.NormalizeMapped(text)
	orig := []rune(text)
	a := analysis{Script: zh.DetectScript(text), Normalized: n.Text, Tokens: []token{},
		Entities: catalog.Tag(text)}
	for _, t := range seg.CutTokens(n.Text) {
		s, e := n.OriginalBytes(t.Start, t.End)
		a.Tokens = append(a.Tokens, token{Text: string(orig[s:e]), Norm: t.Text, Start: s, End: e})
	}
	if a.Entities == nil {
		a.Entities = []zhwatch.Tag{}
	}
	return a
}
