#!/usr/bin/env python3
"""Build corpus/data/laws.jsonl: eldercare local regulations from lawrefbook-laws.

Source: a snapshot of GitHub LawRefBook/Laws (see SOURCE.txt in --src). Only the
local regulations under DLC/ (上海 北京 山东 广东 河南 浙江 重庆) are considered.

Selection rule (printed at run time):
  * the title contains one of TITLE_TERMS (养老, 老年, 老龄, 敬老, 长期护理), or
  * the text mentions the eldercare terms in MENTION_PATTERN (养老|老年|老龄|敬老|长期护理)
    at least MIN_MENTIONS (3) times in total.
  When several versions of one title are present, only the newest is kept.
  If the output would exceed MAX_BYTES, the lowest-scoring documents are dropped
  (keeping at least one per province).

Each document: id "law-" + 12 hex digits of SHA-256 of the path relative to --src,
title, body (markdown heading marks stripped, heading text kept as its own paragraph,
front matter and HTML comments dropped, the adoption history lines kept), issuer
(the 人民代表大会(常务委员会) / 人民政府 named in the adoption history, normalized to drop
the 第N届 / 第N次会议 parts), published (date in the file name, else the latest date of
the adoption history), kind policy, source = issuer, tags [], script hans. No url.

Python 3 standard library only.  Usage:
    python3 scripts/build_law_corpus.py [--src DIR] [--out FILE]
"""

import argparse
import csv
import hashlib
import json
import os
import re
import sys
from collections import Counter, OrderedDict

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_SRC = os.path.join(REPO_ROOT, "..", "shared", "data", "corpus", "lawrefbook-laws")
DEFAULT_OUT = os.path.join(REPO_ROOT, "corpus", "data", "laws.jsonl")

PROVINCES = ["上海", "北京", "山东", "广东", "河南", "浙江", "重庆"]
TITLE_TERMS = ["养老", "老年", "老龄", "敬老", "长期护理"]
MENTION_PATTERN = re.compile("养老|老年|老龄|敬老|长期护理")
MIN_MENTIONS = 3
MIN_DOCS = 70
MAX_BYTES = 6 * 1024 * 1024

CN_NUM = "〇零一二三四五六七八九十百千两"
DATE_RE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
# "上海市第十四届人民代表大会常务委员会第二十七次会议通过" and the like.
CONGRESS_RE = re.compile(
    r"([\u4e00-\u9fff]{2,20}?)(?:第[%s\d]+届)?人民代表大会(常务委员会)?" % CN_NUM
)
# "市十四届人大常委会第十九次会议通过" (abbreviated form).
CONGRESS_ABBR_RE = re.compile(r"(省|市|县|区)?(?:第?[%s\d]+届)人大(常委会)?" % CN_NUM)
GOVERNMENT_RE = re.compile(r"([\u4e00-\u9fff]{2,20}?人民政府)(?:第[%s\d]+次常务会议|令)" % CN_NUM)
PLACE_RE = re.compile(r"^(.{1,12}?(?:自治州|自治县|特别行政区|省|市|县|区))")


def sha_hex(text, n):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:n]


def iso(match):
    y, m, d = (int(g) for g in match.groups())
    return "%04d-%02d-%02d" % (y, m, d)


def split_info(text):
    """Returns (info_lines, body_lines, title) of a lawrefbook markdown file."""
    # YAML front matter.
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end != -1:
            text = text[end + 4:]
    if "<!-- INFO END -->" in text:
        head, rest = text.split("<!-- INFO END -->", 1)
    else:
        head, rest = "", text
    strip_comments = lambda s: re.sub(r"<!--.*?-->", "", s, flags=re.S)
    head_lines = [l.strip() for l in strip_comments(head).splitlines() if l.strip()]
    rest_lines = [l.strip() for l in strip_comments(rest).splitlines() if l.strip()]
    title = None
    info = []
    for line in head_lines:
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
            if title is None:
                title = heading
            else:
                info.append(heading)  # subtitle
        else:
            info.append(line)
    if title is None:
        for i, line in enumerate(rest_lines):
            if line.startswith("# "):
                title = line.lstrip("#").strip()
                del rest_lines[i]
                break
    return info, rest_lines, title


def clean_paragraph(line):
    if line.startswith("#"):
        line = line.lstrip("#").strip()
    return line.strip()


def place_of(title):
    m = PLACE_RE.match(title)
    return m.group(1) if m else None


def extract_issuer(info, body_lines, title):
    """The body that adopted the regulation: first '…通过' clause, else first congress named."""
    candidates = [l for l in info if "通过" in l] + info + body_lines[:5]
    for line in candidates:
        clause = line.split("通过")[0] if "通过" in line else line
        m = GOVERNMENT_RE.search(clause)
        if m:
            return m.group(1), "adoption history"
        for m in CONGRESS_RE.finditer(clause):
            prefix = DATE_RE.sub("", m.group(1)).lstrip("于在经由根据、，, ")
            prefix = re.sub(r"^.*?[日》>）)]", "", prefix) or prefix
            if not prefix:
                continue
            return prefix + "人民代表大会" + (m.group(2) or ""), "adoption history"
        m = CONGRESS_ABBR_RE.search(clause)
        if m and place_of(title):
            place = place_of(title)
            return place + "人民代表大会" + ("常务委员会" if m.group(2) else ""), "abbreviated adoption history + title place"
    place = place_of(title)
    if place:
        return place + "人民代表大会常务委员会", "inferred from title (地方性法规, no adoption history)"
    return None, "none"


