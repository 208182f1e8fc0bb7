package zh

import "testing"

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ＮＶＩＤＩＡ　Ｈ２０", "nvidia h20"},
		{"iPhone15 与 A800", "iphone15 与 a800"},
		{"（ＡＩ）＋", "(ai)+"},
		{"ÉLYSÉE", "élysée"},
		{"英伟达", "英伟达"},
		{"plain ascii", "plain ascii"},
		{"A\xffB", "a\xffb"},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"英偉達Ａ８００晶片", "英伟达a800晶片"},
		{"英伟达A800", "英伟达a800"},
		{"華為昇騰９１０Ｂ", "华为昇腾910b"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
