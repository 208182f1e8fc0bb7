package zh

import "testing"

func TestFindDocNumbers(t *testing.T) {
	tests := []struct {
		text  string
		found []string // text[Start:End] of each
		canon []string
	}{
		{"8月26日國發〔2025〕11號頒布了", []string{"國發〔2025〕11號"}, []string{"國發〔2025〕11号"}},
		{"国务院印发国发[2025]11号文件", []string{"国发[2025]11号"}, []string{"国发〔2025〕11号"}},
		{"见国办发（2024）７号和工信部联科【2023】010号。", []string{"国办发（2024）７号", "工信部联科【2023】010号"},
			[]string{"国办发〔2024〕7号", "工信部联科〔2023〕10号"}},
		{"根据商务部公告2024年第51号，", []string{"商务部公告2024年第51号"}, []string{"商务部公告2024年第51号"}},
		{"海关总署公告２０２３年第２３号", []string{"海关总署公告２０２３年第２３号"}, []string{"海关总署公告2023年第23号"}},
		{"工业和信息化部公告2024年第1号", []string{"工业和信息化部公告2024年第1号"}, []string{"工业和信息化部公告2024年第1号"}},
		{"依据国务院令第732号", []string{"国务院令第732号"}, []string{"国务院令第732号"}},
		{"商务部令2024年第1号", []string{"商务部令2024年第1号"}, []string{"商务部令2024年第1号"}},
		// Not document numbers.
		{"第3号选手", nil, nil},
		{"〔2025〕11号", nil, nil}, // no issuer
		{"2024年第51号", nil, nil},
		{"国发〔20〕11号", nil, nil},
		{"号號〔〕", nil, nil},
		{"", nil, nil},
	}
	for _, tt := range tests {
		got := FindDocNumbers(tt.text)
		if len(got) != len(tt.found) {
			t.Errorf("FindDocNumbers(%q) = %+v, want %q", tt.text, got, tt.found)
			continue
		}
		for i, d := range got {
			if s := tt.text[d.Start:d.End]; s != tt.found[i] {
				t.Errorf("FindDocNumbers(%q)[%d] = %q, want %q", tt.text, i, s, tt.found[i])
			}
			if c := d.Canonical(); c != tt.canon[i] {
				t.Errorf("FindDocNumbers(%q)[%d].Canonical() = %q, want %q", tt.text, i, c, tt.canon[i])
			}
		}
	}
}

func TestDocNumberParts(t *testing.T) {
	d := FindDocNumbers("国发〔2025〕011号")
	if len(d) != 1 || d[0].Issuer != "国发" || d[0].Year != "2025" || d[0].Serial != "11" {
		t.Fatalf("got %+v", d)
	}
}

func FuzzFindDocNumbers(f *testing.F) {
	f.Add("国发〔2025〕11号商务部公告2024年第51号")
	f.Add("令第号〔〕年第\xff号")
	f.Fuzz(func(t *testing.T, s string) {
		prev := 0
		for _, d := range FindDocNumbers(s) {
			if d.Start < prev || d.End <= d.Start || d.End > len(s) {
				t.Fatalf("bad span %+v in %q", d, s)
			}
			prev = d.End
		}
	})
}
