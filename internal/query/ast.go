// Package query is zhwatch's one query language, shared by the CLI, the HTTP
// API, the web page and the digests. Parse turns a query string into a small
// syntax tree; the index translates that tree into its own queries, so this
// package knows nothing of bleve.
//
// Grammar (operators are upper case; lower-case "or" is a word):
//
//	query   = or
//	or      = and { "OR" and }
//	and     = unary { ["AND"] unary }
//	unary   = ("NOT" | "-") unary | primary
//	primary = "(" or ")" | field | phrase | word
//	field   = ("title:" (word | phrase))
//	        | ("source:" | "entity:" | "type:") value   ("entity:list:*" is a prefix)
//	        | ("after:" | "before:") date              (YYYY, YYYY-MM or YYYY-MM-DD, China time)
//	        | "sort:" ("relevance" | "date")
//	phrase  = '"' chars '"' | '“' chars '”'
//
// after:D finds articles published on or after D, before:D those published
// before D (D itself excluded).
package query

import (
	"fmt"
	"strings"
	"time"
)

// Node is one part of a parsed query: And, Or, Not, Text, Keyword or Date.
type Node interface {
	// String writes the node back in query syntax; Parse(n.String())
	// gives an equal tree.
	String() string
	node()
}

// And matches what all its nodes match.
type And struct{ Nodes []Node }

// Or matches what any of its nodes matches.
type Or struct{ Nodes []Node }

// Not matches what its node does not match.
type Not struct{ Node Node }

// Text is a word or a phrase looked for in the article text.
type Text struct {
	Text   string
	Phrase bool // quoted: the words must appear together, in order
	Title  bool // title: only in the title
}

// Keyword filters on an exact value: a source name, an entity id or an
// entity type. Prefix (written value*) matches every value that begins with
// Value.
type Keyword struct {
	Field  string // FieldSource, FieldEntity or FieldType
	Value  string
	Prefix bool
}

// Keyword fields.
const (
	FieldSource = "source"
	FieldEntity = "entity"
	FieldType   = "type"
)

// Date bounds the publication date: published on or after Time (After) or
// before Time (!After).
type Date struct {
	After bool
	Time  time.Time // midnight, China time
	Text  string    // as written: 2024, 2024-03 or 2024-03-05
}

func (And) node()     {}
func (Or) node()      {}
func (Not) node()     {}
func (Text) node()    {}
func (Keyword) node() {}
func (Date) node()    {}

// String methods print compactly, close to what was parsed: -x rather than
// NOT x, and no parentheses around an AND inside an OR (AND binds tighter).

func (n And) String() string { return join(n.Nodes, " ", group) }
func (n Or) String() string {
	return join(n.Nodes, " OR ", func(c Node) string {
		if and, ok := c.(And); ok {
			return and.String()
		}
		return group(c)
	})
}
func (n Not) String() string { return "-" + group(n.Node) }

func (n Text) String() string {
	s := n.Text
	if n.Phrase || needsQuotes(s) {
		s = quote(s)
	}
	if n.Title {
		s = "title:" + s
	}
	return s
}

func (n Keyword) String() string {
	v := n.Value
	if n.Prefix {
		v += "*"
	}
	if v == "" || strings.ContainsFunc(v, func(r rune) bool { return isSpace(r) || isDelim(r) }) {
		v = quote(v)
	}
	return n.Field + ":" + v
}

func (n Date) String() string {
	if n.After {
		return "after:" + n.Text
	}
	return "before:" + n.Text
}

func join(nodes []Node, sep string, show func(Node) string) string {
	parts := make([]string, len(nodes))
	for i, n := range nodes {
		parts[i] = show(n)
	}
	return strings.Join(parts, sep)
}

// group parenthesises a node that holds more than one part.
func group(n Node) string {
	switch n := n.(type) {
	case And:
		return "(" + n.String() + ")"
	case Or:
		return "(" + n.String() + ")"
	}
	return n.String()
}

// quote writes s as a phrase, with “” when s holds a straight quote.
func quote(s string) string {
	if strings.ContainsRune(s, '"') {
		return "“" + s + "”"
	}
	return `"` + s + `"`
}

// needsQuotes reports whether a word would not read back as the same word.
func needsQuotes(s string) bool {
	if s == "" || s == "AND" || s == "OR" || s == "NOT" || strings.HasPrefix(s, "-") {
		return true
	}
	if i := strings.IndexByte(s, ':'); i > 0 && isField(s[:i]) {
		return true
	}
	return strings.ContainsFunc(s, func(r rune) bool { return isSpace(r) || isDelim(r) })
}

// Query is a parsed query string.
type Query struct {
	Root   Node   // nil when the query held only sort:
	ByDate bool   // sort:date was given: newest first
	Sorted bool   // a sort: term was given
	Source string // the text that was parsed
}

func (q Query) String() string {
	s := ""
	if q.Root != nil {
		s = q.Root.String()
	}
	if q.Sorted {
		sort := "sort:relevance"
		if q.ByDate {
			sort = "sort:date"
		}
		s = strings.TrimSpace(s + " " + sort)
	}
	return s
}

// Walk calls fn for n and every node under it, depth first.
func Walk(n Node, fn func(Node)) {
	if n == nil {
		return
	}
	fn(n)
	switch n := n.(type) {
	case And:
		for _, c := range n.Nodes {
			Walk(c, fn)
		}
	case Or:
		for _, c := range n.Nodes {
			Walk(c, fn)
		}
	case Not:
		Walk(n.Node, fn)
	}
}

// Error is a query that cannot be parsed: where (a character offset, from 0)
// and why. It matches zhwatch.ErrInvalid.
type Error struct {
	Pos int
	Msg string
}

func (e *Error) Error() string {
	return fmt.Sprintf("query: at character %d: %s", e.Pos+1, e.Msg)
}
