// Package config loads zhwatch's YAML configuration: the data directory, the
// crawl defaults, the sources to watch and the topics to tag articles with.
//
// Load starts from the defaults, decodes strictly (an unknown key is an
// error), fills each source from the crawl defaults, then validates every
// section. Every error names the file, the field and what is wrong:
//
//	zhwatch.yaml: sources[3] "mofcom": schedule "*/5 * *": expected exactly 5 fields, found 3
//
// and matches zhwatch.ErrInvalid with errors.Is.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"time"

	"github.com/robfig/cron/v3"
	"gopkg.in/yaml.v3"
)

// Config is one zhwatch configuration file, defaults applied and validated.
type Config struct {
	Path    string `yaml:"-"`        // the file it was loaded from
	DataDir string `yaml:"data_dir"` // resolved against the config file's folder
	// Store, when set, is a postgres:// URL of a database several machines
	// share (internal/store/postgres); empty is SQLite in DataDir. The
	// password never sits here: PGPASSWORD or PGPASSFILE supply it.
	Store string `yaml:"store"`
	// Dictionaries, when set, is a directory whose entities.yaml and
	// user.dict.utf8 every command reads instead of the built-in copies;
	// resolved against the config file's folder.
	Dictionaries string              `yaml:"dictionaries"`
	UserAgent    string              `yaml:"user_agent"` // sent with every request
	Crawl        CrawlDefaults       `yaml:"crawl"`      // defaults every source inherits
	Sources      []Source            `yaml:"sources"`
	Topics       map[string][]string `yaml:"topics"` // topic name → words and phrases, either script

	Watchlists []Watchlist `yaml:"watchlists"` // saved queries sent as digests (watchlist.go)
}

// CrawlDefaults are the crawl settings a source inherits unless it sets its own.
type CrawlDefaults struct {
	Schedule     string        `yaml:"schedule"`       // cron, 5 fields
	Delay        time.Duration `yaml:"delay"`          // between requests to one host
	Parallelism  int           `yaml:"parallelism"`    // requests in flight per host
	Timeout      time.Duration `yaml:"timeout"`        // per request
	MaxBodyBytes int64         `yaml:"max_body_bytes"` // larger bodies are cut off
	MaxDepth     int           `yaml:"max_depth"`      // non-article links followed away from a seed; articles are always fetched
	IgnoreRobots bool          `yaml:"ignore_robots"`  // false: robots.txt is obeyed

	// AllowPrivateNetworks lets the crawler connect to private, loopback,
	// link-local and other non-public addresses. Crawler-wide (not per
	// source): the demo, the rig and tests serve on loopback; a real
	// deployment leaves it false so a page, redirect or DNS answer cannot
	// point the crawler at an intranet or a cloud metadata address.
	AllowPrivateNetworks bool `yaml:"allow_private_networks"`
	// MaxBytesInFlight caps the page bytes the crawler holds at once, over
	// all hosts and sources: a page waits before its request until its
	// body (max_body_bytes, or less once its length is known) fits.
	// Crawler-wide, like allow_private_networks.
	MaxBytesInFlight int64 `yaml:"max_bytes_in_flight"`
	// SharedFrontier makes the crawler lease hosts from the store's
	// frontier, so several crawler processes on one store share the work
	// host by host. Always on with a PostgreSQL store; set it on SQLite to
	// run several crawler processes on one file. Crawler-wide.
	SharedFrontier bool `yaml:"shared_frontier"`
	// LeaseTTL is how long a host lease lasts unless renewed: how soon a
	// killed worker's hosts are taken over by the others.
	LeaseTTL time.Duration `yaml:"lease_ttl"`
	// LeasedHosts is how many hosts one crawler process fetches from at
	// once with a shared frontier.
	LeasedHosts int `yaml:"leased_hosts"`

	MaxPagesPerRun int           `yaml:"max_pages_per_run"` // fetches per run; the rest waits for the next run
	RecrawlWindow  time.Duration `yaml:"recrawl_window"`    // re-check stored articles published less than this long ago; 0: never
	RecrawlEvery   time.Duration `yaml:"recrawl_every"`     // and at most this often
}

