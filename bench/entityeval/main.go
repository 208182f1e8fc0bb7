// Command entityeval tags the texts of an annotated entity set (such as
// shared/eval/entities/dev.jsonl) with the entity catalog and writes, for one
// part of the set, the gold lines and the tagger's predictions, ready for
// shared/tools/score_entities.py. bench/entities.sh runs both.
//
//	go run ./bench/entityeval -gold DEV.jsonl -dict dictionaries -part tune|heldout|all -out DIR
//
// The parts are fixed by a rule, not by hand: a text is held out when the
// FNV-1a 32-bit hash of its id is 0 modulo 3 (about a third of the set), so
// that tuning never reads those texts and their score says how the tagger
// does on text it was not tuned on. -list prints which ids are in the part.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/entity"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "entityeval:", err)
		os.Exit(1)
	}
}

// HeldOut reports whether the text with this id belongs to the held-out part.
func HeldOut(id string) bool {
	h := fnv.New32a()
	h.Write([]byte(id))
	return h.Sum32()%3 == 0
}

type record struct {
	ID       string          `json:"id"`
	Text     string          `json:"text"`
	Entities json.RawMessage `json:"entities"`
}

type prediction struct {
	ID       string        `json:"id"`
	Entities []zhwatch.Tag `json:"entities"`
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("entityeval", flag.ContinueOnError)
	gold := fs.String("gold", "", "annotated set, one JSON object a line")
	dict := fs.String("dict", "dictionaries", "directory with entities.yaml")
	part := fs.String("part", "tune", "tune (two thirds), heldout (one third) or all")
	out := fs.String("out", "", "directory to write gold.jsonl and pred.jsonl to")
	list := fs.Bool("list", false, "print the ids of the part, one a line, and nothing else")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *gold == "" || (*out == "" && !*list) {
		return errors.New("usage: entityeval -gold FILE -out DIR [-dict DIR] [-part tune|heldout|all] [-list]")
	}
	keep, err := partFilter(*part)
	if err != nil {
		return err
	}
	recs, lines, err := readGold(*gold, keep)
	if err != nil {
		return err
	}
	if *list {
		for _, r := range recs {
			fmt.Fprintln(stdout, r.ID)
		}
		return nil
	}
	cat, err := entity.Load(*dict)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(*out, "gold.jsonl"), lines, 0o644); err != nil {
		return err
	}
	var buf []byte
	for _, r := range recs {
		p := prediction{ID: r.ID, Entities: cat.Tag(r.Text)}
		if p.Entities == nil {
			p.Entities = []zhwatch.Tag{}
		}
		b, err := json.Marshal(p)
		if err != nil {
			return err
		}
		buf = append(append(buf, b...), '\n')
	}
	return os.WriteFile(filepath.Join(*out, "pred.jsonl"), buf, 0o644)
}

func partFilter(part string) (func(string) bool, error) {
	switch part {
	case "tune":
		return func(id string) bool { return !HeldOut(id) }, nil
	case "heldout":
		return HeldOut, nil
	case "all":
		return func(string) bool { return true }, nil
	}
	return nil, fmt.Errorf("-part %q: want tune, heldout or all", part)
}

// readGold reads the records whose id keep accepts, and their lines as read.
func readGold(path string, keep func(string) bool) ([]record, []byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	var recs []record
	var lines []byte
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for n := 1; sc.Scan(); n++ {
		if len(sc.Bytes()) == 0 {
			continue
		}
		var r record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		if r.ID == "" {
			return nil, nil, fmt.Errorf("%s:%d: record without id", path, n)
		}
		if keep(r.ID) {
			recs = append(recs, r)
			lines = append(append(lines, sc.Bytes()...), '\n')
		}
	}
	if err := sc.Err(); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return recs, lines, nil
}
