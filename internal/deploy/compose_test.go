package deploy

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// docker-compose.yml runs search serve with the config it mounts, the
// crawler with the same one, and checks both services' health.
// (.ci/run validates the file with docker-compose itself.)
func TestComposeServesWithConfig(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(repoRoot(), "docker-compose.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Services map[string]struct {
			Command     []string `yaml:"command"`
			Volumes     []string `yaml:"volumes"`
			Healthcheck struct {
				Test []string `yaml:"test"`
			} `yaml:"healthcheck"`
		} `yaml:"services"`
	}
	if err := yaml.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string][]string{"search": {"search", "serve"}, "crawler": {"crawler", "run"}} {
		s, ok := f.Services[name]
		if !ok {
			t.Errorf("no %s service", name)
			continue
		}
		if !slices.Equal(s.Command[:min(2, len(s.Command))], want) {
			t.Errorf("%s runs %q, want %q first", name, s.Command, want)
		}
		i := slices.Index(s.Command, "--config")
		if i < 0 || i+1 == len(s.Command) {
			t.Errorf("%s runs %q without --config", name, s.Command)
			continue
		}
		mounted := slices.ContainsFunc(s.Volumes, func(v string) bool {
			return strings.Contains(v, ":"+s.Command[i+1]+":") || strings.HasSuffix(v, ":"+s.Command[i+1])
		})
		if !mounted {
			t.Errorf("%s reads %s, which none of its volumes %q mounts", name, s.Command[i+1], s.Volumes)
		}
		if len(s.Healthcheck.Test) == 0 {
			t.Errorf("%s has no healthcheck", name)
		}
	}
	if hc := strings.Join(f.Services["search"].Healthcheck.Test, " "); !strings.Contains(hc, "/healthz") {
		t.Errorf("search's healthcheck %q does not ask /healthz", hc)
	}
}
