package config

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/zhwatch/zhwatch/internal/netguard"
)

// problems collects the errors of one file, each naming its field.
type problems struct {
	file string
	errs []error
	env  func(string) (string, bool) // nil: secrets' environment variables are not checked
}

func (p *problems) add(field, format string, args ...any) {
	p.errs = append(p.errs, &Error{File: p.file, Field: field, Problem: fmt.Sprintf(format, args...)})
}

func (p *problems) err() error { return errors.Join(p.errs...) }

var namePattern = regexp.MustCompile(`^[a-z0-9-]+$`)

// validate checks every section, fills the derived fields (allowed hosts,
// compiled pattern, parsed schedule) and reports every problem it finds.
func (c *Config) validate(file string, env func(string) (string, bool)) error {
	p := &problems{file: file, env: env}
	if strings.TrimSpace(c.DataDir) == "" {
		p.add("data_dir", "must not be empty")
	}
	c.validateStore(p)
	if strings.TrimSpace(c.UserAgent) == "" {
		p.add("user_agent", "must not be empty; name the project and a contact URL")
	}
	c.Crawl.validate(p)
	c.validateSources(p)
	c.validateTopics(p)
	c.validateWatchlists(p)
	return p.err()
}

func (d *CrawlDefaults) validate(p *problems) {
	if _, err := parseSchedule(d.Schedule); err != nil {
		p.add("crawl", "schedule %q: %v", d.Schedule, err)
	}
	d.limits().check(p, "crawl", nil)
	if d.MaxBytesInFlight <= 0 {
		p.add("crawl", "max_bytes_in_flight %d: must be positive (bytes; default %d)", d.MaxBytesInFlight, DefaultCrawl.MaxBytesInFlight)
	}
	if d.LeaseTTL < time.Second {
		p.add("crawl", "lease_ttl %v: must be at least 1s (how soon a killed crawler's hosts are taken over; default %v)", d.LeaseTTL, DefaultCrawl.LeaseTTL)
	}
	if d.LeasedHosts <= 0 {
		p.add("crawl", "leased_hosts %d: must be positive (hosts one crawler process fetches from at once; default %d)", d.LeasedHosts, DefaultCrawl.LeasedHosts)
	}
}

func (c *Config) validateSources(p *problems) {
	if len(c.Sources) == 0 {
		p.add("sources", "no sources; list at least one site to crawl")
		return
	}
	seen := map[string]int{}
	for i := range c.Sources {
		s := &c.Sources[i]
		checkName(p, "sources", i, s.Name, seen)
		s.validate(p, itemLabel("sources", i, s.Name), &c.Crawl)
	}
}

func (s *Source) validate(p *problems, label string, crawl *CrawlDefaults) {
	allowed, hostsOK := s.validateHosts(p, label)
	derive := len(s.AllowedHosts) == 0
	if len(s.Seeds) == 0 && len(s.JSONSeeds) == 0 {
		p.add(label, "seeds: at least one seed URL is required (or a json_seeds entry)")
	}
	for i, seed := range s.Seeds {
		host, err := seedHost(seed)
		switch {
		case err != nil:
			p.add(label, "seeds[%d] %q: %v", i, seed, err)
		case derive:
			if !allowed[host] {
				allowed[host] = true
				s.AllowedHosts = append(s.AllowedHosts, host)
			}
		case hostsOK && !seedAllowed(s.AllowedHosts, seed):
			p.add(label, "seeds[%d] %q: host %q is not in allowed_hosts %v", i, seed, host, s.AllowedHosts)
		}
	}

	s.validateJSONSeeds(p, label, allowed, derive, hostsOK)

	switch {
	case s.ArticlePattern == "":
		p.add(label, "article_pattern is required: a regexp matching the URLs of article pages")
	default:
		re, err := regexp.Compile(s.ArticlePattern)
		if err != nil {
			p.add(label, "article_pattern %q: %v", s.ArticlePattern, err)
		}
		s.Article = re
	}

	sched, err := parseSchedule(s.Schedule)
	if err != nil && s.Schedule != crawl.Schedule {
		p.add(label, "schedule %q: %v", s.Schedule, err)
	}
	s.Cron = sched
	inherited := crawl.limits()
	s.limits().check(p, label, &inherited)
}

// validateHosts normalises allowed_hosts to lower case and returns them as a
// set; ok is false when one of them is malformed.
func (s *Source) validateHosts(p *problems, label string) (set map[string]bool, ok bool) {
	set, ok = map[string]bool{}, true
	for i, h := range s.AllowedHosts {
		norm := strings.ToLower(strings.TrimSpace(h))
		if norm == "" || strings.ContainsAny(norm, "/ ") || strings.Contains(norm, "://") {
			p.add(label, "allowed_hosts[%d] %q: must be a host name with an optional port (www.gov.cn, 127.0.0.1:8765), not a URL", i, h)
			ok = false
			continue
		}
		s.AllowedHosts[i] = norm
		set[norm] = true
	}
	return set, ok
}

