// Command encodepages writes the demo site's GBK and Big5 pages from their
// UTF-8 sources in demo/src. Run it from demo/ (go generate does):
//
//	go run ./encodepages
//
// It needs no network. An unencodable character is an error, so the pages
// hold only characters their declared charset really has.
package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// page is one legacy-charset page of the demo site.
type page struct {
	src, dst string
	enc      encoding.Encoding
}

var pages = []page{
	{"src/mofcom.utf8.html", "site/2025/01/02/20250103583234.html", simplifiedchinese.GBK},
	{"src/cna.utf8.html", "site/2025/08/22/202508220123.html", traditionalchinese.Big5},
}

func main() {
	if err := run(".", os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "encodepages:", err)
		os.Exit(1)
	}
}

func run(dir string, stdout io.Writer) error {
	for _, p := range pages {
		if err := encodeFile(filepath.Join(dir, p.src), filepath.Join(dir, p.dst), p.enc); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s -> %s\n", p.src, p.dst)
	}
	return nil
}

func encodeFile(src, dst string, enc encoding.Encoding) error {
	text, err := os.ReadFile(src)
	if err != nil {
		return fmt.Errorf("read source: %w", err)
	}
	out, err := enc.NewEncoder().Bytes(text)
	if err != nil {
		return fmt.Errorf("encode %s as %s (%s): %w", src, enc, firstUnencodable(string(text), enc), err)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return fmt.Errorf("make folder for %s: %w", dst, err)
	}
	if err := os.WriteFile(dst, out, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", dst, err)
	}
	return nil
}

// firstUnencodable describes the first rune of text that enc cannot hold.
func firstUnencodable(text string, enc encoding.Encoding) string {
	line := 1
	for _, r := range text {
		if r == '\n' {
			line++
		}
		if _, err := enc.NewEncoder().String(string(r)); err != nil {
			return "line " + strconv.Itoa(line) + ": " + strconv.QuoteRune(r)
		}
	}
	return "no single rune fails"
}
