package config

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/zhwatch/zhwatch"
)

// Error is one problem in a configuration file. It reads
//
//	FILE: [line N: ]FIELD: PROBLEM
//
// and matches zhwatch.ErrInvalid with errors.Is. Several problems found at
// once are joined with errors.Join, one per line.
type Error struct {
	File    string
	Line    int    // 0 when the problem is not tied to one line
	Field   string // e.g. `sources[1] "xinhua": seeds[0] "ftp://x"`; "" for the whole file
	Problem string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	b.WriteString(": ")
	if e.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", e.Line)
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Problem)
	return b.String()
}

// Unwrap makes every config error an invalid-input error.
func (e *Error) Unwrap() error { return zhwatch.ErrInvalid }

// lineIndex maps a line of the file to the field written on it.
type lineIndex struct {
	keys   map[int]string    // line of a key → path of the mapping holding it
	values map[int][]valueAt // line → the values starting on it, outermost first
}

type valueAt struct {
	path string
	kind yaml.Kind
}

// value names the field on line whose value has the given YAML tag: for a
// mapping or a list, the outermost one starting there; for a scalar, the
// innermost.
func (ix *lineIndex) value(line int, tag string) string {
	vs := ix.values[line]
	want := yaml.ScalarNode
	switch tag {
	case "map":
		want = yaml.MappingNode
	case "seq":
		want = yaml.SequenceNode
	}
	if want != yaml.ScalarNode {
		for _, v := range vs {
			if v.kind == want {
				return v.path
			}
		}
	}
	if len(vs) == 0 {
		return ""
	}
	return vs[len(vs)-1].path
}

// indexLines walks the document and records which field each line holds, so
// that yaml's "line 7: ..." errors can name the field.
func indexLines(doc *yaml.Node) *lineIndex {
	ix := &lineIndex{keys: map[int]string{}, values: map[int][]valueAt{}}
	if len(doc.Content) > 0 {
		ix.walk(doc.Content[0], "")
	}
	return ix
}

func (ix *lineIndex) walk(n *yaml.Node, path string) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			child := joinPath(path, k.Value)
			if path == "topics" {
				child = fmt.Sprintf("topics %q", k.Value)
			}
			setOnce(ix.keys, k.Line, path)
			ix.values[v.Line] = append(ix.values[v.Line], valueAt{child, v.Kind})
			ix.walk(v, child)
		}
	case yaml.SequenceNode:
		for i, item := range n.Content {
			child := fmt.Sprintf("%s[%d]", path, i)
			if path == "sources" || path == "watchlists" {
				child = itemLabel(path, i, mappingValue(item, "name"))
			}
			ix.values[item.Line] = append(ix.values[item.Line], valueAt{child, item.Kind})
			ix.walk(item, child)
		}
	}
}

func joinPath(parent, field string) string {
	if parent == "" {
		return field
	}
	return parent + ": " + field
}

func setOnce(m map[int]string, line int, path string) {
	if _, ok := m[line]; !ok {
		m[line] = path
	}
}

// mappingValue returns the scalar value under key in a mapping node, or "".
func mappingValue(n *yaml.Node, key string) string {
	if n.Kind != yaml.MappingNode {
		return ""
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key && n.Content[i+1].Kind == yaml.ScalarNode {
			return n.Content[i+1].Value
		}
	}
	return ""
}

var (
	yamlLine     = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	unknownField = regexp.MustCompile(`^field (\S+) not found in type (\S+)$`)
	cannotDecode = regexp.MustCompile("^cannot unmarshal !!(\\w+)(?: `(.*)`)? into (.+)$")
)

// decodeError turns a yaml.v3 error into one *Error per problem, naming the
// field on the failing line when lines is not nil.
func decodeError(file string, err error, lines *lineIndex) error {
	var msgs []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	} else {
		msgs = []string{err.Error()}
	}
	var errs []error
	for _, msg := range msgs {
		errs = append(errs, translate(file, msg, lines))
	}
	return errors.Join(errs...)
}

func translate(file, msg string, lines *lineIndex) *Error {
	e := &Error{File: file, Problem: strings.TrimPrefix(msg, "yaml: ")}
	m := yamlLine.FindStringSubmatch(msg)
	if m == nil {
		return e
	}
	e.Line, _ = strconv.Atoi(m[1])
	e.Problem = m[2]
	if m := unknownField.FindStringSubmatch(e.Problem); m != nil {
		if lines != nil {
			e.Field = lines.keys[e.Line]
		}
		e.Problem = unknownProblem(m[1], m[2])
		return e
	}
	if m := cannotDecode.FindStringSubmatch(e.Problem); m != nil {
		if lines != nil {
			e.Field = lines.value(e.Line, m[1])
		}
		e.Problem = decodeProblem(m[1], m[2], m[3])
	}
	return e
}

// fieldsOf maps the type names yaml.v3 prints to the types, for suggestions.
var fieldsOf = map[string]reflect.Type{
	"config.Config":        reflect.TypeOf(Config{}),
	"config.CrawlDefaults": reflect.TypeOf(CrawlDefaults{}),
	"config.Source":        reflect.TypeOf(Source{}),
	"config.Watchlist":     reflect.TypeOf(Watchlist{}),
	"config.delivery":      reflect.TypeOf(Delivery{}),
}

func unknownProblem(field, typeName string) string {
	p := fmt.Sprintf("unknown field %q", field)
	t, ok := fieldsOf[typeName]
	if !ok {
		return p
	}
	known := yamlFields(t)
	best, bestDist := "", 3
	for _, k := range known {
		if d := editDistance(field, k); d < bestDist {
			best, bestDist = k, d
		}
	}
	if best != "" {
		return fmt.Sprintf("%s; did you mean %q?", p, best)
	}
	return fmt.Sprintf("%s (known fields: %s)", p, strings.Join(known, ", "))
}

// yamlFields lists the yaml keys of a struct type, sorted.
func yamlFields(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if name != "" && name != "-" {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// typeWords names Go types the way a config author thinks of them.
var typeWords = map[string]string{
	"int":                  "an integer",
	"int64":                "an integer",
	"bool":                 "true or false",
	"string":               "a string",
	"time.Duration":        `a duration with a unit, such as "2s", "500ms" or "0s"`,
	"[]string":             "a list of strings",
	"[]config.Source":      "a list of sources",
	"map[string][]string":  "a mapping of topic names to lists of words",
	"config.Config":        "a mapping of settings (data_dir, crawl, sources, topics)",
	"config.CrawlDefaults": "a mapping of crawl settings",
	"config.Source":        "a mapping of source settings (name, seeds, article_pattern, …)",
	"[]config.Watchlist":   "a list of watchlists",
	"config.Watchlist":     "a mapping of watchlist settings (name, query, schedule, deliveries, …)",
	"[]config.Delivery":    "a list of deliveries",
	"config.delivery":      "a mapping of delivery settings (type, path, …)",
}

var tagWords = map[string]string{
	"str": "string", "int": "integer", "float": "number", "bool": "boolean",
	"seq": "list", "map": "mapping", "null": "null", "timestamp": "timestamp",
}

func decodeProblem(tag, value, goType string) string {
	want, ok := typeWords[goType]
	if !ok {
		want = goType
	}
	got := tagWords[tag]
	if got == "" {
		got = tag
	}
	if value != "" {
		return fmt.Sprintf("%s %q is not %s", got, value, want)
	}
	return fmt.Sprintf("found a %s, expected %s", got, want)
}

// editDistance is the Levenshtein distance between two short strings.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
