package zh

import (
	"os"
	"testing"
)

// seedPath is the traditional-character seed article of the shared workspace;
// tests that read it skip when it is not there (a fresh clone).
const seedPath = "../../../shared/seed/article-export-controls.txt"

func TestDetectScript(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"simplified", "美国商务部宣布限制英伟达向中国出口芯片。", ScriptSimplified},
		{"traditional", "美國商務部宣布限制英偉達向中國出口晶片。", ScriptTraditional},
		// First sentence of the seed article (a traditional reprint).
		{"seed sentence", "最近,美國對華科技打壓又出新招。據美國媒體報道,美國正在考慮收緊人工智能(AI)芯片對華出口管制措施", ScriptTraditional},
		{"mixed halves", "美国商务部宣布限制出口。美國商務部宣布限制出口。", ScriptMixed},
		{"traditional quoting one simplified name", "美國商務部週二宣布，將限制對華出口，並點名華為與英伟达等多家企業。", ScriptTraditional},
		{"shared characters only", "中日人工智能", ScriptSimplified},
		{"台 is not simplified evidence", "台灣", ScriptTraditional},
		{"no han", "NVIDIA H20, 2025-01-01", ScriptNone},
		{"empty", "", ScriptNone},
		{"kana only", "カタカナ", ScriptNone},
		{"invalid utf-8", "\xff\xfe國\xff", ScriptTraditional},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DetectScript(tt.text); got != tt.want {
				t.Errorf("DetectScript(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestDetectScriptSeedArticle(t *testing.T) {
	b, err := os.ReadFile(seedPath)
	if err != nil {
		t.Skipf("seed article not available: %v", err)
	}
	if got := DetectScript(string(b)); got != ScriptTraditional {
		t.Errorf("DetectScript(seed) = %q, want %q", got, ScriptTraditional)
	}
	if got := DetectScript(ToSimplified(string(b))); got != ScriptSimplified {
		t.Errorf("DetectScript(ToSimplified(seed)) = %q, want %q", got, ScriptSimplified)
	}
}
