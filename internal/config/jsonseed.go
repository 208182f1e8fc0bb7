package config

import (
	"fmt"
	"strings"
)

// JSONSeed is a list page that a site serves as JSON, such as gov.cn's
// ZUIXINZHENGCE.json (an array of {"TITLE", "URL", "DOCRELPUBTIME"}). The
// paths are gjson paths (github.com/tidwall/gjson syntax). Items selects the
// array of entries ("" when the document itself is the array); Link, Title
// and Date are read from each entry. A link is resolved against the JSON
// URL and goes through the source's article pattern like any other link.
type JSONSeed struct {
	URL   string `yaml:"url"`
	Items string `yaml:"items"` // path to the entries; "": the document is the array
	Link  string `yaml:"link"`  // REQUIRED: path to each entry's link
	Title string `yaml:"title"` // optional
	Date  string `yaml:"date"`  // optional
}

// AllSeeds returns the URLs a crawl of s starts from: its seeds, then its
// JSON seeds.
func (s *Source) AllSeeds() []string {
	out := append([]string(nil), s.Seeds...)
	for _, j := range s.JSONSeeds {
		out = append(out, j.URL)
	}
	return out
}

// validateJSONSeeds checks each JSON seed's URL and paths; a seed's host
// joins allowed (and AllowedHosts when derive) like any seed's.
func (s *Source) validateJSONSeeds(p *problems, label string, allowed map[string]bool, derive, hostsOK bool) {
	for i, j := range s.JSONSeeds {
		field := fmt.Sprintf("json_seeds[%d]", i)
		host, err := seedHost(j.URL)
		switch {
		case j.URL == "":
			p.add(label, "%s: url is required", field)
		case err != nil:
			p.add(label, "%s: url %q: %v", field, j.URL, err)
		case derive:
			if !allowed[host] {
				allowed[host] = true
				s.AllowedHosts = append(s.AllowedHosts, host)
			}
		case hostsOK && !allowed[host]:
			p.add(label, "%s: url %q: host %q is not in allowed_hosts %v", field, j.URL, host, s.AllowedHosts)
		}
		if strings.TrimSpace(j.Link) == "" {
			p.add(label, "%s: link is required: the path to each entry's link, e.g. URL or data.list.#.url", field)
		}
		for _, f := range []struct{ name, path string }{{"items", j.Items}, {"link", j.Link}, {"title", j.Title}, {"date", j.Date}} {
			if err := checkJSONPath(f.path); err != nil {
				p.add(label, "%s: %s %q: %v", field, f.name, f.path, err)
			}
		}
	}
}

// checkJSONPath catches the mistakes gjson would silently read as "no
// value": an empty component (a.b., a..b), a leading dot, unbalanced
// brackets or parentheses, and surrounding spaces.
func checkJSONPath(path string) error {
	if path == "" {
		return nil
	}
	if strings.TrimSpace(path) != path {
		return fmt.Errorf("has leading or trailing spaces")
	}
	if strings.HasPrefix(path, ".") || strings.HasSuffix(path, ".") || strings.Contains(path, "..") {
		return fmt.Errorf("has an empty component; separate keys with single dots: data.list.#.url")
	}
	var stack []rune
	escaped := false
	for _, r := range path {
		switch {
		case escaped:
			escaped = false
		case r == '\\':
			escaped = true
		case r == '(' || r == '[' || r == '{':
			stack = append(stack, r)
		case r == ')' || r == ']' || r == '}':
			open := map[rune]rune{')': '(', ']': '[', '}': '{'}[r]
			if len(stack) == 0 || stack[len(stack)-1] != open {
				return fmt.Errorf("unbalanced %q", r)
			}
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) > 0 {
		return fmt.Errorf("unclosed %q", stack[len(stack)-1])
	}
	return nil
}
