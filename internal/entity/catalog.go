package entity

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/zhwatch/zhwatch/internal/zh"
)

// CatalogFile is the catalog's file name in the dictionary directory.
const CatalogFile = "entities.yaml"

// Entity types of catalog entries, and the id prefix each one uses.
const (
	TypeChip         = "chip"
	TypeCompany      = "company"
	TypeGovernment   = "government"
	TypeOrganization = "organization"
	TypeList         = "list"
	TypeDocument     = "document"
	TypeTechnology   = "technology"
	TypePlace        = "place"
)

// Types of pattern tags that no catalog entry has.
const (
	TypeMoney   = "money"   // id money:CUR:AMOUNT, e.g. money:USD:40200000000
	TypePercent = "percent" // id percent:N, e.g. percent:37
)

// idPrefix maps each catalog type to the prefix of its ids.
var idPrefix = map[string]string{
	TypeChip: "chip", TypeCompany: "company", TypeGovernment: "gov", TypeOrganization: "org",
	TypeList: "list", TypeDocument: "doc", TypeTechnology: "tech", TypePlace: "place",
}

// Entity is one real-world thing.
type Entity struct {
	ID   string   `yaml:"id" json:"id"`
	Type string   `yaml:"type" json:"type"`
	Hans []string `yaml:"hans,omitempty" json:"hans,omitempty"` // simplified Chinese names
	Hant []string `yaml:"hant,omitempty" json:"hant,omitempty"` // traditional Chinese names
	En   []string `yaml:"en,omitempty" json:"en,omitempty"`     // English and Latin names
	// Weak names are also common words (浪潮, 小米, 苹果): Tag reports them only
	// where the text names the entity by a strong name too, or where a company
	// word (公司, 集团…) follows.
	Weak []string `yaml:"weak,omitempty" json:"weak,omitempty"`
	// Shared names are the same word for the like body of several countries
	// (商务部 is MOFCOM and the US Commerce Department): every entry that
	// lists one must give its Country, and Tag picks the entry by the country
	// written before the name (美国商务部) or, failing that, the nearest
	// country mentioned earlier in the text; the first entry listing the name
	// is the default.
	Shared []string `yaml:"shared,omitempty" json:"shared,omitempty"`
	// Country is the two-letter place slug of the country the entity belongs
	// to (us, cn, tw…), for government bodies and lists.
	Country string `yaml:"country,omitempty" json:"country,omitempty"`
}

// Names returns the entity's strong names: simplified, traditional, English.
func (e Entity) Names() []string {
	return slices.Concat(e.Hans, e.Hant, e.En)
}

// country is the country an entity belongs to: its Country, or for a
// country's own place entry (place:us) its slug.
func (e Entity) country() string {
	if e.Country != "" {
		return e.Country
	}
	if slug, ok := strings.CutPrefix(e.ID, "place:"); ok && len(slug) == 2 {
		return slug
	}
	return ""
}

// Catalog is the loaded entity catalog with its name matcher.
type Catalog struct {
	entities []Entity
	byID     map[string]int
	byName   map[string][]int // normalised name → entities
	shared   map[string]bool  // normalised shared names (see Entity.Shared)
	names    *trie
}

var (
	idPattern      = regexp.MustCompile(`^[a-z]+:[a-z0-9][a-z0-9.-]*$`)
	countryPattern = regexp.MustCompile(`^[a-z]{2}$`)
)

// Load reads dir/entities.yaml and builds the catalog. Every problem is an
// error naming the file, the entry and the name: an unknown field or type, a
// malformed or duplicate id, an id whose prefix does not fit its type, an
// entry without names, a one-character Chinese name, and a name that two
// entries share once normalised.
func Load(dir string) (*Catalog, error) {
	path := filepath.Join(dir, CatalogFile)
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("entity catalog: %w", err)
	}
	c, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// LoadFS is Load from a file system, such as the catalog built into the
// binaries (dictionaries.FS).
func LoadFS(fsys fs.FS) (*Catalog, error) {
	b, err := fs.ReadFile(fsys, CatalogFile)
	if err != nil {
		return nil, fmt.Errorf("entity catalog: %w", err)
	}
	c, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", CatalogFile, err)
	}
	return c, nil
}

// Parse builds a catalog from the bytes of an entities.yaml file.
func Parse(b []byte) (*Catalog, error) {
	var entries []Entity
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&entries); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("decode: %w", err)
	}
	c := &Catalog{byID: make(map[string]int), byName: make(map[string][]int), shared: make(map[string]bool), names: newTrie()}
	for i, e := range entries {
		if err := c.add(e); err != nil {
			return nil, fmt.Errorf("entry %d (%s): %w", i+1, e.ID, err)
		}
	}
	c.addListVariants()
	return c, nil
}