// Source is one site (or one section of a site) to crawl.
type Source struct {
	Name           string     `yaml:"name"`            // unique, [a-z0-9-]+
	SiteName       string     `yaml:"site_name"`       // display name, e.g. 中华人民共和国商务部; optional
	Disabled       bool       `yaml:"disabled"`        // kept in the file but not crawled
	Seeds          []string   `yaml:"seeds"`           // list pages, RSS/Atom feeds, sitemaps
	JSONSeeds      []JSONSeed `yaml:"json_seeds"`      // lists served as JSON (jsonseed.go)
	AllowedHosts   []string   `yaml:"allowed_hosts"`   // host[:port]; default: the seeds' hosts
	ArticlePattern string     `yaml:"article_pattern"` // Go regexp matched against absolute article URLs

	Schedule     string        `yaml:"schedule"`
	Delay        time.Duration `yaml:"delay"`
	Parallelism  int           `yaml:"parallelism"`
	Timeout      time.Duration `yaml:"timeout"`
	MaxBodyBytes int64         `yaml:"max_body_bytes"`
	MaxDepth     int           `yaml:"max_depth"`
	IgnoreRobots bool          `yaml:"ignore_robots"` // true if set here or in crawl

	MaxPagesPerRun int           `yaml:"max_pages_per_run"`
	RecrawlWindow  time.Duration `yaml:"recrawl_window"`
	RecrawlEvery   time.Duration `yaml:"recrawl_every"`

	Article *regexp.Regexp `yaml:"-"` // compiled ArticlePattern
	Cron    cron.Schedule  `yaml:"-"` // parsed Schedule
}

// Defaults.
const (
	DefaultDataDir   = "data"
	DefaultUserAgent = "zhwatch/0.1 (+https://github.com/zhwatch/zhwatch)"
)

// DefaultCrawl holds the crawl settings used when the file does not set them.
var DefaultCrawl = CrawlDefaults{
	Schedule:     "0 */2 * * *",
	Delay:        time.Second,
	Parallelism:  2,
	Timeout:      30 * time.Second,
	MaxBodyBytes: 10 << 20,
	MaxDepth:     2,

	MaxBytesInFlight: 32 << 20,
	LeaseTTL:         30 * time.Second,
	LeasedHosts:      8,

	MaxPagesPerRun: 50000,
	RecrawlWindow:  48 * time.Hour,
	RecrawlEvery:   time.Hour,
}

// Default returns a configuration with every default set and no sources.
func Default() Config {
	return Config{
		DataDir:   DefaultDataDir,
		UserAgent: DefaultUserAgent,
		Crawl:     DefaultCrawl,
	}
}

// Load reads and validates the configuration file at path. Relative paths in
// it are resolved against the file's folder.
func Load(path string) (*Config, error) { return load(path, nil) }

// LoadWithSecrets is Load for the processes that deliver digests: the
// environment variables the deliveries name (password_env, secret_env) must
// be set in env (os.LookupEnv), and each one missing is listed with the
// file's other problems, not found one per start.
func LoadWithSecrets(path string, env func(string) (string, bool)) (*Config, error) {
	return load(path, env)
}

func load(path string, env func(string) (string, bool)) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err // *fs.PathError already reads "open zhwatch.yaml: no such file or directory"
	}
	cfg, err := parse(data, path, filepath.Dir(path), env)
	if err != nil {
		return nil, err
	}
	cfg.Path = path
	return cfg, nil
}

// Parse decodes and validates a configuration. name is the file name used in
// error messages; dir is the folder relative paths are resolved against.
func Parse(data []byte, name string, dir string) (*Config, error) {
	return parse(data, name, dir, nil)
}

