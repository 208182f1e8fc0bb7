package zh

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/yanyiwu/gojieba"
)

// Names of the files New reads: jieba's own from the jieba directory (the
// built-in copies, dictionaries.OnDisk), zhwatch's from the dictionary
// directory.
const (
	MainDictFile  = "jieba.dict.utf8"
	HMMModelFile  = "hmm_model.utf8"
	IDFFile       = "idf.utf8" // read by cppjieba's keyword extractor, which zhwatch does not use
	UserDictFile  = "user.dict.utf8"
	StopWordsFile = "stop_words.utf8"
)

// Token is a word of a text with its byte offsets: text[Start:End] == Text.
type Token struct {
	Text       string
	Start, End int
}

// Segmenter splits Chinese text into words with one gojieba instance: jieba's
// own dictionaries plus zhwatch's user dictionary. It is safe for
// concurrent use; segmenting does not lock out other segmenting calls.
type Segmenter struct {
	mu     sync.RWMutex // write-held only by Close
	jieba  *gojieba.Jieba
	digest string
}

// New loads jieba's main dictionary, HMM model, IDF table and stop words
// from jiebaDir, and dictDir/user.dict.utf8 — and dictDir/stop_words.utf8
// instead of jiebaDir's when that file exists. The user dictionary is checked
// line by line first, because jieba skips or aborts on lines it cannot read.
func New(jiebaDir, dictDir string) (*Segmenter, error) {
	for _, d := range []string{jiebaDir, dictDir} {
		fi, err := os.Stat(d)
		if err != nil {
			return nil, fmt.Errorf("jieba dictionary directory: %w", err)
		}
		if !fi.IsDir() {
			return nil, fmt.Errorf("jieba dictionary directory %s: not a directory", d)
		}
	}
	userPath := filepath.Join(dictDir, UserDictFile)
	if strings.ContainsAny(userPath, "|;") {
		// cppjieba splits its user dictionary argument at these characters.
		return nil, fmt.Errorf("jieba user dictionary %s: path must not contain '|' or ';'", userPath)
	}
	user, err := os.ReadFile(userPath)
	if err != nil {
		return nil, fmt.Errorf("jieba user dictionary: %w", err)
	}
	if err := checkUserDict(user); err != nil {
		return nil, fmt.Errorf("jieba user dictionary %s: %w", userPath, err)
	}
	stopPath := filepath.Join(dictDir, StopWordsFile)
	if _, err := os.Stat(stopPath); errors.Is(err, os.ErrNotExist) {
		stopPath = filepath.Join(jiebaDir, StopWordsFile)
	} else if err != nil {
		return nil, fmt.Errorf("jieba stop words: %w", err)
	}
	paths := []string{filepath.Join(jiebaDir, MainDictFile), filepath.Join(jiebaDir, HMMModelFile), userPath,
		filepath.Join(jiebaDir, IDFFile), stopPath}
	for _, p := range paths {
		// gojieba panics, and cppjieba aborts the process, on a file it cannot open.
		f, err := os.Open(p)
		if err != nil {
			return nil, fmt.Errorf("jieba dictionary: %w", err)
		}
		f.Close()
	}
	sum := sha256.Sum256(user)
	return &Segmenter{
		jieba:  gojieba.NewJieba(paths...),
		digest: hex.EncodeToString(sum[:]),
	}, nil
}

