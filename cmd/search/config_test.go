package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A config with five problems, two of them unset secret variables, is
// refused with all five listed and exit 2, before anything is opened.
func TestServeReportsEveryConfigProblem(t *testing.T) {
	dir := t.TempDir()
	cfg := `sources:
  - {name: a, seeds: ["ftp://x.example/"], article_pattern: "("}
watchlists:
  - name: w
    query: 芯片
    schedule: "* *"
    deliveries:
      - {type: webhook, url: "https://h.example/", secret_env: ZHWATCH_TEST_UNSET_SECRET}
      - {type: smtp, host: h.example, username: u, password_env: ZHWATCH_TEST_UNSET_PASSWORD, from: a@example.org, to: [b@example.org]}
`
	path := filepath.Join(dir, "zhwatch.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "data")
	_, errOut, code := search(t, data, "serve", "--config", path, "--addr", "127.0.0.1:0")
	want := []string{`seeds[0] "ftp://x.example/"`, `article_pattern "("`, `schedule "* *"`,
		"ZHWATCH_TEST_UNSET_SECRET is not set", "ZHWATCH_TEST_UNSET_PASSWORD is not set"}
	for _, w := range want {
		if !strings.Contains(errOut, w) {
			t.Errorf("stderr lacks %q:\n%s", w, errOut)
		}
	}
	if code != 2 || strings.Count(errOut, path+": ") != len(want) {
		t.Errorf("exit %d, %d problems listed; want exit 2 and %d:\n%s", code, strings.Count(errOut, path+": "), len(want), errOut)
	}
	if _, err := os.Stat(data); err == nil {
		t.Error("the data directory was created for a config that was refused")
	}
}
