package query

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/zhwatch/zhwatch"
)

// Limits that keep a hostile query cheap to parse and to run.
const (
	MaxLength = 1000 // characters
	MaxTerms  = 64   // words, phrases and filters
	MaxDepth  = 16   // nested parentheses and NOTs
)

// Is makes errors.Is(err, zhwatch.ErrInvalid) true for a parse error.
func (e *Error) Is(target error) bool { return target == zhwatch.ErrInvalid }

// Parse parses a query. The error, if any, is an *Error that says where and
// why; an empty query, or one that only excludes (-美国), is an error too.
func Parse(s string) (Query, error) { return parse(s, MaxLength) }

func parse(s string, maxLength int) (Query, error) {
	if !utf8.ValidString(s) {
		i := 0
		for i < len(s) {
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n == 1 {
				break
			}
			i += n
		}
		return Query{}, &Error{Pos: utf8.RuneCountInString(s[:i]), Msg: "not valid UTF-8"}
	}
	if n := utf8.RuneCountInString(s); n > maxLength {
		return Query{}, &Error{Pos: maxLength, Msg: fmt.Sprintf("query is %d characters long; at most %d are allowed", n, maxLength)}
	}
	toks, err := lex(s)
	if err != nil {
		return Query{}, err
	}
	p := &parser{toks: toks, q: Query{Source: s}}
	p.q.Root, err = p.parseOr(0)
	if err != nil {
		return Query{}, err
	}
	if t := p.peek(); t.kind == tokRParen {
		return Query{}, &Error{Pos: t.pos, Msg: "unbalanced parenthesis: ) without ("}
	} else if t.kind != tokEOF {
		return Query{}, &Error{Pos: t.pos, Msg: fmt.Sprintf("unexpected %s", t.describe())}
	}
	if p.q.Root == nil {
		if p.q.Sorted {
			return Query{}, &Error{Pos: 0, Msg: "nothing to look for besides sort:; add a word, a phrase or a filter"}
		}
		return Query{}, &Error{Pos: 0, Msg: "empty query; try 出口管制 or \"实体清单\""}
	}
	if !positive(p.q.Root) {
		return Query{}, &Error{Pos: 0, Msg: "the query only excludes; add something to look for"}
	}
	return p.q, nil
}

// positive reports whether n looks for something rather than only
// excluding: a word, a filter, or a group holding one.
func positive(n Node) bool {
	switch n := n.(type) {
	case Not:
		return false
	case And:
		for _, c := range n.Nodes {
			if positive(c) {
				return true
			}
		}
		return false
	case Or:
		for _, c := range n.Nodes {
			if positive(c) {
				return true
			}
		}
		return false
	}
	return true
}

type parser struct {
	toks  []token
	i     int
	terms int
	q     Query
}

func (p *parser) peek() token { return p.toks[p.i] }
func (p *parser) next() token { t := p.toks[p.i]; p.i++; return t }

func (p *parser) parseOr(depth int) (Node, error) {
	var nodes []Node
	for {
		n, err := p.parseAnd(depth)
		if err != nil {
			return nil, err
		}
		t := p.peek()
		if t.kind != tokOr {
			if n != nil {
				nodes = append(nodes, n)
			}
			break
		}
		if n == nil {
			return nil, &Error{Pos: t.pos, Msg: "OR needs something on its left"}
		}
		nodes = append(nodes, n)
		p.next()
		if k := p.peek().kind; k == tokEOF || k == tokRParen || k == tokOr {
			return nil, &Error{Pos: t.pos, Msg: "OR needs something on its right"}
		}
	}
	switch len(nodes) {
	case 0:
		return nil, nil
	case 1:
		return nodes[0], nil
	}
	return Or{Nodes: nodes}, nil
}

func (p *parser) parseAnd(depth int) (Node, error) {
	var nodes []Node
	for {
		t := p.peek()
		switch t.kind {
		case tokEOF, tokRParen, tokOr:
			switch len(nodes) {
			case 0:
				return nil, nil
			case 1:
				return nodes[0], nil
			}
			return And{Nodes: nodes}, nil
		case tokAnd:
			p.next()
			if len(nodes) == 0 {
				return nil, &Error{Pos: t.pos, Msg: "AND needs something on its left"}
			}
			if k := p.peek().kind; k == tokEOF || k == tokRParen || k == tokOr || k == tokAnd {
				return nil, &Error{Pos: t.pos, Msg: "AND needs something on its right"}
			}
			continue
		}
		n, err := p.parseUnary(depth)
		if err != nil {
			return nil, err
		}
		if n != nil {
			nodes = append(nodes, n)
		}
	}
}