def extract_published(date_in_filename, info, body_lines):
    dates = [iso(m) for line in info for m in DATE_RE.finditer(line)]
    # Skip 施行 (entry into force) dates when choosing the latest adoption/amendment date.
    adoption = [iso(m) for line in info if not line.rstrip("）)").endswith("施行")
                for m in DATE_RE.finditer(line)]
    if date_in_filename:
        if adoption and date_in_filename < min(adoption):
            return max(adoption), "filename date %s precedes the adoption history; latest history date" % date_in_filename
        return date_in_filename, "filename"
    if adoption:
        return max(adoption), "latest adoption-history date"
    if dates:
        return max(dates), "latest info date"
    # Last resort: the 施行 clause at the end of the text.
    for line in reversed(body_lines[-5:]):
        m = DATE_RE.search(line)
        if m:
            return iso(m), "date in the final article"
    return None, "none"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--src", default=DEFAULT_SRC)
    ap.add_argument("--out", default=DEFAULT_OUT)
    args = ap.parse_args()

    index_path = os.path.join(args.src, "index.csv")
    with open(index_path, encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["path"].startswith("DLC/") and r["province"] in PROVINCES]
    print("index.csv: %d local regulations in %d provinces" % (len(rows), len({r["province"] for r in rows})))
    print("rule: title contains %s, or text mentions /%s/ >= %d times; newest version per title"
          % ("/".join(TITLE_TERMS), MENTION_PATTERN.pattern, MIN_MENTIONS))

    selected = []
    for r in rows:
        path = os.path.join(args.src, r["path"])
        if os.path.basename(path) == "_index.md":
            continue
        with open(path, encoding="utf-8") as f:
            text = f.read()
        info, body_lines, title = split_info(text)
        title = title or r["title"]
        mentions = len(MENTION_PATTERN.findall(text))
        in_title = any(t in title for t in TITLE_TERMS)
        if not (in_title or mentions >= MIN_MENTIONS):
            continue
        paragraphs = [p for p in (clean_paragraph(l) for l in info + body_lines) if p]
        issuer, issuer_how = extract_issuer(info, body_lines, title)
        published, published_how = extract_published(r["date_in_filename"], info, body_lines)
        doc = OrderedDict()
        doc["id"] = "law-" + sha_hex(r["path"], 12)
        doc["title"] = title
        doc["body"] = "\n".join(paragraphs)
        if published:
            doc["published"] = published
        if issuer:
            doc["source"] = issuer
        doc["kind"] = "policy"
        if issuer:
            doc["issuer"] = issuer
        doc["tags"] = []
        doc["script"] = "hans"
        selected.append({
            "doc": doc, "province": r["province"], "path": r["path"],
            "score": (1000 if in_title else 0) + mentions, "mentions": mentions, "in_title": in_title,
            "issuer_how": issuer_how, "published_how": published_how,
        })

    # Newest version per title.
    by_title = {}
    for s in selected:
        key = s["doc"]["title"]
        if key not in by_title or s["doc"].get("published", "") > by_title[key]["doc"].get("published", ""):
            if key in by_title:
                print("  duplicate title, dropping older: %s" % by_title[key]["path"])
            by_title[key] = s
        else:
            print("  duplicate title, dropping older: %s" % s["path"])
    selected = list(by_title.values())

    # Size cap: drop the least eldercare-focused, keeping each province represented.
    selected.sort(key=lambda s: (-s["score"], s["path"]))
    def size(items):
        return sum(len(json.dumps(s["doc"], ensure_ascii=False).encode("utf-8")) + 1 for s in items)
    while size(selected) > MAX_BYTES and len(selected) > MIN_DOCS:
        counts = Counter(s["province"] for s in selected)
        for i in range(len(selected) - 1, -1, -1):
            if counts[selected[i]["province"]] > 1:
                print("  size cap: dropping %s (score %d)" % (selected[i]["path"], selected[i]["score"]))
                del selected[i]
                break
        else:
            break

    selected.sort(key=lambda s: (PROVINCES.index(s["province"]), -s["score"], s["doc"]["title"]))
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        for s in selected:
            f.write(json.dumps(s["doc"], ensure_ascii=False) + "\n")

    for s in selected:
        d = s["doc"]
        print("  %s %s %-40s mentions=%-3d title=%s published=%s (%s) issuer=%s (%s)" % (
            d["id"], s["province"], d["title"], s["mentions"], "Y" if s["in_title"] else "-",
            d.get("published"), s["published_how"], d.get("issuer"), s["issuer_how"]))
    counts = Counter(s["province"] for s in selected)
    print("per province: " + ", ".join("%s %d" % (p, counts[p]) for p in PROVINCES))
    print("total %d documents, %d bytes -> %s" % (len(selected), os.path.getsize(args.out), args.out))
    missing = [p for p in PROVINCES if not counts[p]]
    if len(selected) < MIN_DOCS or missing:
        print("WARNING: fewer than %d documents or provinces missing: %s" % (MIN_DOCS, missing), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
