package query

import (
	"fmt"
	"strings"
)

type tokKind int

const (
	tokEOF tokKind = iota
	tokWord
	tokPhrase
	tokField // name:value or name:"value"
	tokLParen
	tokRParen
	tokAnd
	tokOr
	tokNot // NOT, or - before a term
)

type token struct {
	kind   tokKind
	pos    int // rune offset in the query
	text   string
	name   string // field name, for tokField
	quoted bool   // tokField: the value was a quoted phrase
}

func (t token) describe() string {
	switch t.kind {
	case tokEOF:
		return "end of query"
	case tokLParen:
		return "("
	case tokRParen:
		return ")"
	case tokAnd:
		return "AND"
	case tokOr:
		return "OR"
	case tokNot:
		return "NOT"
	}
	return fmt.Sprintf("%q", t.text)
}

// fieldNames are the names that make name:value a field filter; any other
// word with a colon (http://…, 10:30) is a plain word.
var fieldNames = []string{"title", FieldSource, FieldEntity, FieldType, "after", "before", "sort"}

// FieldNames returns the names of the query's fields (title, source, …),
// for "did you mean" hints on a word such as titel:华为.
func FieldNames() []string { return append([]string(nil), fieldNames...) }

func isField(name string) bool {
	for _, f := range fieldNames {
		if f == name {
			return true
		}
	}
	return false
}

// closingQuote returns the quote that ends a phrase opened by r, if r opens one.
func closingQuote(r rune) (rune, bool) {
	switch r {
	case '"':
		return '"', true
	case '“':
		return '”', true
	}
	return 0, false
}

func isDelim(r rune) bool { return r == '(' || r == ')' || r == '"' || r == '“' || r == '”' }

func lex(s string) ([]token, error) {
	rs := []rune(s)
	var out []token
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case isSpace(r):
			i++
		case r == '(':
			out = append(out, token{kind: tokLParen, pos: i})
			i++
		case r == ')':
			out = append(out, token{kind: tokRParen, pos: i})
			i++
		case r == '”':
			return nil, &Error{Pos: i, Msg: "closing quote ” without an opening “"}
		case r == '-':
			if i+1 < len(rs) && !isSpace(rs[i+1]) && rs[i+1] != ')' {
				out = append(out, token{kind: tokNot, pos: i})
			}
			i++ // a lone - is a separator
		default:
			if _, ok := closingQuote(r); ok {
				text, end, err := phrase(rs, i)
				if err != nil {
					return nil, err
				}
				if strings.TrimSpace(text) != "" {
					out = append(out, token{kind: tokPhrase, pos: i, text: text})
				}
				i = end
				continue
			}
			t, end, err := word(rs, i)
			if err != nil {
				return nil, err
			}
			out = append(out, t)
			i = end
		}
	}
	return append(out, token{kind: tokEOF, pos: len(rs)}), nil
}

// phrase reads a quoted phrase starting at rs[i] and returns its text and the
// offset after the closing quote.
func phrase(rs []rune, i int) (string, int, error) {
	closing, _ := closingQuote(rs[i])
	for j := i + 1; j < len(rs); j++ {
		if rs[j] == closing {
			return string(rs[i+1 : j]), j + 1, nil
		}
	}
	return "", 0, &Error{Pos: i, Msg: fmt.Sprintf("unbalanced quote: this %c is never closed", rs[i])}
}

// word reads a word, an operator or a field filter starting at rs[i].
func word(rs []rune, i int) (token, int, error) {
	j := i
	for j < len(rs) && !isSpace(rs[j]) && !isDelim(rs[j]) {
		j++
	}
	w := string(rs[i:j])
	switch w {
	case "AND":
		return token{kind: tokAnd, pos: i}, j, nil
	case "OR":
		return token{kind: tokOr, pos: i}, j, nil
	case "NOT":
		return token{kind: tokNot, pos: i}, j, nil
	}
	name, value, ok := strings.Cut(w, ":")
	if !ok || !isField(strings.ToLower(name)) {
		return token{kind: tokWord, pos: i, text: w}, j, nil
	}
	t := token{kind: tokField, pos: i, name: strings.ToLower(name), text: value}
	if value == "" && j < len(rs) {
		if _, ok := closingQuote(rs[j]); ok {
			text, end, err := phrase(rs, j)
			if err != nil {
				return token{}, 0, err
			}
			t.text, t.quoted = text, true
			return t, end, nil
		}
	}
	return t, j, nil
}
