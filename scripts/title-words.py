#!/usr/bin/env python3
"""Writes src/typeset/convert/title_words.txt from jieba-rs's dictionary.

The title breaker (src/typeset/convert/title.rs) segments a title with jieba,
loading only the dictionary words that occur in the title: it looks them up
by binary search in this file instead of building jieba's whole dictionary
(about 130 ms) for every run. Lines are `word frequency`, sorted by their
UTF-8 bytes; the first line is `# total <sum of all frequencies>`, which
jieba's word probabilities divide by. Run it again when jieba-rs is upgraded:

    python3 scripts/title-words.py ~/.cargo/registry/src/*/jieba-rs-0.11.0/src/data/dict.txt
"""
import sys

source = sys.argv[1]
entries = {}
total = 0
with open(source, encoding="utf-8") as f:
    for line in f:
        parts = line.split()
        if not parts:
            continue
        freq = int(parts[1]) if len(parts) > 1 else 0
        entries[parts[0]] = freq
        total += freq
out = "src/typeset/convert/title_words.txt"
with open(out, "w", encoding="utf-8", newline="\n") as f:
    f.write(f"# total {total}\n")
    for word in sorted(entries, key=lambda w: w.encode("utf-8")):
        f.write(f"{word} {entries[word]}\n")
print(f"{out}: {len(entries)} words, total frequency {total}")
