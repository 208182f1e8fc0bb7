package config

import (
	"net/url"
	"strings"
)

// validateStore checks the store key: empty (SQLite in data_dir) or a
// postgres:// URL with no password in it, since config files get committed,
// copied and shown; libpq's PGPASSWORD and PGPASSFILE carry the password.
func (c *Config) validateStore(p *problems) {
	if c.Store == "" {
		return
	}
	u, err := url.Parse(c.Store)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		p.add("store", "%q: want a postgres://user@host/database URL, or no store key for SQLite in data_dir", redactURL(c.Store))
		return
	}
	if _, ok := u.User.Password(); ok || u.Query().Has("password") {
		p.add("store", "%s: a password does not belong in the config file; set PGPASSWORD or use a PGPASSFILE", redactURL(c.Store))
	}
	if u.Host == "" && !u.Query().Has("host") {
		p.add("store", "%s: no host; want postgres://user@host/database", redactURL(c.Store))
	}
}

// redactURL hides a password so that the error quoting the key does not
// repeat it.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		if i := strings.LastIndex(s, "@"); i > 0 {
			return "…@" + s[i+1:]
		}
		return s
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.String()
}
