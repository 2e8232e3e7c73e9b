#!/usr/bin/env python3
"""Checks the repository's markdown: every relative link leads to a file that exists, every
#anchor to a heading of its page (as GitHub makes anchors), and the README stays a front page.

The files checked are the markdown files tracked by git outside tests/ (the golden files
there are program output). Links inside code blocks and code spans are not links. Prints each
problem as FILE:LINE: message and exits 1 if there is one.

Usage: scripts/check-doc-links.py [REPOSITORY]
"""

import pathlib
import re
import subprocess
import sys

README_MAX_LINES = 250
LINK = re.compile(r"\]\(([^)\s]+)\)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")
CODE_SPAN = re.compile(r"`[^`]*`")


def markdown_files(root):
    command = ["git", "-C", str(root), "ls-files", "--cached", "--others", "--exclude-standard",
               "*.md"]
    out = subprocess.run(command, capture_output=True, text=True)
    if out.returncode == 0 and out.stdout.strip():
        names = out.stdout.split()
    else:  # not a git checkout: every markdown file
        names = [str(p.relative_to(root)) for p in root.rglob("*.md")]
    return sorted(root / n for n in names
                  if not n.startswith(("tests/", "build")) and (root / n).is_file())


def lines_outside_code(text):
    """(line number, line) of every line that is not inside a fenced code block."""
    fenced = False
    for number, line in enumerate(text.splitlines(), 1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            yield number, line


def slug(heading):
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).replace("`", "")
    text = re.sub(r"[^\w\- ]", "", text.lower())
    return text.replace(" ", "-")


def anchors(path, cache={}):
    if path not in cache:
        seen = {}
        found = set()
        for _, line in lines_outside_code(path.read_text()):
            match = HEADING.match(line)
            if match:
                base = slug(match.group(2))
                count = seen.get(base, 0)
                seen[base] = count + 1
                found.add(base if count == 0 else f"{base}-{count}")
        cache[path] = found
    return cache[path]


def check_file(root, path):
    problems = []
    name = path.relative_to(root)
    for number, line in lines_outside_code(path.read_text()):
        for target in LINK.findall(CODE_SPAN.sub("", line)):
            if re.match(r"^[a-z]+:", target):
                continue  # https:, mailto:, ...
            file_part, _, anchor = target.partition("#")
            dest = (path.parent / file_part).resolve() if file_part else path
            if not dest.exists():
                problems.append(f"{name}:{number}: link to a missing file: {target}")
            elif anchor and dest.suffix == ".md" and anchor not in anchors(dest):
                problems.append(f"{name}:{number}: no heading for the anchor: {target}")
    return problems


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    problems = []
    for path in markdown_files(root):
        problems += check_file(root, path)
    readme_lines = len((root / "README.md").read_text().splitlines())
    if readme_lines > README_MAX_LINES:
        problems.append(f"README.md: {readme_lines} lines; the front page stays within "
                        f"{README_MAX_LINES} (the reference belongs in docs/)")
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
