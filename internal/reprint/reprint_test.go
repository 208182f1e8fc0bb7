package reprint

import (
	"strings"
	"testing"
)

const story = "新华社北京8月26日电 国务院日前印发关于深入实施人工智能+行动的意见，提出到2027年率先实现人工智能与六大重点领域广泛深度融合，新一代智能终端、智能体等应用普及率超过百分之七十。意见强调，要加强算力统筹，推动先进计算与数据资源协同发展。"

func TestReprintsAreSimilarOthersAreNot(t *testing.T) {
	orig, ok := Sign(story)
	if !ok {
		t.Fatal("no signature")
	}
	reprint, _ := Sign("来源：人民网 " + strings.Replace(story, "日前", "近日", 1) + "（责任编辑：张三）")
	other, _ := Sign("本届马拉松将于周日早上七点半鸣枪起跑，三万名跑者将沿江而行，途经多处城市地标，组委会提醒比赛当天部分道路将实行交通管制。")
	if s := Similarity(orig, reprint); s < Threshold {
		t.Errorf("reprint similarity %.2f < %.2f", s, Threshold)
	}
	if s := Similarity(orig, other); s >= 0.2 {
		t.Errorf("unrelated similarity %.2f", s)
	}
	if Similarity(orig, orig) != 1 {
		t.Error("self similarity != 1")
	}
	shared := 0
	ko, kr := BandKeys(orig), BandKeys(reprint)
	for i := range ko {
		if ko[i] == kr[i] {
			shared++
		}
	}
	if shared == 0 {
		t.Error("reprint shares no band with the original: it would never be a candidate")
	}
}

func TestSignatureRoundTripAndEmpty(t *testing.T) {
	sig, _ := Sign(story)
	back, err := Decode(sig.Bytes())
	if err != nil || back != sig {
		t.Errorf("round trip: %v", err)
	}
	if _, err := Decode([]byte{1, 2}); err == nil {
		t.Error("Decode accepted 2 bytes")
	}
	if _, ok := Sign("，。！ \n"); ok {
		t.Error("punctuation-only text got a signature")
	}
}
