#!/usr/bin/env python3
"""Build corpus/data/seeds.jsonl from the pages saved from the web in ../shared/seeds/*.txt.

Each seed file is named NNN_<hash>.txt; the hash part becomes the document id.  The
extraction is generic and rule-based; everything it does is printed:

  1. Metadata is read from every line of the page (labels may carry pinyin annotations
     such as 時(shí)間 on some pages, which the label patterns tolerate):
       published  发布时间 / 時間 / 日期 : YYYY-MM-DD or YYYY/MM/DD [HH:MM[:SS]]
                  (not 更新时间 / 修改时间: an update stamp is not the publish date)
       source     来源 / 來源 : X, the dateline "XX网讯:", the breadcrumb "…首页 > X > 正文",
                  or the footer "本站由 X 主办"
       author     作者 : X          editor  "(…编辑 X)" at the end of a paragraph
       title      本文标题 : X (used when the page has no heading line)
       tags       本文标签 / 关键词 : a,b,c
       original_url  本文出处 / 原文链接 / 转载自 : URL
       url        如若转载，请注明出处 : URL (the page's own address)
  2. The article ends at the first END_MARKERS line (相关推荐, 热点推荐, 本文标签, 如若转载,
     打印此页, …): everything from there on is dropped.
  3. Lines matching NOISE_PATTERNS (breadcrumbs, share counters, 字体显示, the 时间/来源/作者
     line, site banners) are dropped.
  4. The heading is the first remaining short line without sentence-final punctuation;
     else 本文标题; else the first sentence of the text (reported as derived).
  5. A run of mis-decoded text (a "?" or U+FFFD followed by symbol soup and/or a stray HTML
     tag up to the end of the paragraph) is cut out, and the document gets flags ["garbled"].
  6. Traditional-script pages (script hant) are detected by character statistics; pinyin
     annotations such as the (qū) of 區(qū) are stripped everywhere (in title and body only
     right after a Han character, in lower case, so that "(APP)" stays), as the extractor does.

PER_SEED holds the few hand-set values for these bundled pages (kind, notes).

Python 3 standard library only.  Usage:
    python3 scripts/build_seed_corpus.py [--seeds DIR] [--out FILE]
"""

import argparse
import glob
import json
import os
import re
import sys
from collections import OrderedDict

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_SEEDS = os.path.join(REPO_ROOT, "..", "shared", "seeds")
DEFAULT_OUT = os.path.join(REPO_ROOT, "corpus", "data", "seeds.jsonl")

# A pinyin annotation after a character, e.g. the "(qū)" in 區(qū).
ANNOTATION = r"\([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüê]+\)"
ANNOTATION_RE = re.compile(ANNOTATION)


def label(*words):
    """Regex for any of the label words, each character optionally followed by an annotation."""
    alts = ["".join(re.escape(ch) + "(?:%s)?" % ANNOTATION for ch in w) for w in words]
    return "(?:%s)" % "|".join(alts)


# In running text: only a lower-case annotation right after a Han character.
TEXT_ANNOTATION_RE = re.compile(r"(?<=[\u4e00-\u9fff])\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüê]+\)")


def plain_text(text):
    return TEXT_ANNOTATION_RE.sub("", text)


def plain(text):
    return ANNOTATION_RE.sub("", text)