// addListVariants lets a list's name ending in 清单 also match with 名单 and
// the other way round (军事最终用户清单 / 军事最终用户名单, 實體清單 is written
// both ways), unless the variant is some entry's name of its own.
func (c *Catalog) addListVariants() {
	for idx, e := range c.entities {
		if e.Type != TypeList {
			continue
		}
		for _, name := range slices.Concat(e.Hans, e.Hant) {
			key := zh.Normalize(name)
			var alt string
			switch {
			case strings.HasSuffix(key, "清单"):
				alt = strings.TrimSuffix(key, "清单") + "名单"
			case strings.HasSuffix(key, "名单"):
				alt = strings.TrimSuffix(key, "名单") + "清单"
			default:
				continue
			}
			if _, taken := c.byName[alt]; !taken {
				c.byName[alt] = []int{idx}
				c.names.insert(alt, alt, idx, false)
			}
		}
	}
}

func (c *Catalog) add(e Entity) error {
	prefix, ok := idPrefix[e.Type]
	switch {
	case !ok:
		return fmt.Errorf("unknown type %q", e.Type)
	case !idPattern.MatchString(e.ID):
		return fmt.Errorf("id %q: want prefix:lower-case-name", e.ID)
	case !strings.HasPrefix(e.ID, prefix+":"):
		return fmt.Errorf("id %q: a %s id starts with %q", e.ID, e.Type, prefix+":")
	case len(e.Names()) == 0 && len(e.Shared) == 0:
		return errors.New("no names")
	case len(e.Shared) > 0 && e.Country == "":
		return errors.New("shared names need a country")
	case e.Country != "" && !countryPattern.MatchString(e.Country):
		return fmt.Errorf("country %q: want a two-letter place slug (us, cn)", e.Country)
	}
	if _, dup := c.byID[e.ID]; dup {
		return fmt.Errorf("id %q used twice", e.ID)
	}
	idx := len(c.entities)
	for _, group := range []struct {
		names []string
		weak  bool
	}{{e.Names(), false}, {e.Weak, true}} {
		for _, name := range group.names {
			key, err := nameKey(name)
			if err != nil {
				return err
			}
			if others := c.byName[key]; len(others) > 0 && others[0] != idx {
				return fmt.Errorf("name %q is also a name of %s", name, c.entities[others[0]].ID)
			}
			if c.shared[key] {
				return fmt.Errorf("name %q is a shared name of %s", name, c.entities[c.byName[key][0]].ID)
			}
			c.byName[key] = []int{idx}
			c.names.insert(key, name, idx, group.weak)
		}
	}
	for _, name := range e.Shared {
		key, err := nameKey(name)
		if err != nil {
			return err
		}
		if others := c.byName[key]; len(others) > 0 && !c.shared[key] {
			return fmt.Errorf("shared name %q is a name of %s alone", name, c.entities[others[0]].ID)
		}
		c.shared[key] = true
		if !slices.Contains(c.byName[key], idx) {
			c.byName[key] = append(c.byName[key], idx)
		}
		c.names.insertShared(key, name, idx)
	}
	c.entities = append(c.entities, e)
	c.byID[e.ID] = idx
	return nil
}

// nameKey is the form a name is matched in: zh.Normalize, spaces trimmed.
func nameKey(name string) (string, error) {
	if strings.TrimSpace(name) != name || name == "" {
		return "", fmt.Errorf("name %q: empty or with spaces around it", name)
	}
	if !utf8.ValidString(name) {
		return "", fmt.Errorf("name %q: not valid UTF-8", name)
	}
	if utf8.RuneCountInString(name) == 1 && unicode.Is(unicode.Han, []rune(name)[0]) {
		return "", fmt.Errorf("name %q: one Chinese character is too ambiguous to tag", name)
	}
	return zh.Normalize(name), nil
}

// Len is the number of entities.
func (c *Catalog) Len() int { return len(c.entities) }

// Entity returns the catalog entry with id.
func (c *Catalog) Entity(id string) (Entity, bool) {
	i, ok := c.byID[id]
	if !ok {
		return Entity{}, false
	}
	return c.entities[i], true
}

// Entities returns the entries of one type ("" for all) in catalog order.
func (c *Catalog) Entities(typ string) []Entity {
	var out []Entity
	for _, e := range c.entities {
		if typ == "" || e.Type == typ {
			out = append(out, e)
		}
	}
	return out
}

// Resolve returns the ids a query term stands for: the entity with that name
// in any script, case or width (英偉達, 輝達, nvidia → company:nvidia), the id
// itself if it is one, or the id of a document number (国发〔2025〕11号). It
// returns nil for anything else.
func (c *Catalog) Resolve(name string) []string {
	name = strings.TrimSpace(name)
	if _, ok := c.byID[name]; ok {
		return []string{name}
	}
	key := zh.Normalize(name)
	if idx := c.byName[key]; len(idx) > 0 {
		ids := make([]string, len(idx))
		for i, k := range idx {
			ids[i] = c.entities[k].ID
		}
		return ids
	}
	if docs := zh.FindDocNumbers(key); len(docs) == 1 && docs[0].Start == 0 && docs[0].End == len(key) {
		return []string{docID(docs[0])}
	}
	return nil
}
