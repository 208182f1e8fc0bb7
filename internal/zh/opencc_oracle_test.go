package zh

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestToSimplifiedAgreesWithOpenCC compares ToSimplified with the OpenCC
// command-line tool's t2s (Debian's opencc 1.1.6 is the reference) on every
// line of the SIGHAN 2005 traditional test sets, apart from the protected
// terms. It runs when ZHWATCH_OPENCC names the opencc program and
// ZHWATCH_SEG_EVAL the eval/seg directory.
func TestToSimplifiedAgreesWithOpenCC(t *testing.T) {
	bin, evalDir := os.Getenv("ZHWATCH_OPENCC"), os.Getenv("ZHWATCH_SEG_EVAL")
	if bin == "" || evalDir == "" {
		t.Skip("set ZHWATCH_OPENCC (the opencc program) and ZHWATCH_SEG_EVAL (…/eval/seg) to compare with OpenCC")
	}
	for _, set := range []string{"as", "cityu"} {
		path := filepath.Join(evalDir, "testing", set+"_test.utf8")
		lines := readLines(t, path)
		cmd := exec.Command(bin, "-c", "t2s")
		cmd.Stdin = strings.NewReader(strings.Join(lines, "\n") + "\n")
		var out bytes.Buffer
		cmd.Stdout = &out
		if err := cmd.Run(); err != nil {
			t.Fatalf("%s -c t2s: %v", bin, err)
		}
		want := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
		if len(want) != len(lines) {
			t.Fatalf("%s: opencc gave %d lines for %d", set, len(want), len(lines))
		}
		differ, protected := 0, 0
		for i, line := range lines {
			got := ToSimplified(line)
			if got == want[i] {
				continue
			}
			if len(t2s().protected.find([]byte(line))) > 0 {
				protected++
				continue
			}
			differ++
			if differ <= 10 {
				t.Errorf("%s line %d:\n in   %s\n got  %s\n want %s", set, i+1, line, got, want[i])
			}
		}
		t.Logf("%s: %d lines, %d differ, %d differ only where protected terms are", set, len(lines), differ, protected)
		if differ > 0 {
			t.Errorf("%s: %d of %d lines differ from opencc t2s", set, differ, len(lines))
		}
	}
}
