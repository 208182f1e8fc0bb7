package entity

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// TestCatalogAgainstSources checks the catalog against the public tables in
// shared/catalog-sources (they are reference data and stay there): the chip
// models of the US chip-control tracker must resolve to chip entries, and the
// mainland, Taiwan and Hong Kong names Chinese Wikipedia gives for a thing the
// catalog has must resolve to that same entry. Set ZHWATCH_CATALOG_SOURCES to
// the catalog-sources directory to run it.
func TestCatalogAgainstSources(t *testing.T) {
	dir := os.Getenv("ZHWATCH_CATALOG_SOURCES")
	if dir == "" {
		t.Skip("set ZHWATCH_CATALOG_SOURCES to shared/catalog-sources to check the catalog against it")
	}
	c := catalog(t)
	t.Run("chip-export-controls", func(t *testing.T) { checkChipTracker(t, c, dir) })
	t.Run("zh-wikipedia-cgroups", func(t *testing.T) { checkCGroups(t, c, dir) })
	t.Run("ammitto-data-cn", func(t *testing.T) { checkAmmitto(t, c, dir) })
}

// checkAmmitto tags the PRC issuing bodies and laws of ammitto-data-cn (names
// as MOFCOM prints them) in running text: each must come out as one
// government or document span over the whole name, by a catalog name or by
// composition (中华人民共和国 + 国家安全法).
func checkAmmitto(t *testing.T, c *Catalog, dir string) {
	base := filepath.Join(dir, "lists/ammitto-data-cn/sources")
	var orgs struct {
		Organizations []struct {
			Name map[string]string `yaml:"name"`
		} `yaml:"organizations"`
	}
	b, err := os.ReadFile(filepath.Join(base, "supporting/organizations.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, &orgs); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, o := range orgs.Organizations {
		names = append(names, o.Name["zh-Hans"])
	}
	laws, _ := filepath.Glob(filepath.Join(base, "legal-instruments/*.yml"))
	lawTitle := regexp.MustCompile(`(?m)^\s*-?\s*zh-Hans:\s*(\S+)`)
	for _, f := range laws {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if m := lawTitle.FindSubmatch(b); m != nil {
			names = append(names, string(m[1]))
		}
	}
	if len(names) < 10 {
		t.Fatalf("read %d names from %s", len(names), base)
	}
	for _, name := range names {
		text := "根据" + name + "的规定"
		want := utf8.RuneCountInString(name)
		ok := false
		for _, tg := range c.Tag(text) {
			if tg.Start == 2 && tg.End == 2+want && (tg.Type == TypeGovernment || tg.Type == TypeDocument) {
				ok = true
			}
		}
		if !ok {
			t.Errorf("ammitto %q: %v", name, c.Tag(text))
		}
	}
}

// trackerSuffix is the form-factor part of the tracker's names.
var trackerSuffix = regexp.MustCompile(`\s+(PCIe|SXM|NVL|\(estimate\))+.*$`)

func checkChipTracker(t *testing.T, c *Catalog, dir string) {
	b, err := os.ReadFile(filepath.Join(dir, "chips/chip-export-controls/chipData.json"))
	if err != nil {
		t.Fatal(err)
	}
	var chips []struct{ Name string }
	if err := json.Unmarshal(b, &chips); err != nil {
		t.Fatal(err)
	}
	for _, ch := range chips {
		model := trackerSuffix.ReplaceAllString(ch.Name, "")
		model = strings.TrimPrefix(strings.TrimPrefix(model, "NVIDIA "), "AMD ")
		switch model {
		case "Groq LP30", "Rubin": // a product not sold yet; Rubin is an architecture (tech:rubin)
			continue
		}
		ids := c.Resolve(model)
		if len(ids) != 1 || !strings.HasPrefix(ids[0], "chip:") {
			t.Errorf("tracker chip %q (%s): resolves to %v, want one chip entry", ch.Name, model, ids)
		}
	}
}

// cgroupVariant reads "zh-cn:英伟达; zh-tw:輝達;" rules (two-way ones only).
var cgroupVariant = regexp.MustCompile(`(zh-(?:cn|tw|hk|hans|hant)):([^;=>]+);`)

func checkCGroups(t *testing.T, c *Catalog, dir string) {
	files, err := filepath.Glob(filepath.Join(dir, "names/zh-wikipedia-cgroups/*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no cgroup files in %s (%v)", dir, err)
	}
	checked := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var g struct {
			Rules []struct {
				Original *string
				Conv     string
			}
		}
		if err := json.Unmarshal(b, &g); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, r := range g.Rules {
			if strings.Contains(r.Conv, "=>") {
				continue
			}
			// The entry the rule is about: the first variant the catalog knows.
			var variants []string
			id := ""
			for _, m := range cgroupVariant.FindAllStringSubmatch(r.Conv, -1) {
				v := strings.TrimSpace(m[2])
				variants = append(variants, v)
				if ids := c.Resolve(v); id == "" && len(ids) == 1 {
					id = ids[0]
				}
			}
			if id == "" || strings.HasPrefix(id, "place:") && len(variants) < 2 {
				continue
			}
			checked++
			for _, v := range variants {
				ids := c.Resolve(v)
				switch {
				case len(ids) == 0:
					t.Logf("%s: %s names %s, which the catalog does not list (%s)", filepath.Base(f), v, id, r.Conv)
				case ids[0] != id:
					t.Errorf("%s: %s is %v in the catalog but %s by %q", filepath.Base(f), v, ids, id, r.Conv)
				}
			}
		}
	}
	t.Logf("%d cgroup rules name a catalog entry", checked)
}
