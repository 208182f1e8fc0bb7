package deploy

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// docker-compose.scaled.yml: PostgreSQL from the official image with a
// volume and a healthcheck; crawler and search wait for it, read the
// password from the environment (never a literal), and keep no volume of
// their own, so both scale with --scale.
func TestScaledComposeSharesPostgres(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(repoRoot(), "docker-compose.scaled.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Services map[string]struct {
			Image       string            `yaml:"image"`
			Command     []string          `yaml:"command"`
			Environment map[string]string `yaml:"environment"`
			Volumes     []string          `yaml:"volumes"`
			Ports       []string          `yaml:"ports"`
			DependsOn   map[string]struct {
				Condition string `yaml:"condition"`
			} `yaml:"depends_on"`
			Healthcheck struct {
				Test []string `yaml:"test"`
			} `yaml:"healthcheck"`
		} `yaml:"services"`
		Volumes map[string]any `yaml:"volumes"`
	}
	if err := yaml.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	pg, ok := f.Services["postgres"]
	if !ok || !strings.HasPrefix(pg.Image, "postgres:") || len(pg.Healthcheck.Test) == 0 {
		t.Fatalf("postgres service %+v: want the official image with a healthcheck", pg)
	}
	if !slices.ContainsFunc(pg.Volumes, func(v string) bool { return strings.HasSuffix(v, ":/var/lib/postgresql/data") }) {
		t.Errorf("postgres keeps its data in no volume: %q", pg.Volumes)
	}
	for name, s := range f.Services {
		for k, v := range s.Environment {
			if strings.Contains(strings.ToUpper(k), "PASSWORD") && !strings.HasPrefix(v, "${") {
				t.Errorf("%s: %s is a literal; want it from the environment", name, k)
			}
		}
	}
	for _, name := range []string{"crawler", "search"} {
		s := f.Services[name]
		if s.DependsOn["postgres"].Condition != "service_healthy" {
			t.Errorf("%s does not wait for a healthy postgres: %+v", name, s.DependsOn)
		}
		if s.Environment["PGPASSWORD"] == "" {
			t.Errorf("%s has no PGPASSWORD", name)
		}
		for _, v := range s.Volumes {
			if !strings.HasSuffix(v, ":ro") {
				t.Errorf("%s mounts %s: a scaled service must keep no shared state but the store", name, v)
			}
		}
		if len(s.Healthcheck.Test) == 0 {
			t.Errorf("%s has no healthcheck", name)
		}
	}
	if p := f.Services["search"].Ports; len(p) != 1 || !strings.Contains(p[0], "-") {
		t.Errorf("search ports %q: want a range, one port per replica", p)
	}
}
