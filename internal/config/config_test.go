package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zhwatch/zhwatch"
)

// TestBadConfigs loads every testdata/*.bad.yaml file; each must fail with a
// message naming the file and containing the listed text. A new validation
// rule comes with its bad file and a row here.
func TestBadConfigs(t *testing.T) {
	cases := map[string]string{
		"allowed-host-url":      `sources[0] "xinhua": allowed_hosts[0] "https://www.news.cn/": must be a host name`,
		"bad-name":              `sources[0] "Xinhua News": name "Xinhua News": use lower-case letters, digits and '-' only`,
		"allow-private-word":    `line 2: crawl: allow_private_networks: string "sometimes" is not true or false`,
		"bytes-in-flight-zero":  `crawl: max_bytes_in_flight 0: must be positive`,
		"lease-ttl-short":       `crawl: lease_ttl 200ms: must be at least 1s`,
		"bad-regexp":            `sources[0] "xinhua": article_pattern "^https://www\\.news\\.cn/tech/[0-9+$": error parsing regexp: missing closing ]`,
		"crawl-schedule-range":  `crawl: schedule "61 * * * *": end of range (61) above maximum (59)`,
		"data-dir-empty":        `data_dir: must not be empty`,
		"delay-no-unit":         `line 2: crawl: delay: integer "2" is not a duration with a unit`,
		"duplicate-key":         `line 4: mapping key "name" already defined at line 2`,
		"duplicate-name":        `sources[2]: duplicate name "mofcom" (also sources[0])`,
		"empty":                 `empty file`,
		"empty-topic":           `topics "ai-policy": empty topic`,
		"empty-topic-word":      `topics "export-controls"[1]: empty word`,
		"max-body-negative":     `sources[0] "xinhua": max_body_bytes -1: must be positive`,
		"max-depth-negative":    `crawl: max_depth -1: must not be negative`,
		"max-pages-zero":        `sources[0] "xinhua": max_pages_per_run 0: must be at least 1`,
		"recrawl-range":         `crawl: recrawl_window -1h0m0s: must not be negative`,
		"missing-name":          `sources[0]: name is required`,
		"negative-delay":        `sources[0] "xinhua": delay -1s: must not be negative`,
		"no-pattern":            `sources[0] "xinhua": article_pattern is required`,
		"no-seeds":              `sources[0] "xinhua": seeds: at least one seed URL is required`,
		"json-seed-no-link":     `sources[0] "gov-policy": json_seeds[0]: link is required`,
		"json-seed-bad-path":    `sources[0] "gov-policy": json_seeds[0]: items "data..list": has an empty component`,
		"json-seed-host":        `sources[0] "gov-policy": json_seeds[0]: url "https://sousuo.www.gov.cn/search-gov/data?t=zhengcelibrary": host "sousuo.www.gov.cn" is not in allowed_hosts`,
		"no-sources":            `sources: no sources`,
		"parallelism-word":      `line 5: sources[0] "xinhua": parallelism: string "two" is not an integer`,
		"parallelism-zero":      `sources[0] "xinhua": parallelism 0: must be at least 1`,
		"scalar":                `line 1: string "just so..." is not a mapping of settings`,
		"schedule-fields":       `sources[3] "mofcom": schedule "*/5 * *": expected exactly 5 fields, found 3`,
		"schedule-tz-only":      `sources[0] "xinhua": schedule "CRON_TZ=Asia/Shanghai": time zone without a schedule`,
		"seed-host-not-allowed": `sources[0] "xinhua": seeds[1] "https://english.news.cn/": host "english.news.cn" is not in allowed_hosts`,
		"seed-no-host":          `sources[0] "xinhua": seeds[0] "https:///tech/": has no host`,
		"seed-relative":         `sources[0] "xinhua": seeds[0] "/tech/index.html": must be an http or https URL`,
		"seed-scheme":           `sources[1] "xinhua": seeds[0] "ftp://x": must be an http or https URL`,
		"sources-mapping":       `line 2: sources: found a mapping, expected a list of sources`,
		"syntax":                `line 2: did not find expected ',' or ']'`,
		"timeout-zero":          `crawl: timeout 0s: must be positive`,
		"topic-name":            `topics "AI Policy": name: use lower-case letters`,
		"two-documents":         `more than one YAML document`,
		"unknown-crawl-field":   `line 3: crawl: unknown field "robots" (known fields: allow_private_networks, delay, ignore_robots,`,
		"unknown-source-field":  `line 3: sources[0] "xinhua": unknown field "seed"; did you mean "seeds"?`,
		"unknown-top-field":     `line 7: unknown field "foo" (known fields: crawl, data_dir, dictionaries, sources, store, topics, user_agent, watchlists)`,
		"store-password":        `store: postgres://zhwatch:xxxxx@db.internal:5432/zhwatch: a password does not belong in the config file; set PGPASSWORD or use a PGPASSFILE`,
		"store-scheme":          `store: "mysql://zhwatch@db.internal/zhwatch": want a postgres://user@host/database URL`,
		"watchlist-query":       `watchlists[0] "export-controls": query "出口管制 OR (实体清单": at character 9: unbalanced parenthesis`,
		"watchlist-schedule":    `watchlists[0] "export-controls": schedule "CRON_TZ=Asia/Beijing 0 8 * * *": provided bad location Asia/Beijing`,
		"watchlist-duplicate":   `watchlists[1]: duplicate name "chips" (also watchlists[0])`,
		"watchlist-no-query":    `watchlists[0] "chips": query is required`,
		"watchlist-max-items":   `watchlists[0] "chips": max_items -3: want 1..1000`,
		"delivery-type":         `watchlists[0] "chips": deliveries[0]: type "email": want dir, smtp or webhook`,
		"delivery-password":     `line 15: watchlists[0] "chips": deliveries[0]: unknown field "password" (known fields: ca_file,`,
		"delivery-smtp-fields":  `watchlists[0] "chips": deliveries[0] (smtp): password_env is required`,
		"delivery-clear-auth":   `watchlists[0] "chips": deliveries[0] (smtp): username set with starttls: false`,
		"delivery-webhook":      `watchlists[0] "chips": deliveries[0] (webhook): url "ftp://hooks.example.org/zhwatch": must be an absolute http or https URL`,
		"delivery-dir":          `watchlists[0] "chips": deliveries[0] (dir): path is required`,
		"delivery-secret-env":   `watchlists[0] "chips": deliveries[0] (webhook): secret_env "s3cr3t value!": not an environment variable name`,
	}
	files, err := filepath.Glob("testdata/*.bad.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(cases) {
		t.Errorf("%d bad files, %d cases: every bad file needs a row and every row a file", len(files), len(cases))
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".bad.yaml")
		t.Run(name, func(t *testing.T) {
			want, ok := cases[name]
			if !ok {
				t.Fatalf("no expected message for %s", file)
			}
			cfg, err := Load(file)
			if err == nil {
				t.Fatalf("Load(%s) = %+v, want an error containing %q", file, cfg, want)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, file+": ") {
				t.Errorf("error does not start with the file name %q:\n%s", file, msg)
			}
			if !strings.Contains(msg, file+": "+want) {
				t.Errorf("error\n  %s\ndoes not contain\n  %s", msg, file+": "+want)
			}
			if !errors.Is(err, zhwatch.ErrInvalid) {
				t.Errorf("errors.Is(err, zhwatch.ErrInvalid) = false for %v", err)
			}
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(filepath.Join("testdata", "no-such.yaml"))
	if !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("err = %v, want os.ErrNotExist", err)
	}
	if want := "open testdata/no-such.yaml: no such file"; !strings.Contains(err.Error(), want) {
		t.Errorf("err = %q, want it to contain %q", err, want)
	}
}

// TestInheritedErrorsReportedOnce: a bad crawl default is reported for the
// crawl section, not once more for every source that inherits it.
func TestInheritedErrorsReportedOnce(t *testing.T) {
	_, err := Load("testdata/timeout-zero.bad.yaml")
	if n := strings.Count(err.Error(), "timeout 0s"); n != 1 {
		t.Errorf("timeout reported %d times:\n%v", n, err)
	}
}

// TestAllProblemsReported: one load reports every problem, one per line.
func TestAllProblemsReported(t *testing.T) {
	data := []byte(`
sources:
  - name: a
    seeds: ["ftp://x"]
    article_pattern: "("
    parallelism: 0
topics:
  empty: []
`)
	_, err := Parse(data, "multi.yaml", ".")
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{
		`multi.yaml: sources[0] "a": seeds[0] "ftp://x": must be an http or https URL`,
		`multi.yaml: sources[0] "a": article_pattern "(": error parsing regexp`,
		`multi.yaml: sources[0] "a": parallelism 0: must be at least 1`,
		`multi.yaml: topics "empty": empty topic`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if n := len(strings.Split(err.Error(), "\n")); n != 4 {
		t.Errorf("%d lines, want 4:\n%v", n, err)
	}
	var ce *Error
	if !errors.As(err, &ce) || ce.File != "multi.yaml" || ce.Field == "" {
		t.Errorf("errors.As(*Error) = %+v", ce)
	}
}

func TestGoodConfig(t *testing.T) {
	cfg, err := Load("testdata/good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Path != "testdata/good.yaml" {
		t.Errorf("Path = %q", cfg.Path)
	}
	if want := filepath.Join("testdata", "var", "zhwatch"); cfg.DataDir != want {
		t.Errorf("DataDir = %q, want %q", cfg.DataDir, want)
	}
	if cfg.UserAgent != "zhwatch-test/1.0 (+https://example.org/zhwatch)" {
		t.Errorf("UserAgent = %q", cfg.UserAgent)
	}
	if len(cfg.Sources) != 2 {
		t.Fatalf("%d sources, want 2", len(cfg.Sources))
	}
	if !cfg.Crawl.AllowPrivateNetworks {
		t.Error("crawl.allow_private_networks: true not read")
	}

	// The first source inherits everything from crawl.
	m, ok := cfg.Source("mofcom-announcements")
	if !ok {
		t.Fatal(`Source("mofcom-announcements") not found`)
	}
	want := Source{
		Name:           "mofcom-announcements",
		SiteName:       "中华人民共和国商务部",
		Seeds:          []string{"https://www.mofcom.gov.cn/zcfb/blgg/gg/index.html"},
		AllowedHosts:   []string{"www.mofcom.gov.cn"},
		ArticlePattern: m.ArticlePattern,
		Schedule:       "30 6 * * *",
		Delay:          3 * time.Second,
		Parallelism:    1,
		Timeout:        20 * time.Second,
		MaxBodyBytes:   5 << 20,
		MaxDepth:       3,
		MaxPagesPerRun: 50000,
		RecrawlWindow:  48 * time.Hour,
		RecrawlEvery:   time.Hour,
	}
	got := *m
	got.Article, got.Cron = nil, nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("inherited source\n got %+v\nwant %+v", got, want)
	}
	if m.Article == nil || !m.Article.MatchString("https://www.mofcom.gov.cn/zcfb/blgg/gg/2025/art/2025/art_9b966e20a6934cc6b4fa2cf777626854.html") {
		t.Errorf("Article pattern does not match a real MOFCOM announcement URL")
	}
	if m.Cron == nil {
		t.Fatal("Cron not parsed")
	}
	from := time.Date(2025, 8, 28, 7, 0, 0, 0, time.Local)
	if next := m.Cron.Next(from); !next.Equal(time.Date(2025, 8, 29, 6, 30, 0, 0, time.Local)) {
		t.Errorf("Cron.Next(%v) = %v, want 06:30 next day", from, next)
	}

	// The second overrides, including explicit zeros.
	l, _ := cfg.Source("loopback")
	if l.Delay != 0 || l.Parallelism != 4 || l.MaxDepth != 0 || !l.IgnoreRobots || !l.Disabled {
		t.Errorf("overrides not kept: delay %v parallelism %d max_depth %d ignore_robots %v disabled %v",
			l.Delay, l.Parallelism, l.MaxDepth, l.IgnoreRobots, l.Disabled)
	}
	if l.Timeout != 20*time.Second || l.MaxBodyBytes != 5<<20 {
		t.Errorf("unset fields not inherited: timeout %v max_body_bytes %d", l.Timeout, l.MaxBodyBytes)
	}
	if want := []string{"127.0.0.1:8765", "localhost:8765"}; !reflect.DeepEqual(l.AllowedHosts, want) {
		t.Errorf("AllowedHosts = %q, want %q (the seeds' hosts, with ports, lower-cased, once each)", l.AllowedHosts, want)
	}
	from = time.Date(2025, 8, 28, 7, 0, 0, 0, time.Local)
	if next := l.Cron.Next(from); next.Sub(from) != time.Minute {
		t.Errorf("@every 1m: next after %v is %v", from, next)
	}

	if _, ok := cfg.Source("nope"); ok {
		t.Error(`Source("nope") found`)
	}
	wantTopics := map[string][]string{
		"export-controls": {"出口管制", "实体清单", "entity list", "出口管制"},
		"ai-policy":       {"人工智能", "人工智能+"},
	}
	if !reflect.DeepEqual(cfg.Topics, wantTopics) {
		t.Errorf("Topics = %q, want %q (trimmed; a repeated word is fine)", cfg.Topics, wantTopics)
	}
}

func TestDefaults(t *testing.T) {
	data := []byte(`
sources:
  - name: gov-policy
    seeds: [https://www.gov.cn/zhengce/zuixin/]
    article_pattern: '^https://www\.gov\.cn/zhengce/'
`)
	cfg, err := Parse(data, "min.yaml", "/etc/zhwatch")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.DataDir != "/etc/zhwatch/data" {
		t.Errorf("DataDir = %q, want /etc/zhwatch/data", cfg.DataDir)
	}
	if cfg.UserAgent != "zhwatch/0.1 (+https://github.com/zhwatch/zhwatch)" {
		t.Errorf("UserAgent = %q", cfg.UserAgent)
	}
	wantCrawl := CrawlDefaults{
		Schedule:     "0 */2 * * *",
		Delay:        time.Second,
		Parallelism:  2,
		Timeout:      30 * time.Second,
		MaxBodyBytes: 10 << 20,
		MaxDepth:     2,
		IgnoreRobots: false,

		MaxBytesInFlight: 32 << 20,
		LeaseTTL:         30 * time.Second,
		LeasedHosts:      8,

		MaxPagesPerRun: 50000,
		RecrawlWindow:  48 * time.Hour,
		RecrawlEvery:   time.Hour,
	}
	if cfg.Crawl != wantCrawl {
		t.Errorf("Crawl = %+v, want %+v", cfg.Crawl, wantCrawl)
	}
	s := cfg.Sources[0]
	if s.Schedule != wantCrawl.Schedule || s.Delay != wantCrawl.Delay || s.Parallelism != wantCrawl.Parallelism ||
		s.Timeout != wantCrawl.Timeout || s.MaxBodyBytes != wantCrawl.MaxBodyBytes || s.MaxDepth != wantCrawl.MaxDepth ||
		s.IgnoreRobots {
		t.Errorf("source does not carry the defaults: %+v", s)
	}
	if !reflect.DeepEqual(s.AllowedHosts, []string{"www.gov.cn"}) {
		t.Errorf("AllowedHosts = %q", s.AllowedHosts)
	}
	if cfg.Topics != nil {
		t.Errorf("Topics = %v, want none", cfg.Topics)
	}
}

func TestCrawlIgnoreRobotsInherited(t *testing.T) {
	data := []byte(`
crawl: {ignore_robots: true}
sources:
  - {name: a, seeds: ["http://127.0.0.1:1/"], article_pattern: "x"}
`)
	cfg, err := Parse(data, "t.yaml", ".")
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.Sources[0].IgnoreRobots {
		t.Error("crawl.ignore_robots not inherited")
	}
}

func TestDataDirResolution(t *testing.T) {
	src := `
sources:
  - {name: a, seeds: ["http://127.0.0.1:1/"], article_pattern: "x"}
`
	cases := []struct {
		dataDir, dir, want string
	}{
		{"data", "demo", "demo/data"},
		{"../data", "demo", "data"},
		{"./store/", "/srv/zhwatch", "/srv/zhwatch/store"},
		{"/var/lib/zhwatch", "demo", "/var/lib/zhwatch"},
		{"data", ".", "data"},
	}
	for _, c := range cases {
		cfg, err := Parse([]byte("data_dir: "+c.dataDir+src), "t.yaml", c.dir)
		if err != nil {
			t.Fatal(err)
		}
		if cfg.DataDir != c.want {
			t.Errorf("data_dir %q in %q = %q, want %q", c.dataDir, c.dir, cfg.DataDir, c.want)
		}
	}

	// dictionaries: resolves the same way; unset, it stays "" (built in).
	for in, want := range map[string]string{"dictionaries: my-dicts\n": filepath.Join("demo", "my-dicts"), "": ""} {
		cfg, err := Parse([]byte(in+src), "t.yaml", "demo")
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Dictionaries != want {
			t.Errorf("%q: Dictionaries = %q, want %q", in, cfg.Dictionaries, want)
		}
	}

	// Load resolves against the file's own folder, wherever the caller runs.
	dir := t.TempDir()
	path := filepath.Join(dir, "zhwatch.yaml")
	if err := os.WriteFile(path, []byte("data_dir: ../shared-data"+src), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(filepath.Dir(dir), "shared-data"); cfg.DataDir != want {
		t.Errorf("DataDir = %q, want %q", cfg.DataDir, want)
	}
}

// TestScheduleNeverPanics feeds the cron parser specs that have crashed
// cron parsers before; each must come back as an error or a schedule.
func TestScheduleNeverPanics(t *testing.T) {
	for _, spec := range []string{
		"TZ=", "CRON_TZ=", "TZ=Asia/Shanghai", "TZ=Nowhere/Nope 0 * * * *", "@", "@every", "@every -1s",
		"*/0 * * * *", "1-2-3 * * * *", "99999999999999999999 * * * *", "- * * * *", "/ * * * *",
		"0 0 31 2 *", "* * * * * *", ",,, * * * *", "5-1 * * * *",
	} {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("parseSchedule(%q) panicked: %v", spec, r)
				}
			}()
			_, _ = parseSchedule(spec) // either outcome is fine; only a panic fails
		}()
	}
}