// checkUserDict rejects what cppjieba would misread in a user dictionary:
// it splits lines at single spaces into word [freq] tag and silently keeps an
// empty word for four or more fields.
func checkUserDict(b []byte) error {
	if !utf8.Valid(b) {
		return errors.New("not valid UTF-8")
	}
	for i, line := range strings.Split(string(b), "\n") {
		if line == "" {
			continue
		}
		fields := strings.Split(line, " ")
		switch {
		case strings.ContainsAny(line, "\r\t"):
			return fmt.Errorf("line %d: %q: fields are separated by single spaces (no tabs, no CRLF)", i+1, line)
		case len(fields) > 3 || slices.Contains(fields, ""):
			return fmt.Errorf("line %d: %q: want \"word freq tag\", \"word tag\" or \"word\"", i+1, line)
		case len(fields) == 3 && !isDigits(fields[1]):
			return fmt.Errorf("line %d: %q: frequency %q is not a whole number", i+1, line, fields[1])
		}
	}
	return nil
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// DictDigest is the hex SHA-256 of the user dictionary's bytes. The index
// records it so that a changed dictionary is noticed (and means a reindex).
func (s *Segmenter) DictDigest() string { return s.digest }

// Close frees the jieba instance. Calls after Close return no words.
func (s *Segmenter) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.jieba != nil {
		s.jieba.Free()
		s.jieba = nil
	}
}

// Tokens segments text in jieba's search mode (dictionary only, no HMM): each
// word, plus the dictionary words of two and three characters inside longer
// words, with byte offsets into text. Runs of Latin letters and digits (A800,
// NBA, iPhone15; full-width forms too) are never split, and tokens made only of
// punctuation, symbols or spaces are dropped. Text is segmented as given: the
// index passes SimplifyKeepLen's output and folds token text afterwards.
func (s *Segmenter) Tokens(text string) []Token {
	words := s.tokenize(text, gojieba.SearchMode, false)
	words = widenSplitRuns(text, words)
	out := words[:0]
	for _, w := range words {
		if hasWordRune(w.Text) {
			out = append(out, w)
		}
	}
	return addDocNumbers(text, addRunParts(text, out))
}

// Cut segments text in jieba's accurate mode (with its HMM for unknown words)
// and returns the words in order, punctuation included and spaces left out;
// runs of Latin letters and digits stay whole, and so do document numbers
// (国发〔2025〕11号), a number with its 月 or % (7月, 37%) and a run of one
// dash or ellipsis character (——, ……). For display and analysis.
func (s *Segmenter) Cut(text string) []string {
	words := s.CutTokens(text)
	out := make([]string, 0, len(words))
	for _, w := range words {
		if strings.TrimSpace(w.Text) != "" {
			out = append(out, w.Text)
		}
	}
	return out
}

// CutTokens is Cut with byte offsets into text; the tokens tile text except
// for what Cut leaves out (spaces).
func (s *Segmenter) CutTokens(text string) []Token {
	words := joinSplitRuns(text, s.tokenize(text, gojieba.DefaultMode, true))
	words = joinUnits(mergeDocNumbers(text, words))
	out := words[:0]
	for _, w := range words {
		if strings.TrimSpace(w.Text) != "" {
			out = append(out, w)
		}
	}
	return out
}

// tokenize runs jieba on each piece of text it can read — valid UTF-8 without
// NUL bytes (cppjieba drops a whole input with one bad byte, and C strings end
// at NUL) — and returns tokens with offsets into text.
func (s *Segmenter) tokenize(text string, mode gojieba.TokenizeMode, hmm bool) []Token {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.jieba == nil {
		return nil
	}
	out := make([]Token, 0, len(text)/4) // about one token per 1.3 Han characters
	for start, end := range readablePieces(text) {
		for _, w := range s.jieba.Tokenize(text[start:end], mode, hmm) {
			out = append(out, Token{Text: w.Str, Start: start + w.Start, End: start + w.End})
		}
	}
	return out
}

// readablePieces yields the maximal spans of text that are valid UTF-8 and
// contain no NUL byte.
func readablePieces(text string) iter.Seq2[int, int] {
	return func(yield func(start, end int) bool) {
		start := 0
		for i := 0; i < len(text); {
			r, n := utf8.DecodeRuneInString(text[i:])
			if r != 0 && (r != utf8.RuneError || n > 1) {
				i += n
				continue
			}
			if start < i && !yield(start, i) {
				return
			}
			i += n
			start = i
		}
		if start < len(text) {
			yield(start, len(text))
		}
	}
}
