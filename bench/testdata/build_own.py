#!/usr/bin/env python3
"""Builds entities-own.jsonl: short texts written for zhwatch (not taken from
any publisher) where the development set is thin (money, lists,
organizations, documents, context), annotated by shared/ENTITIES.md before
the tagger was run on them. Each entity is (surface, type, id) in order of
occurrence; offsets are found in that order. Run: python3 build_own.py > entities-own.jsonl"""
import json, sys

TEXTS = [
 ("own-mofcom-70-tariff", "hans",
  "据新华社报道，商务部公告2025年第70号宣布，对12家美国实体实施出口管制。公告称，相关企业去年对华销售额约为三十五亿美元，占其全球营收的两成。此前，国务院关税税则委员会决定对原产于美国的部分商品加征34%的关税。",
  [("商务部公告2025年第70号", "document", "doc:mofcom-2025-70"), ("美国", "place", "place:us"),
   ("三十五亿美元", "money", "money:usd-3.5e9"), ("两成", "percent", "percent:20"),
   ("国务院关税税则委员会", "government", "gov:cn-tariff-commission"), ("美国", "place", "place:us"),
   ("34%", "percent", "percent:34")]),
 ("own-bis-tw-lists", "hant",
  "美國商務部工業暨安全局週五將8家中國企業列入實體清單，並把另外3家從未經核實清單中移除。台灣經濟部國際貿易署表示，將同步更新「戰略性高科技貨品出口實體管理名單」。台灣半導體產業協會則呼籲業者注意合規風險，違規者最高可處新台幣 500 萬元罰鍰。",
  [("美國商務部工業暨安全局", "government", "gov:us-bis"), ("中國", "place", "place:cn"),
   ("實體清單", "list", "list:us-entity-list"), ("未經核實清單", "list", "list:us-uvl"),
   ("台灣經濟部國際貿易署", "government", "gov:tw-trade-administration"),
   ("戰略性高科技貨品出口實體管理名單", "list", "list:tw-entity-list"),
   ("台灣半導體產業協會", "organization", "org:tsia"), ("新台幣 500 萬元", "money", "money:twd-5e6")]),
 ("own-sophgo-ear", "mixed",
  "According to Reuters, the Commerce Department added Sophgo to the Entity List. 路透社引述知情人士称，算能科技被指向华为供应芯片。美国半导体行业协会（SIA）表示，《出口管理条例》（EAR）的新规将影响美国企业在华营收约 120 亿美元。瓦森纳协定成员国日本和荷兰已跟进，荷兰外贸与发展合作部发布了新的许可要求。",
  [("Commerce Department", "government", "gov:us-doc"), ("Sophgo", "company", "company:sophgo"),
   ("Entity List", "list", "list:us-entity-list"), ("算能科技", "company", "company:sophgo"),
   ("华为", "company", "company:huawei"), ("美国半导体行业协会", "organization", "org:sia"),
   ("SIA", "organization", "org:sia"), ("《出口管理条例》", "document", "doc:us-ear"), ("EAR", "document", "doc:us-ear"),
   ("美国", "place", "place:us"), ("120 亿美元", "money", "money:usd-1.2e10"),
   ("瓦森纳协定", "organization", "org:wassenaar"), ("日本", "place", "place:jp"), ("荷兰", "place", "place:nl"),
   ("荷兰外贸与发展合作部", "government", "gov:nl-foreign-trade")]),
 ("own-mofcom-own-list", "hans",
  "商务部新闻发言人表示，中方注意到美方近期的有关做法。商务部将依据《中华人民共和国出口管制法》和《两用物项出口管制条例》，将相关实体列入出口管制管控名单，本公告所列实体名单见附件。上述措施自公布之日起实施。",
  [("商务部", "government", "gov:cn-mofcom"), ("商务部", "government", "gov:cn-mofcom"),
   ("《中华人民共和国出口管制法》", "document", "doc:cn-export-control-law"),
   ("《两用物项出口管制条例》", "document", "doc:cn-dual-use-regulations"),
   ("出口管制管控名单", "list", "list:cn-control-list"), ("实体名单", "list", "list:cn-control-list")]),
 ("own-meti-equipment", "hant",
  "日本經濟產業省宣布，自下月起對23項半導體製造設備實施出口管制。大陸商務部隨即回應稱堅決反對。業界估計，相關設備約占日本對大陸出口的三成，金額達一千二百億日圓。荷蘭政府則表示，ASML的部分DUV曝光機亦須申請許可。",
  [("日本經濟產業省", "government", "gov:jp-meti"), ("大陸商務部", "government", "gov:cn-mofcom"),
   ("日本", "place", "place:jp"), ("大陸", "place", "place:cn"), ("三成", "percent", "percent:30"),
   ("一千二百億日圓", "money", "money:jpy-1.2e11"), ("荷蘭", "place", "place:nl"),
   ("ASML", "company", "company:asml"), ("DUV曝光機", "technology", "tech:duv")]),
 ("own-chip-share", "hans",
  "英伟达H20芯片在中国市场的份额已由去年的九成半降至五成左右。寒武纪思元590和华为昇腾910C的出货量同比增长15%-20%。阿里巴巴集团旗下平头哥也推出了新款AI芯片。",
  [("英伟达", "company", "company:nvidia"), ("H20", "chip", "chip:h20"), ("中国", "place", "place:cn"),
   ("九成半", "percent", "percent:95"), ("五成", "percent", "percent:50"), ("寒武纪", "company", "company:cambricon"),
   ("思元590", "chip", "chip:mlu590"), ("华为", "company", "company:huawei"), ("昇腾910C", "chip", "chip:ascend-910c"),
   ("15%-20%", "percent", "percent:15-20"), ("阿里巴巴集团", "company", "company:alibaba"),
   ("平头哥", "company", "company:t-head"), ("AI芯片", "technology", "tech:ai-chip")]),
 ("own-rule-nicknames", "hant",
  "BIS於2023年10月17日發布的「1017規則」，是對2022年「1007規則」的更新。依據公告第 12 號，相關晶片須取得許可；香港政府則表示將研究《2025年商業管制（修訂）條例》。",
  [("BIS", "government", "gov:us-bis"), ("1017規則", "document", "doc:us-1017-rule"),
   ("1007規則", "document", "doc:us-1007-rule"), ("公告第 12 號", "document", "doc:notice-12"),
   ("香港", "place", "place:hk"), ("《2025年商業管制（修訂）條例》", "document", "doc:hk-2025-control-amendment")]),
 ("own-associations-parties", "hans",
  "中国半导体行业协会与日本电子信息技术产业协会举行会谈。美国民主党和共和党议员均支持《芯片与科学法案》，国际货币基金组织则警告称全球供应链风险上升。",
  [("中国半导体行业协会", "organization", "org:csia"), ("日本电子信息技术产业协会", "organization", "org:jeita"),
   ("美国民主党", "organization", "org:us-democrats"), ("共和党", "organization", "org:us-republicans"),
   ("《芯片与科学法案》", "document", "doc:us-chips-act"), ("国际货币基金组织", "organization", "org:imf")]),
]

for tid, script, text, ents in TEXTS:
    out, pos = [], 0
    for surface, typ, eid in ents:
        i = text.find(surface, pos)
        if i < 0:
            sys.exit(f"{tid}: {surface!r} not found after {pos}")
        out.append({"id": eid, "type": typ, "text": surface, "start": i, "end": i + len(surface)})
        pos = i + len(surface)
    print(json.dumps({"id": tid, "script": script, "text": text, "entities": out}, ensure_ascii=False))
