#!/usr/bin/env python3
"""Builds corpus/bench/sample.txt: ~300 KB of mixed simplified and traditional eldercare policy text
for the analysis benchmark. The text is taken from the bundled local regulations (corpus/data/laws.jsonl,
excluded from copyright under the PRC Copyright Law, art. 5); every third regulation is converted to
traditional script with OpenCC s2t (`pip install opencc-python-reimplemented`)."""
import json
import pathlib

import opencc

root = pathlib.Path(__file__).resolve().parent.parent
to_traditional = opencc.OpenCC("s2t")
parts, size = [], 0
for index, line in enumerate(open(root / "corpus/data/laws.jsonl", encoding="utf-8")):
    document = json.loads(line)
    text = document["title"] + "\n" + document["body"]
    if index % 3 == 2:
        text = to_traditional.convert(text)
    parts.append(text)
    size += len(text.encode("utf-8"))
    if size > 300_000:
        break
(root / "corpus/bench").mkdir(exist_ok=True)
(root / "corpus/bench/sample.txt").write_text("\n".join(parts) + "\n", encoding="utf-8")
print(f"wrote {size} bytes from {len(parts)} regulations")