// TestJSONSeeds: a source may start from JSON lists alone; their hosts
// join the derived allowed hosts, and AllSeeds lists them after the seeds.
func TestJSONSeeds(t *testing.T) {
	data := []byte(`
sources:
  - name: gov-policy
    json_seeds:
      - {url: "https://www.gov.cn/zhengce/zuixin/ZUIXINZHENGCE.json", link: URL, title: TITLE, date: DOCRELPUBTIME}
      - {url: "https://www.news.cn/ds_list.json", items: "data.list", link: LinkUrl}
    article_pattern: '^https://www\.gov\.cn/zhengce/content/\d{6}/content_\d+\.htm$'
`)
	cfg, err := Parse(data, "json.yaml", ".")
	if err != nil {
		t.Fatal(err)
	}
	s := cfg.Sources[0]
	if want := []string{"www.gov.cn", "www.news.cn"}; !slices.Equal(s.AllowedHosts, want) {
		t.Errorf("AllowedHosts = %q, want %q", s.AllowedHosts, want)
	}
	if got := s.AllSeeds(); len(got) != 2 || got[1] != "https://www.news.cn/ds_list.json" {
		t.Errorf("AllSeeds = %q", got)
	}
	if s.JSONSeeds[0].Date != "DOCRELPUBTIME" || s.JSONSeeds[1].Items != "data.list" {
		t.Errorf("JSONSeeds = %+v", s.JSONSeeds)
	}
	// The unbalanced link path of the second problem file is reported too.
	_, err = Load(filepath.Join("testdata", "json-seed-bad-path.bad.yaml"))
	if err == nil || !strings.Contains(err.Error(), `link "#(URL": unclosed '('`) {
		t.Errorf("err = %v, want the unclosed parenthesis reported", err)
	}
}