COLON = r"\s*[:：]\s*"
DATE_RE = re.compile(
    r"(?<![新改])" + label("发布时间", "發布時間", "發佈時間", "发布日期", "發布日期", "时间", "時間", "日期") + COLON
    + r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")
SOURCE_RE = re.compile(label("来源", "來源") + r"\s*[:：]([^\s:：]*)(?=\s|$)")
AUTHOR_RE = re.compile(label("作者") + r"\s*[:：]([^\s:：]+)")
TITLE_RE = re.compile(r"^" + label("本文标题", "本文標題") + COLON + r"(.+)$")
TAGS_RE = re.compile(r"^" + label("本文标签", "本文標簽", "本文標籤", "关键词", "關鍵詞") + COLON + r"(.+)$")
ORIGINAL_RE = re.compile(label("本文出处", "本文出處", "原文链接", "原文鏈接", "转载自", "轉載自") + COLON
                         + r"(https?://\S+)")
OWN_URL_RE = re.compile(label("如若转载", "如若轉載") + r".{0,20}?" + label("出处", "出處") + COLON
                        + r"(https?://\S+)")
DATELINE_RE = re.compile(r"^([\u4e00-\u9fff]{2,8}?[网網](?:%s)?)[讯訊](?:%s)?[:：]" % (ANNOTATION, ANNOTATION))
BREADCRUMB_SOURCE_RE = re.compile(r"^\S*首页\s*>\s*(\S+)\s*>\s*正文$")
HOSTED_BY_RE = re.compile(r"本站由(\S+?)主办")
EDITOR_RE = re.compile(r"[（(][^（）()]*?" + label("编辑", "編輯") + r"([^（）()\s]{2,4})[）)]$")

# The article ends at the first line matching one of these (matched on the annotation-free text).
END_MARKERS = [
    r"^相关推荐$", r"^热点推荐$", r"^相关新闻", r"^相關新聞", r"^相关阅读", r"^相關閱讀",
    r"^本文[标標][签簽籤][:：]", r"^本文[标標]题[:：]", r"^本文標題[:：]", r"^本文出[处處][:：]",
    r"^如若[转轉][载載]", r"^更新[时時][间間][:：]", r"打印此页】", r"^本站[声聲]明[:：]",
    r"^责任编辑[:：]", r"^分享到", r"^无障碍浏览",
]
# Lines dropped wherever they are (matched on the annotation-free text).
NOISE_PATTERNS = [
    (r"^\S*首页\s*(>|>>|›|/)\s*\S.*", "breadcrumb"),
    (r"^当前位置[:：]", "breadcrumb"),
    (r"^\d+$", "share counter"),
    (r"^分享至$", "share bar"),
    (r"^欢迎访问.*(网站|首页)", "site banner"),
    (r"收藏本站\s*\|\s*设为首页", "site banner"),
    (r"字体显示[:：]?", "字体显示 line"),
    (r"^(发布时间|發布時間|發佈時間|发布日期|时间|時間|日期)[:：]", "时间/来源/作者 line"),
    (r"^(来源|來源|作者)[:：]", "时间/来源/作者 line"),
    (r"^(PRODUCT|NEWS|首页|返回顶部|返回頂部)$", "site chrome"),
]
END_RES = [re.compile(p) for p in END_MARKERS]
NOISE_RES = [(re.compile(p), why) for p, why in NOISE_PATTERNS]

# Mis-decoded text: "?" or U+FFFD, then up to the end of the paragraph, containing symbol soup
# (≈ ⌒ ！ ？ …) or a stray HTML tag.
GARBLED_RE = re.compile(r"[?\ufffd][^\n]{0,80}$")
GARBLED_SYMBOLS = set("≈⌒！？¤§¨°±×÷‖〃∶∵∴√∞≠≡≤≥⊙♀♂※\ufffd?")
HTML_TAG_RE = re.compile(r"</?[a-zA-Z]+\s*/?>")

SENTENCE_END = "。！？!?；;”」"

# Characters that differ between the scripts (traditional, simplified pairs), for detection.
_T = "區會們這個為與對從來時說發當經過還長開關問題學國實現體點機將變種務見應營養歲齡護勞醫療"
_S = "区会们这个为与对从来时说发当经过还长开关问题学国实现体点机将变种务见应营养岁龄护劳医疗"
HANT_ONLY = set(_T)
HANS_ONLY = set(_S)

PER_SEED = {
    # Hand-set values for the five bundled pages (everything else is extracted by the rules).
    "c8999f781288d0a9": {"kind": "news"},  # 网易辽宁 report on 阜新市人大常委会
    "4d9d4375851177ba": {"kind": "news"},  # reposted report, no heading: title derived
    "2a46f93215c84e84": {"kind": "news"},  # 晋城市卫健委 site, reprint of a feature on 民政 实事
    "902d9cbfd914e360": {"kind": "news"},  # 平顶山 meeting report on a content-farm site
    "0c3ad3204508454a": {"kind": "news"},  # 天津北方网 report reposted on a content-farm site
}


def detect_script(text):
    hant = sum(1 for ch in text if ch in HANT_ONLY)
    hans = sum(1 for ch in text if ch in HANS_ONLY)
    return "hant" if hant > hans else "hans"


def is_heading(line):
    return 4 <= len(line) <= 60 and line[-1] not in SENTENCE_END and not line.endswith("：")


def extract(path, log):
    stem = os.path.splitext(os.path.basename(path))[0]
    doc_id = stem.split("_", 1)[1] if "_" in stem else stem
    with open(path, encoding="utf-8") as f:
        raw = f.read()
    lines = [l.strip() for l in raw.replace("\r\n", "\n").split("\n")]
    meta = {}

    # 1. Metadata from every line.
    for line in lines:
        p = plain(line)
        if "published" not in meta:
            m = DATE_RE.search(line)
            if m:
                y, mo, d, hh, mm, ss = m.groups()
                value = "%s-%02d-%02d" % (y, int(mo), int(d))
                if hh:
                    value += "T%02d:%s:%s" % (int(hh), mm, ss or "00")
                meta["published"] = value
                log("published %s  <- %r" % (value, line[:60]))
        for key, rx, group in (("source", SOURCE_RE, 1), ("author", AUTHOR_RE, 1)):
            m = rx.search(line)
            if m and key not in meta:
                if m.group(group) and not re.match(label("作者", "来源", "來源"), m.group(group)):
                    meta[key] = plain(m.group(group))
                    log("%s %s  <- %r" % (key, meta[key], line[:60]))
                else:
                    log("%s: label present but empty  <- %r" % (key, line[:60]))
        m = TITLE_RE.search(line)
        if m and "stated_title" not in meta:
            meta["stated_title"] = m.group(1).strip()
        m = TAGS_RE.search(line)
        if m and "tags" not in meta:
            meta["tags"] = [plain(t).strip() for t in re.split(r"[,，、;；\s]+", m.group(1)) if t.strip()]
            log("tags %s  <- %r (annotations stripped)" % (meta["tags"], line[:40]))
        m = ORIGINAL_RE.search(line)
        if m and "original_url" not in meta:
            meta["original_url"] = m.group(1).rstrip("。，,")
            log("original_url %s" % meta["original_url"])
        m = OWN_URL_RE.search(line)
        if m and "url" not in meta:
            meta["url"] = m.group(1).rstrip("。，,")
            log("url %s  (the page asks reposts to cite it: its own address)" % meta["url"])
        m = BREADCRUMB_SOURCE_RE.match(p)
        if m and "site_source" not in meta:
            meta["site_source"] = m.group(1)
            log("publisher %s  <- breadcrumb %r" % (m.group(1), line))
        m = HOSTED_BY_RE.search(p)
        if m and "site_source" not in meta:
            meta["site_source"] = m.group(1)
            log("publisher %s  <- footer %r" % (m.group(1), line[:50]))

    # 2. Cut at the first end marker (but never before the article has started).
    cut = len(lines)
    seen_text = False
    for i, line in enumerate(lines):
        p = plain(line)
        if seen_text and any(rx.search(p) for rx in END_RES):
            cut = i
            log("cut at line %d %r: dropped %d lines" % (i + 1, line[:30], len(lines) - i))
            break
        if len(p) > 40:
            seen_text = True

    # 3. Drop noise lines.
    kept = []
    for i, line in enumerate(lines[:cut]):
        if not line:
            continue
        p = plain(line)
        why = next((why for rx, why in NOISE_RES if rx.search(p)), None)
        if why:
            log("drop line %d (%s): %r" % (i + 1, why, line[:50]))
            continue
        kept.append(line)

    # 4. Heading.
    title = None
    if kept and is_heading(kept[0]):
        title = kept.pop(0)
        log("title: heading line %r" % title)
    elif meta.get("stated_title"):
        title = meta["stated_title"]
        log("title: from 本文标题 %r" % title)
    elif kept:
        first = kept[0]
        end = min([first.find(c) for c in "。！？" if c in first] or [len(first)])
        title = first[:end]
        log("title: DERIVED from the first sentence (page has no heading): %r" % title)
    if title:
        dup = [l for l in kept if l == title]
        kept = [l for l in kept if l != title]
        if dup:
            log("drop %d line(s) repeating the title" % len(dup))

    # 5. Garbled runs.
    flags = []
    for i, line in enumerate(kept):
        m = GARBLED_RE.search(line)
        if not m:
            continue
        run = m.group(0)
        symbols = sum(1 for ch in run if ch in GARBLED_SYMBOLS)
        if symbols >= 2 or HTML_TAG_RE.search(run):
            kept[i] = line[:m.start()].rstrip()
            flags = ["garbled"]
            log("garbled run cut from paragraph %d: %r" % (i + 1, run))

    # Editor credit "(…编辑 X)" and dateline source "XX网讯:".
    for line in kept[-3:]:
        m = EDITOR_RE.search(line)
        if m:
            meta["editor"] = plain(m.group(1))
            log("editor %s  <- %r" % (meta["editor"], m.group(0)))
    if kept and "source" not in meta:
        m = DATELINE_RE.match(kept[0])
        if m:
            meta["source"] = plain(m.group(1))
            log("source %s  <- dateline %r" % (meta["source"], m.group(0)))
    if "source" not in meta and meta.get("site_source"):
        meta["source"] = meta["site_source"]
        log("source %s  <- the publishing site" % meta["source"])

    body = plain_text("\n".join(l for l in kept if l).strip())
    title = plain_text(title or "")
    script = detect_script(title + body)
    per = PER_SEED.get(doc_id, {})

    doc = OrderedDict()
    doc["id"] = doc_id
    if meta.get("url"):
        doc["url"] = meta["url"]
    doc["title"] = title or ""
    doc["body"] = body
    for key in ("published", "source", "author", "editor"):
        if meta.get(key):
            doc[key] = meta[key]
    doc["kind"] = per.get("kind", "news")
    if meta.get("tags"):
        doc["tags"] = meta["tags"]
    if meta.get("original_url"):
        doc["original_url"] = meta["original_url"]
    doc["script"] = script
    if flags:
        doc["flags"] = flags
    log("script %s, kind %s, %d paragraphs, %d chars" % (script, doc["kind"], len(kept), len(body)))
    return doc


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", default=DEFAULT_SEEDS)
    ap.add_argument("--out", default=DEFAULT_OUT)
    args = ap.parse_args()
    paths = sorted(glob.glob(os.path.join(args.seeds, "*.txt")))
    if not paths:
        print("no seed pages in %s" % args.seeds, file=sys.stderr)
        return 1
    docs = []
    for path in paths:
        print("== %s" % os.path.basename(path))
        docs.append(extract(path, lambda msg: print("   " + msg)))
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        for doc in docs:
            f.write(json.dumps(doc, ensure_ascii=False) + "\n")
    print("wrote %d documents, %d bytes -> %s" % (len(docs), os.path.getsize(args.out), args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