func (p *parser) parseUnary(depth int) (Node, error) {
	t := p.peek()
	if depth > MaxDepth {
		return nil, &Error{Pos: t.pos, Msg: fmt.Sprintf("nested more than %d deep", MaxDepth)}
	}
	if t.kind == tokNot {
		p.next()
		switch p.peek().kind {
		case tokEOF, tokRParen, tokOr, tokAnd:
			return nil, &Error{Pos: t.pos, Msg: "NOT or - needs something to exclude"}
		}
		n, err := p.parseUnary(depth + 1)
		if err != nil {
			return nil, err
		}
		if n == nil {
			return nil, &Error{Pos: t.pos, Msg: "NOT or - needs something to exclude"}
		}
		if inner, ok := n.(Not); ok {
			return inner.Node, nil // NOT NOT x is x
		}
		return Not{Node: n}, nil
	}
	return p.parsePrimary(depth)
}

func (p *parser) parsePrimary(depth int) (Node, error) {
	t := p.next()
	switch t.kind {
	case tokLParen:
		n, err := p.parseOr(depth + 1)
		if err != nil {
			return nil, err
		}
		if c := p.next(); c.kind != tokRParen {
			return nil, &Error{Pos: t.pos, Msg: "unbalanced parenthesis: this ( is never closed"}
		}
		if n == nil {
			return nil, &Error{Pos: t.pos, Msg: "empty parentheses"}
		}
		return n, nil
	case tokRParen:
		return nil, &Error{Pos: t.pos, Msg: "unbalanced parenthesis: ) without ("}
	case tokWord, tokPhrase:
		if err := p.count(t); err != nil {
			return nil, err
		}
		return Text{Text: t.text, Phrase: t.kind == tokPhrase}, nil
	case tokField:
		return p.field(t)
	}
	return nil, &Error{Pos: t.pos, Msg: fmt.Sprintf("unexpected %s", t.describe())}
}

func (p *parser) count(t token) error {
	p.terms++
	if p.terms > MaxTerms {
		return &Error{Pos: t.pos, Msg: fmt.Sprintf("more than %d terms", MaxTerms)}
	}
	return nil
}

// field turns a name:value token into a node. sort: sets the query's order
// and yields no node.
func (p *parser) field(t token) (Node, error) {
	if err := p.count(t); err != nil {
		return nil, err
	}
	valuePos := t.pos + utf8.RuneCountInString(t.name) + 1
	if t.text == "" && !t.quoted {
		return nil, &Error{Pos: valuePos, Msg: fmt.Sprintf("%s: needs a value", t.name)}
	}
	switch t.name {
	case "title":
		if strings.TrimSpace(t.text) == "" {
			return nil, &Error{Pos: valuePos, Msg: "title: needs a word or a phrase"}
		}
		return Text{Text: t.text, Phrase: t.quoted, Title: true}, nil
	case FieldSource, FieldEntity, FieldType:
		v, prefix := strings.CutSuffix(t.text, "*")
		if strings.ContainsRune(v, '*') {
			return nil, &Error{Pos: valuePos, Msg: "* may only end a value (entity:list:*)"}
		}
		if v == "" && !prefix {
			return nil, &Error{Pos: valuePos, Msg: fmt.Sprintf("%s: needs a value", t.name)}
		}
		return Keyword{Field: t.name, Value: v, Prefix: prefix}, nil
	case "after", "before":
		d, err := parseDate(t.text)
		if err != nil {
			return nil, &Error{Pos: valuePos, Msg: fmt.Sprintf("%s:%s: %v", t.name, t.text, err)}
		}
		return Date{After: t.name == "after", Time: d, Text: t.text}, nil
	case "sort":
		switch t.text {
		case "date":
			p.q.ByDate = true
		case "relevance":
			p.q.ByDate = false
		default:
			return nil, &Error{Pos: valuePos, Msg: fmt.Sprintf("sort:%s: want sort:relevance or sort:date", t.text)}
		}
		p.q.Sorted = true
		return nil, nil
	}
	return nil, &Error{Pos: t.pos, Msg: fmt.Sprintf("unknown field %q", t.name)}
}

var errDate = errors.New("want a date as YYYY, YYYY-MM or YYYY-MM-DD")

// parseDate reads 2024, 2024-03 or 2024-03-05 as midnight China time on
// the first day it names.
func parseDate(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
		if len(s) != len(layout) {
			continue
		}
		t, err := time.ParseInLocation(layout, s, zhwatch.ChinaTime)
		if err != nil {
			return time.Time{}, errDate
		}
		if t.Year() < 1900 || t.Year() > 2999 {
			return time.Time{}, errors.New("year out of range 1900..2999")
		}
		return t, nil
	}
	return time.Time{}, errDate
}

func isSpace(r rune) bool { return unicode.IsSpace(r) || r == '\u3000' }
