package config

import (
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/zhwatch/zhwatch"
)

func TestWatchlists(t *testing.T) {
	cfg, err := Load("testdata/watchlists.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Watchlists) != 2 {
		t.Fatalf("%d watchlists, want 2", len(cfg.Watchlists))
	}
	ec, ok := cfg.Watchlist("export-controls")
	if !ok {
		t.Fatal(`Watchlist("export-controls") not found`)
	}
	if ec.Schedule != DefaultWatchlistSchedule || ec.MaxItems != DefaultMaxItems || ec.SendEmpty {
		t.Errorf("defaults not applied: schedule %q max_items %d send_empty %v", ec.Schedule, ec.MaxItems, ec.SendEmpty)
	}
	if !reflect.DeepEqual(ec.OfficialHosts, []string{"gov.cn"}) {
		t.Errorf("OfficialHosts = %q, want the default [gov.cn]", ec.OfficialHosts)
	}
	// 08:00 in Shanghai is 00:00 UTC.
	from := time.Date(2025, 8, 28, 0, 30, 0, 0, time.UTC)
	if next := ec.Cron.Next(from); !next.Equal(time.Date(2025, 8, 29, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("next digest after %v = %v, want 2025-08-29 08:00 China time", from, next.UTC())
	}

	dir, smtp, hook := ec.Deliveries[0], ec.Deliveries[1], ec.Deliveries[2]
	if want := filepath.Join("digests"); dir.Path != want || dir.Format != "markdown" {
		t.Errorf("dir delivery: path %q format %q, want %q markdown (relative to the config folder)", dir.Path, dir.Format, want)
	}
	if smtp.Port != 587 || !smtp.StartTLS || smtp.Timeout != 30*time.Second ||
		smtp.CAFile != filepath.Join("testdata", "certs", "smtp.pem") || len(smtp.To) != 2 {
		t.Errorf("smtp delivery defaults: %+v", smtp)
	}
	if hook.Timeout != 5*time.Second || hook.SecretEnv != "ZHWATCH_WEBHOOK_SECRET" {
		t.Errorf("webhook delivery: %+v", hook)
	}

	as, _ := cfg.Watchlist("ascend")
	if !as.SendEmpty || as.MaxItems != 10 || !reflect.DeepEqual(as.OfficialHosts, []string{"mofcom.gov.cn", "www.news.cn"}) {
		t.Errorf("ascend overrides: %+v", as)
	}
	if as.Deliveries[0].Path != "/var/zhwatch/digests" || as.Deliveries[0].Format != "json" {
		t.Errorf("absolute dir path or format changed: %+v", as.Deliveries[0])
	}
	if as.Deliveries[1].StartTLS {
		t.Error("explicit starttls: false became true")
	}
	if next := as.Cron.Next(from); next.Sub(from) != 30*time.Minute {
		t.Errorf("@hourly: next after %v is %v", from, next)
	}
	if _, ok := cfg.Watchlist("nope"); ok {
		t.Error(`Watchlist("nope") found`)
	}
}

func TestNoWatchlists(t *testing.T) {
	cfg, err := Load("testdata/good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Watchlists != nil {
		t.Errorf("Watchlists = %+v, want none", cfg.Watchlists)
	}
}

// LoadWithSecrets lists every unset secret variable with the file's other
// problems, in one error.
func TestLoadWithSecretsListsEveryProblem(t *testing.T) {
	env := func(name string) (string, bool) {
		if name == "ZHWATCH_SMTP_PASSWORD" {
			return "set", true
		}
		return "", false
	}
	if _, err := LoadWithSecrets("testdata/watchlists.yaml", env); err == nil ||
		!strings.Contains(err.Error(), `testdata/watchlists.yaml: watchlists[0] "export-controls": deliveries[2] (webhook): secret_env: environment variable ZHWATCH_WEBHOOK_SECRET is not set`) ||
		strings.Contains(err.Error(), "ZHWATCH_SMTP_PASSWORD") {
		t.Errorf("one secret missing: %v", err)
	}
	if _, err := Load("testdata/watchlists.yaml"); err != nil {
		t.Errorf("Load does not read the environment: %v", err)
	}

	bad := `sources:
  - {name: a, seeds: ["ftp://x.example/"], article_pattern: "("}
watchlists:
  - name: w
    query: 芯片
    schedule: "* *"
    deliveries:
      - {type: webhook, url: "https://h.example/", secret_env: ZHWATCH_WEBHOOK_SECRET}
      - {type: smtp, host: h.example, username: u, password_env: ZHWATCH_SMTP_PASS2, from: a@example.org, to: [b@example.org]}
`
	_, err := parse([]byte(bad), "z.yaml", ".", func(string) (string, bool) { return "", false })
	var n int
	for _, want := range []string{`seeds[0] "ftp://x.example/"`, `article_pattern "("`, `schedule "* *"`,
		"ZHWATCH_WEBHOOK_SECRET is not set", "ZHWATCH_SMTP_PASS2 is not set"} {
		if err != nil && strings.Contains(err.Error(), want) {
			n++
		} else {
			t.Errorf("error %v: want %q among the problems", err, want)
		}
	}
	if n != 5 || !errors.Is(err, zhwatch.ErrInvalid) {
		t.Errorf("found %d of 5 problems; invalid: %v", n, errors.Is(err, zhwatch.ErrInvalid))
	}
}
