package config

import (
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"time"
	_ "time/tzdata" // the default watchlist schedule names Asia/Shanghai; minimal machines lack tzdata

	"github.com/robfig/cron/v3"

	"github.com/zhwatch/zhwatch/internal/query"
)

// Watchlist is a saved query whose new matches are sent as a digest on a
// schedule (internal/digest).
type Watchlist struct {
	Name          string     `yaml:"name"`           // unique, [a-z0-9-]+; names the digest files and the feed
	Query         string     `yaml:"query"`          // in the query language of internal/query
	Schedule      string     `yaml:"schedule"`       // cron, 5 fields, optional CRON_TZ=Zone prefix
	SendEmpty     bool       `yaml:"send_empty"`     // deliver a digest with no items too
	MaxItems      int        `yaml:"max_items"`      // entries per digest; the rest wait for the next one
	OfficialHosts []string   `yaml:"official_hosts"` // a reprint cluster is named after an article on these hosts (or their subdomains)
	Deliveries    []Delivery `yaml:"deliveries"`     // none: the digest is only recorded (and shown in the feed)

	Cron cron.Schedule `yaml:"-"` // parsed Schedule
}

// Delivery is one place a watchlist's digests go. Type selects which of the
// other fields apply.
type Delivery struct {
	Type string `yaml:"type"` // dir, smtp or webhook

	// dir: one file per digest, named by the digest id.
	Path   string `yaml:"path"`   // folder, relative to the config file
	Format string `yaml:"format"` // markdown (default), html or json

	// smtp: one message per digest, text and HTML.
	Host        string   `yaml:"host"`
	Port        int      `yaml:"port"`         // default 587
	Username    string   `yaml:"username"`     // "": no AUTH
	PasswordEnv string   `yaml:"password_env"` // environment variable holding the password
	From        string   `yaml:"from"`
	To          []string `yaml:"to"`
	StartTLS    bool     `yaml:"starttls"` // default true
	CAFile      string   `yaml:"ca_file"`  // PEM roots to trust instead of the system's, relative to the config file

	// webhook: POST of the JSON digest, signed with HMAC-SHA256.
	URL       string `yaml:"url"`
	SecretEnv string `yaml:"secret_env"` // environment variable holding the shared secret

	Timeout time.Duration `yaml:"timeout"` // per attempt (smtp, webhook); default 30s
}

// Delivery types.
const (
	DeliveryDir     = "dir"
	DeliverySMTP    = "smtp"
	DeliveryWebhook = "webhook"
)

// Watchlist defaults.
const (
	DefaultWatchlistSchedule = "CRON_TZ=Asia/Shanghai 0 8 * * *" // daily at 08:00 China time
	DefaultMaxItems          = 50
	MaxMaxItems              = 1000
	DefaultSMTPPort          = 587
	DefaultDeliveryTimeout   = 30 * time.Second
)

// DefaultOfficialHosts are the hosts whose copy of a story names a reprint
// cluster: the State Council and the ministries (mofcom.gov.cn, …).
var DefaultOfficialHosts = []string{"gov.cn"}

// delivery has Delivery's fields but not its UnmarshalYAML.
type delivery Delivery

// UnmarshalYAML decodes a delivery on top of its defaults, so that an unset
// starttls is true and an explicit "starttls: false" stays false. The
// decoder's strictness (unknown keys fail) carries over.
func (d *Delivery) UnmarshalYAML(unmarshal func(any) error) error {
	v := delivery{Port: DefaultSMTPPort, StartTLS: true, Timeout: DefaultDeliveryTimeout}
	if err := unmarshal(&v); err != nil {
		return err
	}
	*d = Delivery(v)
	return nil
}

// Watchlist returns the watchlist with the given name.
func (c *Config) Watchlist(name string) (*Watchlist, bool) {
	for i := range c.Watchlists {
		if c.Watchlists[i].Name == name {
			return &c.Watchlists[i], true
		}
	}
	return nil, false
}

func (c *Config) validateWatchlists(p *problems) {
	seen := map[string]int{}
	for i := range c.Watchlists {
		w := &c.Watchlists[i]
		checkName(p, "watchlists", i, w.Name, seen)
		w.validate(p, itemLabel("watchlists", i, w.Name))
	}
}

func (w *Watchlist) validate(p *problems, label string) {
	if strings.TrimSpace(w.Query) == "" {
		p.add(label, "query is required, e.g. 出口管制 OR entity:list:*")
	} else if _, err := query.Parse(w.Query); err != nil {
		if qe, ok := err.(*query.Error); ok {
			p.add(label, "query %q: at character %d: %s", w.Query, qe.Pos+1, qe.Msg)
		} else {
			p.add(label, "query %q: %v", w.Query, err)
		}
	}

	if w.Schedule == "" {
		w.Schedule = DefaultWatchlistSchedule
	}
	sched, err := parseSchedule(w.Schedule)
	if err != nil {
		p.add(label, "schedule %q: %v", w.Schedule, err)
	}
	w.Cron = sched

	switch {
	case w.MaxItems == 0:
		w.MaxItems = DefaultMaxItems
	case w.MaxItems < 0 || w.MaxItems > MaxMaxItems:
		p.add(label, "max_items %d: want 1..%d", w.MaxItems, MaxMaxItems)
	}

	if w.OfficialHosts == nil {
		w.OfficialHosts = append([]string(nil), DefaultOfficialHosts...)
	}
	for i, h := range w.OfficialHosts {
		norm := strings.ToLower(strings.TrimSpace(h))
		if norm == "" || strings.ContainsAny(norm, "/: ") {
			p.add(label, "official_hosts[%d] %q: must be a host name such as gov.cn (subdomains count too)", i, h)
			continue
		}
		w.OfficialHosts[i] = norm
	}

	for i := range w.Deliveries {
		w.Deliveries[i].validate(p, fmt.Sprintf("%s: deliveries[%d]", label, i))
	}
}

