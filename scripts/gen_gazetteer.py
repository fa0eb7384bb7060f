#!/usr/bin/env python3
"""Generates corpus/dict/gazetteer.tsv, the region tagger's table of administrative divisions.

Run from the repository root (Python 3, standard library only):

    python3 scripts/gen_gazetteer.py [--data ../shared/data] [--out corpus/dict/gazetteer.tsv]

Sources (see corpus/dict/SOURCE.md for versions and licences):
- gazetteer/areacodes-history/result.csv: every county-level-and-above code 1981-2024, with status and
  successor codes. Rows "在用" (in use) are the current divisions; "弃用"/"变更" rows give former names.
- gazetteer/jionlp/china_location_county_level.txt: short names (江苏, 广西, 苏州, 浑南) by code.
- dicts/jieba/dict.txt: part-of-speech tags, used only to keep county short names that jieba does not
  know as an ordinary word (和平 nz, 开放 v, 延长 v, 资源 n are dropped; 浑南 is kept).

Output rows (tab-separated, `#` lines are comments):
    D  code  level  parent  name  shorts     a current division; level p|c|k, shorts comma-separated
    F  name  code                             a former name and the code of its current successor
"""

import argparse
import csv
import os
import re
import sys
from collections import defaultdict

# Short names of prefectures that are ordinary words or names of other things (长治久安, 世界大同,
# 幸福安康, 日照 sunshine, 来宾 guest, 北海公园, 中山路, 普洱茶, 大理石, 朝阳产业, 四平八稳, 平安顺利,
# 海西 economic zone in Fujian, 河源 river source, 巴中关系 Pakistan-China, ...). They still match with their suffix (长治市).
PREFECTURE_SHORTS_UNSAFE = {
    "长治", "大同", "安康", "日照", "来宾", "白银", "北海", "中山", "普洱", "大理", "包头", "红河",
    "文山", "山南", "海东", "海西", "海北", "和田", "玉树", "朝阳", "四平", "安顺", "河源", "怒江",
    "中卫", "白山", "兴安", "兴安盟", "黄山", "巴州", "克州", "阿里", "通化", "黑河", "吉林市",
    "省直辖", "海南州", "巴中",
}

# County short names that are ordinary words although jieba tags them as places or does not know them.
COUNTY_SHORTS_UNSAFE = {
    "长安", "太平", "新华", "城关", "永安", "江北", "江南", "河东", "河西", "城中", "城东", "城西",
    "城南", "城北", "东城", "西城", "南山", "北山", "青山", "白云", "新城", "开发", "高新", "经开",
    "向阳", "红旗", "建设", "解放", "人民", "和平", "平安", "东风", "前进", "胜利", "光明", "新兴",
    "永定", "龙华", "中原", "二七", "金水", "惠济", "上街", "新市", "市中", "郊区", "城区", "矿区",
    "东区", "西区", "宝山", "普陀", "西湖", "鼓楼", "铁西", "铁东", "通州", "海州", "西安", "南沙",
    "大兴", "怀柔", "安定", "延长", "资源", "开放", "民权", "民和", "乐业", "安福", "富民", "宁安",
    "安宁", "长寿", "永和", "和顺", "安乡", "吉利", "大方", "石林", "五常", "团风", "公安", "红安",
    "正安", "安远", "泰来", "顺平", "长顺", "合作", "同心", "大安", "临江", "西丰", "万全", "宜君",
    "兴业", "福山", "大洼", "乐平", "阳光", "凤凰", "黄河", "长江", "太湖", "东山", "西山", "金山",
    "沙河", "清河", "新河", "东海", "南海", "海城", "江城", "山城", "兴化", "文化", "科尔沁", "民和", "天山",
}

# Former names that are generic (城区 was in many cities) or too short to match safely.
FORMER_NAMES_SKIPPED = {"郊区", "城区", "矿区", "市辖区", "县", "市区"}

LEVELS = {"省级": "p", "地级": "c", "县级": "k"}


