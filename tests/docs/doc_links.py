#!/usr/bin/env python3
"""Every relative link in README.md and docs/*.md points to a file that exists (and, with an
#anchor into a markdown file, to a heading that exists there); every docs/*.md page is linked
from README.md's documentation map; README.md stays within its 300 lines.

Anchors follow GitHub's rule: the heading in lower case, punctuation other than `-` and `_`
dropped, spaces turned into `-`; a repeated heading gets `-1`, `-2`, ...
"""
import argparse
import glob
import os
import re
import sys

LINK = re.compile(r"(?<!!)\[([^\]]*)\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)|!\[([^\]]*)\]\(([^)\s]+)\)")
README_LIMIT = 300


def outside_code(path):
    """(line number, text) of the lines of a markdown file that are not in a fenced block."""
    inside = False
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.startswith("```"):
                inside = not inside
                continue
            if not inside:
                yield number, re.sub(r"`[^`]*`", "", line)


def anchors_of(path):
    """Anchors of a page's headings; a heading's `code` spans keep their text, as on GitHub."""
    seen, anchors = {}, set()
    inside = False
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("```"):
                inside = not inside
                continue
            match = None if inside else re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", line)
            if not match:
                continue
            slug = re.sub(r"[^\w\- ]", "", match.group(2).strip().lower()).replace(" ", "-")
            count = seen.get(slug, 0)
            seen[slug] = count + 1
            anchors.add(slug if count == 0 else f"{slug}-{count}")
    return anchors


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", required=True)
    args = parser.parse_args()
    source = os.path.abspath(args.source)
    readme = os.path.join(source, "README.md")
    pages = [readme] + sorted(glob.glob(os.path.join(source, "docs", "*.md")))
    errors, links, linked_from_readme = [], 0, set()

    with open(readme, encoding="utf-8") as handle:
        readme_lines = sum(1 for _ in handle)
    if readme_lines > README_LIMIT:
        errors.append(f"README.md: {readme_lines} lines, more than {README_LIMIT}")

    for page in pages:
        for number, line in outside_code(page):
            for match in LINK.finditer(line):
                target = match.group(2) or match.group(4)
                if re.match(r"^[a-z]+:", target):
                    continue  # http:, https:, mailto:
                links += 1
                where = f"{os.path.relpath(page, source)}:{number}"
                file_part, _, anchor = target.partition("#")
                resolved = os.path.normpath(os.path.join(os.path.dirname(page), file_part)) if file_part else page
                if not os.path.exists(resolved):
                    errors.append(f"{where}: link to '{target}': {os.path.relpath(resolved, source)} does not exist")
                    continue
                if page == readme:
                    linked_from_readme.add(resolved)
                if anchor and resolved.endswith(".md"):
                    if anchor not in anchors_of(resolved):
                        errors.append(f"{where}: link to '{target}': no heading '#{anchor}' in {os.path.relpath(resolved, source)}")

    for page in pages[1:]:
        if page not in linked_from_readme:
            errors.append(f"{os.path.relpath(page, source)}: not linked from README.md (add it to the documentation map)")

    print(f"README.md: {readme_lines} lines; {links} relative links in {len(pages)} pages")
    for error in errors:
        print(f"FAIL {error}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