var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// validate checks a delivery without touching the network or reading the
// secrets: those are read when the digest sender is opened.
func (d *Delivery) validate(p *problems, label string) {
	if d.Timeout <= 0 {
		p.add(label, "timeout %s: must be positive", d.Timeout)
	}
	switch d.Type {
	case DeliveryDir:
		label += " (dir)"
		if strings.TrimSpace(d.Path) == "" {
			p.add(label, "path is required: the folder digests are written to")
		}
		switch d.Format {
		case "":
			d.Format = "markdown"
		case "markdown", "html", "json":
		default:
			p.add(label, "format %q: want markdown, html or json", d.Format)
		}
		d.only(p, label, "path", "format")
	case DeliverySMTP:
		label += " (smtp)"
		d.validateSMTP(p, label)
		d.only(p, label, "host", "port", "username", "password_env", "from", "to", "starttls", "ca_file")
	case DeliveryWebhook:
		label += " (webhook)"
		u, err := url.Parse(d.URL)
		switch {
		case d.URL == "":
			p.add(label, "url is required")
		case err != nil:
			p.add(label, "url %q: %v", d.URL, unwrapURLError(err))
		case u.Scheme != "http" && u.Scheme != "https" || u.Host == "":
			p.add(label, "url %q: must be an absolute http or https URL", d.URL)
		}
		checkEnvName(p, label, "secret_env", d.SecretEnv, "the shared secret the signature is made with")
		d.only(p, label, "url", "secret_env")
	case "":
		p.add(label, "type is required: dir, smtp or webhook")
	default:
		p.add(label, "type %q: want dir, smtp or webhook", d.Type)
	}
}

func (d *Delivery) validateSMTP(p *problems, label string) {
	if d.Host == "" {
		p.add(label, "host is required")
	} else if strings.ContainsAny(d.Host, "/: ") && net.ParseIP(d.Host) == nil {
		p.add(label, "host %q: a host name or IP address, without port or scheme (port has its own field)", d.Host)
	}
	if d.Port < 1 || d.Port > 65535 {
		p.add(label, "port %d: want 1..65535", d.Port)
	}
	if d.From == "" {
		p.add(label, "from is required")
	} else if _, err := mail.ParseAddress(d.From); err != nil {
		p.add(label, "from %q: %v", d.From, err)
	}
	if len(d.To) == 0 {
		p.add(label, "to: at least one recipient is required")
	}
	for i, to := range d.To {
		if _, err := mail.ParseAddress(to); err != nil {
			p.add(label, "to[%d] %q: %v", i, to, err)
		}
	}
	if d.Username != "" {
		checkEnvName(p, label, "password_env", d.PasswordEnv, "the SMTP password")
		if !d.StartTLS && !isLoopback(d.Host) {
			p.add(label, "username set with starttls: false: the password would cross the network in clear")
		}
	} else if d.PasswordEnv != "" {
		p.add(label, "password_env %q without username", d.PasswordEnv)
	}
	if d.CAFile != "" && !d.StartTLS {
		p.add(label, "ca_file without starttls: nothing would use it")
	}
}

func checkEnvName(p *problems, label, field, name, what string) {
	switch {
	case name == "":
		p.add(label, "%s is required: the name of the environment variable holding %s (never the secret itself)", field, what)
	case !envName.MatchString(name):
		p.add(label, "%s %q: not an environment variable name (letters, digits and _)", field, name)
	case p.env != nil:
		if v, ok := p.env(name); !ok || v == "" {
			p.add(label, "%s: environment variable %s is not set (it holds %s)", field, name, what)
		}
	}
}

// only reports fields set that do not belong to the delivery's type.
func (d *Delivery) only(p *problems, label string, allowed ...string) {
	set := map[string]bool{
		"path": d.Path != "", "format": d.Format != "" && d.Format != "markdown",
		"host": d.Host != "", "port": d.Port != DefaultSMTPPort, "username": d.Username != "",
		"password_env": d.PasswordEnv != "", "from": d.From != "", "to": len(d.To) > 0,
		"starttls": !d.StartTLS, "ca_file": d.CAFile != "",
		"url": d.URL != "", "secret_env": d.SecretEnv != "",
	}
	for _, a := range allowed {
		delete(set, a)
	}
	for _, f := range sortedKeys(set) {
		if set[f] {
			p.add(label, "%s does not apply to %s deliveries", f, d.Type)
		}
	}
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// resolveWatchlistPaths makes delivery paths relative to the config file's
// folder.
func (c *Config) resolveWatchlistPaths(dir string) {
	for i := range c.Watchlists {
		for j := range c.Watchlists[i].Deliveries {
			d := &c.Watchlists[i].Deliveries[j]
			for _, p := range []*string{&d.Path, &d.CAFile} {
				if *p != "" && !filepath.IsAbs(*p) {
					*p = filepath.Join(dir, *p)
				}
			}
		}
	}
}