def read_areacodes(path):
    with open(path, encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


def read_jionlp_shorts(path):
    """Returns code -> list of short names (jionlp writes alternatives as 克州/克孜勒苏)."""
    shorts = {}
    with open(path, encoding="utf-8") as file:
        for line in file:
            fields = line.strip("\n").lstrip("\t").split("\t")
            if len(fields) < 3 or not fields[1].isdigit():
                continue
            name, code, short = fields[0], fields[1], fields[2]
            alternatives = [s for s in short.split("/") if s and s != name]
            shorts.setdefault(code, alternatives)
    return shorts


def read_jieba_tags(path):
    """Returns word -> part-of-speech tag from jieba's dictionary."""
    tags = {}
    if not os.path.exists(path):
        return tags
    with open(path, encoding="utf-8") as file:
        for line in file:
            fields = line.split()
            if len(fields) == 3:
                tags[fields[0]] = fields[2]
    return tags


def successor_codes(field):
    """Parses the 新代码 column: `a;b[2001];c`; codes without a year are the abolition-time successors."""
    at_end, with_year = [], []
    for part in field.split(";"):
        part = part.strip()
        if not part:
            continue
        match = re.match(r"^(\d{6})(\[\d{4}\])?$", part)
        if not match:
            continue
        (with_year if match.group(2) else at_end).append(match.group(1))
    return at_end or with_year


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=os.path.join("..", "shared", "data"))
    parser.add_argument("--out", default=os.path.join("corpus", "dict", "gazetteer.tsv"))
    args = parser.parse_args()

    rows = read_areacodes(os.path.join(args.data, "gazetteer", "areacodes-history", "result.csv"))
    jionlp = read_jionlp_shorts(os.path.join(args.data, "gazetteer", "jionlp", "china_location_county_level.txt"))
    jieba = read_jieba_tags(os.path.join(args.data, "dicts", "jieba", "dict.txt"))

    # Current divisions.
    current = {}
    for row in rows:
        if row["状态"] == "在用":
            current[row["代码"]] = {"name": row["名称"], "level": LEVELS[row["级别"]], "second": row["二级行政区"]}
    for code, division in current.items():
        province = code[:2] + "0000"
        prefecture = code[:4] + "00"
        if division["level"] == "p":
            division["parent"] = ""
        elif division["level"] == "c":
            division["parent"] = province
        else:
            in_prefecture = prefecture in current and current[prefecture]["level"] == "c"
            division["parent"] = prefecture if in_prefecture else province

    # Every full name in use, to keep short and former names from shadowing a real division.
    full_names = defaultdict(set)
    for code, division in current.items():
        full_names[division["name"]].add(code)

    # Short names.
    def candidate_shorts(code, division):
        shorts = list(jionlp.get(code, []))
        if not shorts:
            # Divisions newer than jionlp's data: strip the generic suffix.
            name = division["name"]
            for suffix in ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市", "区", "县"):
                if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                    shorts = [name[: -len(suffix)]]
                    break
        return [s for s in shorts if s != division["name"] and len(s) >= 2]

    province_shorts = set()
    for code, division in current.items():
        if division["level"] == "p":
            division["shorts"] = candidate_shorts(code, division)
            province_shorts.update(division["shorts"])

    all_shorts = defaultdict(set)
    for code, division in current.items():
        if division["level"] != "p":
            for short in candidate_shorts(code, division):
                all_shorts[short].add(code)

    for code, division in current.items():
        if division["level"] == "p":
            continue
        kept = []
        for short in candidate_shorts(code, division):
            shadowed = short in province_shorts or short in full_names
            if division["level"] == "c":
                if shadowed or short in PREFECTURE_SHORTS_UNSAFE:
                    continue
                # Two prefectures sharing a short name: both keep it (resolved by context).
                kept.append(short)
            else:
                unique = all_shorts[short] == {code}
                ordinary_word = short in jieba and jieba[short] != "ns"
                if shadowed or not unique or ordinary_word or short in COUNTY_SHORTS_UNSAFE:
                    continue
                kept.append(short)
        division["shorts"] = kept

    # Former names mapped to the current successor.
    def resolve(code, seen):
        if code in current:
            return {code}
        if code in seen:
            return set()
        seen.add(code)
        finals = set()
        for row in by_code.get(code, []):
            for successor in successor_codes(row["新代码"]):
                finals |= resolve(successor, seen)
        if not finals:
            # An abolished prefecture without a successor list (莱芜市 → 济南市): follow its counties.
            children = [r for r in rows if r["代码"] != code and r["代码"][:4] == code[:4] and code.endswith("00")
                        and r["状态"] != "在用" and r["级别"] == "县级"]
            for child in children:
                for successor in successor_codes(child["新代码"]):
                    finals |= resolve(successor, seen)
        return finals

    by_code = defaultdict(list)
    for row in rows:
        by_code[row["代码"]].append(row)

    def common_ancestor(codes):
        codes = sorted(codes)
        if not codes:
            return None
        if len(codes) == 1:
            return codes[0]
        prefectures = {c[:4] + "00" for c in codes}
        if len(prefectures) == 1:
            prefecture = prefectures.pop()
            if prefecture in current:
                return prefecture
        provinces = {c[:2] + "0000" for c in codes}
        if len(provinces) == 1:
            return provinces.pop()
        return None

    former = defaultdict(set)
    for row in rows:
        if row["状态"] == "在用":
            continue
        name = row["名称"]
        if name in full_names or name in FORMER_NAMES_SKIPPED or len(name) <= 2:
            continue
        if row["状态"] == "变更" and row["代码"] in current:
            successor = row["代码"]
        else:
            successor = common_ancestor(resolve(row["代码"], set()))
        if successor is None or successor not in current:
            continue
        if current[successor]["name"] == name:
            continue
        former[name].add(successor)

    os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="\n") as out:
        out.write("# Administrative divisions of China, generated by scripts/gen_gazetteer.py: do not edit.\n")
        out.write("# Sources and licences: corpus/dict/SOURCE.md.\n")
        out.write("# D\tcode\tlevel(p|c|k)\tparent\tname\tshorts\n")
        out.write("# F\tformer name\tsuccessor code\n")
        for code in sorted(current):
            division = current[code]
            out.write("D\t%s\t%s\t%s\t%s\t%s\n" % (code, division["level"], division["parent"], division["name"],
                                                   ",".join(division["shorts"])))
        for name in sorted(former):
            for successor in sorted(former[name]):
                out.write("F\t%s\t%s\n" % (name, successor))
    counts = defaultdict(int)
    for division in current.values():
        counts[division["level"]] += 1
    print("wrote %s: %d provinces, %d prefectures, %d counties, %d former names" % (
        args.out, counts["p"], counts["c"], counts["k"], len(former)), file=sys.stderr)


if __name__ == "__main__":
    main()
