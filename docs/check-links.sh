#!/usr/bin/env bash
# Checks every relative link in README.md and docs/**/*.md: the file (or directory) it names
# exists, and its #anchor is a heading of that page (GitHub's anchors: lowercase, spaces to
# hyphens, punctuation but hyphens and underscores dropped, -1, -2... for repeated headings).
# No network: links to http(s) and mailto are not followed. Exit 1 if any link is broken.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 - README.md $(find docs -name '*.md' | sort) <<'PY'
import os, re, sys

FENCE = re.compile(r'^\s*(```|~~~)')
HEADING = re.compile(r'^(#{1,6})\s+(.*?)\s*#*\s*$')
LINK = re.compile(r'!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)')

def prose(path):
    """(line number, text) of the lines outside fenced code, with inline code blanked."""
    fence = False
    with open(path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            if FENCE.match(line):
                fence = not fence
                continue
            if not fence:
                yield n, line.rstrip('\n')

def slug(text):
    text = re.sub(r'\[([^\]]*)\]\([^)]*\)', r'\1', text)   # a link in a heading keeps its text
    text = re.sub(r'<[^>]+>', '', text).strip().lower()
    text = ''.join(c for c in text if c.isalnum() or c in ' -_')
    return text.replace(' ', '-')

anchors = {}
def anchors_of(path):
    if path not in anchors:
        seen, found = {}, set()
        for _, line in prose(path):
            m = HEADING.match(line)
            if m:
                base = slug(m.group(2))
                k = seen.get(base, 0)
                seen[base] = k + 1
                found.add(base if k == 0 else f'{base}-{k}')
        anchors[path] = found
    return anchors[path]

broken = checked = 0
for page in sys.argv[1:]:
    for n, line in prose(page):
        line = re.sub(r'`[^`]*`', lambda m: ' ' * len(m.group(0)), line)
        for m in LINK.finditer(line):
            target = m.group(1)
            if re.match(r'^[a-z][a-z0-9+.-]*:', target, re.I):
                continue
            checked += 1
            path, _, anchor = target.partition('#')
            dest = os.path.normpath(os.path.join(os.path.dirname(page), path)) if path else page
            problem = None
            if not os.path.exists(dest):
                problem = f'no such file {dest}'
            elif anchor:
                if os.path.isdir(dest) or not dest.endswith('.md'):
                    problem = f'#{anchor} on {dest}, which is not a markdown page'
                elif anchor not in anchors_of(dest):
                    problem = f'no heading #{anchor} in {dest}'
            if problem:
                broken += 1
                print(f'{page}:{n}: ({target}) {problem}')
print(f'{checked} relative links checked in {len(sys.argv) - 1} pages, {broken} broken')
sys.exit(1 if broken else 0)
PY