// seedHost checks that seed is an absolute http(s) URL and returns its
// host[:port], lower-cased.
func seedHost(seed string) (string, error) {
	u, err := url.Parse(seed)
	if err != nil {
		return "", fmt.Errorf("not a URL: %v", unwrapURLError(err))
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", errors.New("must be an http or https URL")
	}
	if u.Host == "" || u.Hostname() == "" {
		return "", errors.New("has no host")
	}
	if port := u.Port(); port != "" {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return "", fmt.Errorf("bad port %q", port)
		}
	}
	host := strings.ToLower(u.Host)
	if p := u.Port(); (u.Scheme == "https" && p == "443") || (u.Scheme == "http" && p == "80") {
		// The crawler's canonical URLs drop the default port; so does the
		// allowed host derived from the seed.
		host = strings.TrimSuffix(host, ":"+p)
	}
	return host, nil
}

// seedAllowed reports whether a seed (already checked by seedHost) is on
// one of hosts, by the rule the crawler applies ("h" and "h:443" are the
// same host for https).
func seedAllowed(hosts []string, seed string) bool {
	u, err := url.Parse(seed)
	return err == nil && netguard.HostAllowed(hosts, u)
}

func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// limits are the politeness settings shared by crawl and sources.
type limits struct {
	delay       time.Duration
	parallelism int
	timeout     time.Duration
	maxBody     int64
	maxDepth    int
	maxPages    int
	window      time.Duration
	every       time.Duration
}

func (d *CrawlDefaults) limits() limits {
	return limits{d.Delay, d.Parallelism, d.Timeout, d.MaxBodyBytes, d.MaxDepth,
		d.MaxPagesPerRun, d.RecrawlWindow, d.RecrawlEvery}
}

func (s *Source) limits() limits {
	return limits{s.Delay, s.Parallelism, s.Timeout, s.MaxBodyBytes, s.MaxDepth,
		s.MaxPagesPerRun, s.RecrawlWindow, s.RecrawlEvery}
}

// check reports the settings that are out of range. A setting equal to the
// inherited one is skipped: the crawl section reports it once.
func (l limits) check(p *problems, label string, inherited *limits) {
	if l.delay < 0 && (inherited == nil || l.delay != inherited.delay) {
		p.add(label, "delay %s: must not be negative", l.delay)
	}
	if l.parallelism < 1 && (inherited == nil || l.parallelism != inherited.parallelism) {
		p.add(label, "parallelism %d: must be at least 1", l.parallelism)
	}
	if l.timeout <= 0 && (inherited == nil || l.timeout != inherited.timeout) {
		p.add(label, "timeout %s: must be positive", l.timeout)
	}
	if l.maxBody <= 0 && (inherited == nil || l.maxBody != inherited.maxBody) {
		p.add(label, "max_body_bytes %d: must be positive", l.maxBody)
	}
	if l.maxDepth < 0 && (inherited == nil || l.maxDepth != inherited.maxDepth) {
		p.add(label, "max_depth %d: must not be negative (0 follows no links but article links)", l.maxDepth)
	}
	if l.maxPages < 1 && (inherited == nil || l.maxPages != inherited.maxPages) {
		p.add(label, "max_pages_per_run %d: must be at least 1", l.maxPages)
	}
	if l.window < 0 && (inherited == nil || l.window != inherited.window) {
		p.add(label, "recrawl_window %s: must not be negative (0 never re-checks stored articles)", l.window)
	}
	if l.every <= 0 && (inherited == nil || l.every != inherited.every) {
		p.add(label, "recrawl_every %s: must be positive", l.every)
	}
}

// parseSchedule parses a standard 5-field cron spec (or a descriptor such as
// @hourly or @every 30m), with cron's error text made to read after the spec.
func parseSchedule(spec string) (cron.Schedule, error) {
	spec = strings.TrimSpace(spec)
	if spec == "" {
		return nil, errors.New("must not be empty")
	}
	// cron panics on "TZ=Zone" with nothing after it.
	if strings.HasPrefix(spec, "TZ=") || strings.HasPrefix(spec, "CRON_TZ=") {
		if !strings.Contains(spec, " ") {
			return nil, errors.New("time zone without a schedule after it")
		}
	}
	sched, err := cron.ParseStandard(spec)
	if err != nil {
		msg := err.Error()
		if strings.HasPrefix(msg, "expected ") {
			msg, _, _ = strings.Cut(msg, ": [") // drop cron's echo of the fields
		}
		return nil, errors.New(msg)
	}
	return sched, nil
}

func (c *Config) validateTopics(p *problems) {
	for _, name := range sortedKeys(c.Topics) {
		words := c.Topics[name]
		label := fmt.Sprintf("topics %q", name)
		if !namePattern.MatchString(name) {
			p.add(label, "name: use lower-case letters, digits and '-' only")
		}
		if len(words) == 0 {
			p.add(label, "empty topic: list at least one word or phrase")
		}
		for i, w := range words {
			words[i] = strings.TrimSpace(w)
			if words[i] == "" {
				p.add(fmt.Sprintf("%s[%d]", label, i), "empty word")
			}
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