func parse(data []byte, name string, dir string, env func(string) (string, bool)) (*Config, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, decodeError(name, err, nil)
	}
	if isEmpty(&doc) {
		return nil, &Error{File: name, Problem: "empty file: expected data_dir, crawl, sources and topics"}
	}
	lines := indexLines(&doc)

	cfg := Default()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil {
		return nil, decodeError(name, err, lines)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, &Error{File: name, Problem: "more than one YAML document; put everything in one"}
	}

	// Decode each source again, this time on top of the crawl defaults, so
	// that an unset field inherits and an explicit zero (delay: 0s) stays.
	if nodes := sourceNodes(&doc); len(nodes) == len(cfg.Sources) {
		for i, n := range nodes {
			src := inherit(cfg.Crawl)
			if err := n.Decode(&src); err != nil {
				return nil, decodeError(name, err, lines)
			}
			src.IgnoreRobots = src.IgnoreRobots || cfg.Crawl.IgnoreRobots
			cfg.Sources[i] = src
		}
	}

	if err := cfg.validate(name, env); err != nil {
		return nil, err
	}
	if cfg.DataDir != "" && !filepath.IsAbs(cfg.DataDir) {
		cfg.DataDir = filepath.Join(dir, cfg.DataDir)
	}
	if cfg.Dictionaries != "" && !filepath.IsAbs(cfg.Dictionaries) {
		cfg.Dictionaries = filepath.Join(dir, cfg.Dictionaries)
	}
	cfg.resolveWatchlistPaths(dir)
	return &cfg, nil
}

// Source returns the source with the given name.
func (c *Config) Source(name string) (*Source, bool) {
	for i := range c.Sources {
		if c.Sources[i].Name == name {
			return &c.Sources[i], true
		}
	}
	return nil, false
}

// inherit returns a source carrying the crawl defaults.
func inherit(d CrawlDefaults) Source {
	return Source{
		Schedule:     d.Schedule,
		Delay:        d.Delay,
		Parallelism:  d.Parallelism,
		Timeout:      d.Timeout,
		MaxBodyBytes: d.MaxBodyBytes,
		MaxDepth:     d.MaxDepth,

		MaxPagesPerRun: d.MaxPagesPerRun,
		RecrawlWindow:  d.RecrawlWindow,
		RecrawlEvery:   d.RecrawlEvery,
	}
}

// isEmpty reports whether a parsed document holds nothing but comments or null.
func isEmpty(doc *yaml.Node) bool {
	if len(doc.Content) == 0 {
		return true
	}
	n := doc.Content[0]
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// sourceNodes returns the YAML nodes of the items under the top-level
// "sources" key.
func sourceNodes(doc *yaml.Node) []*yaml.Node {
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil
	}
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == "sources" && m.Content[i+1].Kind == yaml.SequenceNode {
			return m.Content[i+1].Content
		}
	}
	return nil
}

// String names the error position of a source: sources[3] "mofcom".
// itemLabel names item i of a named list in messages: sources[3] "mofcom".
func itemLabel(list string, i int, name string) string {
	if name == "" {
		return fmt.Sprintf("%s[%d]", list, i)
	}
	return fmt.Sprintf("%s[%d] %q", list, i, name)
}

// checkName reports a missing, malformed or repeated name of item i of a
// named list; seen maps the names met so far to their index.
func checkName(p *problems, list string, i int, name string, seen map[string]int) {
	label := itemLabel(list, i, name)
	switch {
	case name == "":
		p.add(label, "name is required")
	case !namePattern.MatchString(name):
		p.add(label, "name %q: use lower-case letters, digits and '-' only", name)
	}
	if j, dup := seen[name]; dup && name != "" {
		p.add(fmt.Sprintf("%s[%d]", list, i), "duplicate name %q (also %s[%d])", name, list, j)
	} else {
		seen[name] = i
	}
}