// TestSeedDefaultPort: a seed written with its scheme's default port
// derives the host the crawler's canonical URLs use, and an allowed host
// written with the default port accepts a seed written without it.
func TestSeedDefaultPort(t *testing.T) {
	yml := `sources:
  - name: a
    seeds: ["https://News.Example:443/"]
    article_pattern: x
  - name: b
    seeds: ["https://news.example/", "http://news.example:8080/"]
    allowed_hosts: ["news.example:443", "news.example:8080"]
    article_pattern: x
`
	cfg, err := Parse([]byte(yml), "zhwatch.yaml", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.Sources[0].AllowedHosts; !reflect.DeepEqual(got, []string{"news.example"}) {
		t.Errorf("derived allowed_hosts = %q, want [news.example]", got)
	}
}

// The store key: absent is SQLite in data_dir; a postgres URL is kept as
// given; a password in it is refused without being repeated.
func TestStoreKey(t *testing.T) {
	src := "\nsources:\n  - name: x\n    seeds: [http://h/]\n    article_pattern: '^http://h/a/'\n"
	cfg, err := Parse([]byte("data_dir: d"+src), "t.yaml", "")
	if err != nil || cfg.Store != "" {
		t.Fatalf("no store key: %q, %v; want SQLite (empty)", cfg.Store, err)
	}
	for _, good := range []string{"postgres://zhwatch@db:5432/zhwatch?sslmode=require", "postgresql://u@/zhwatch?host=/run/postgresql"} {
		cfg, err := Parse([]byte("store: "+good+src), "t.yaml", "")
		if err != nil || cfg.Store != good {
			t.Errorf("store %s: %q, %v", good, cfg.Store, err)
		}
	}
	for _, bad := range []string{"postgres://u:pw-secret@db/zhwatch", "postgres://u@db/zhwatch?password=pw-secret", "postgres:///zhwatch"} {
		_, err := Parse([]byte("store: "+bad+src), "t.yaml", "")
		if err == nil || !strings.Contains(err.Error(), "t.yaml: store: ") || strings.Contains(err.Error(), "pw-secret") {
			t.Errorf("store %s: err = %v; want a store error that hides the password", bad, err)
		}
	}
}
