#!/usr/bin/env python3
"""Lists the longest source files and functions, and checks them against the limits.

A file is one concept (a class and its helpers), so the limits are a smell detector, not a
reason to split a class: a C++ source file over 300 lines or a function over 60 lines (from the
line of its opening brace to the line of its closing brace; a lambda counts inside its function
and on its own) gets a warning; a file over 600 lines or a function over 100 fails. Files under
src/, include/, tests/, bench/ and tracegen/ are measured.

Usage: scripts/code-size.py [--top N] [REPOSITORY]
Prints the N longest files and functions (default 10), a warning for every one past the warning
limit, and an error for every one past the hard limit; exits 1 when there is such an error.
"""

import argparse
import pathlib
import re
import sys

WARN_FILE_LINES = 300
WARN_FUNCTION_LINES = 60
MAX_FILE_LINES = 600
MAX_FUNCTION_LINES = 100
FOLDERS = ["src", "include", "tests", "bench", "tracegen"]
# A '{' opens a function body when what comes before it ends like a parameter list (maybe with
# qualifiers or a trailing return type), and that list is not the condition of a statement.
BODY_BEFORE = re.compile(r"\)\s*(const|noexcept|override|final|mutable|->\s*[\w:<>&*, ]+|\s)*$")
STATEMENT = re.compile(r"\b(if|for|while|switch|catch|return)\s*\($")


def blank_out(text):
    """The text with comments, strings and character literals replaced by spaces."""
    out = []
    i, n = 0, len(text)
    while i < n:
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
        elif text.startswith('R"', i) and re.match(r'R"([^(\s]*)\(', text[i:]):
            delim = re.match(r'R"([^(\s]*)\(', text[i:]).group(1)
            j = text.find(")" + delim + '"', i)
            j = n if j < 0 else j + len(delim) + 2
        elif text[i] in "\"'" and not (text[i] == "'" and i > 0 and text[i - 1].isalnum()):
            j = i + 1
            while j < n and text[j] != text[i]:
                j += 2 if text[j] == "\\" else 1
            j += 1
        else:
            out.append(text[i])
            i += 1
            continue
        out.append(re.sub(r"[^\n]", " ", text[i:j]))
        i = j
    return "".join(out)


def opening_statement(code, brace):
    """The code from the end of the previous statement or block to `brace`."""
    start = max(code.rfind(c, 0, brace) for c in ";{}")
    return code[start + 1 : brace]


def functions(path):
    code = blank_out(path.read_text())
    stack = []
    for m in re.finditer(r"[{}]", code):
        pos = m.start()
        if code[pos] == "{":
            head = opening_statement(code, pos)
            is_body = BODY_BEFORE.search(head) is not None
            if is_body:
                params = head[: head.rfind(")") + 1]
                depth, k = 0, len(params) - 1
                while k >= 0:
                    depth += {")": 1, "(": -1}.get(params[k], 0)
                    if depth == 0:
                        break
                    k -= 1
                is_body = STATEMENT.search(params[: k + 1].rstrip()) is None
            stack.append((pos, is_body, " ".join(head.split())))
        elif stack:
            start, is_body, head = stack.pop()
            if is_body:
                first = code.count("\n", 0, start) + 1
                last = code.count("\n", 0, pos) + 1
                yield last - first + 1, first, head[-90:]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("repo", nargs="?", default=pathlib.Path(__file__).resolve().parent.parent)
    args = parser.parse_args()
    repo = pathlib.Path(args.repo)
    sources = sorted(p for folder in FOLDERS for p in (repo / folder).rglob("*")
                     if p.suffix in (".cpp", ".hpp") and p.is_file())
    files = sorted(((len(p.read_text().splitlines()), p.relative_to(repo)) for p in sources),
                   reverse=True)
    funcs = sorted(((n, p.relative_to(repo), line, head) for p in sources
                    for n, line, head in functions(p)), key=lambda f: -f[0])
    print(f"longest files (warning past {WARN_FILE_LINES} lines, error past {MAX_FILE_LINES}):")
    for n, p in files[: args.top]:
        print(f"  {n:5d}  {p}")
    print(f"longest functions (warning past {WARN_FUNCTION_LINES} lines, error past "
          f"{MAX_FUNCTION_LINES}):")
    for n, p, line, head in funcs[: args.top]:
        print(f"  {n:5d}  {p}:{line}  {head}")

    def past(limit_file, limit_function):
        out = [f"{p}: {n} lines" for n, p in files if n > limit_file]
        out += [f"{p}:{line}: a function of {n} lines" for n, p, line, _ in funcs
                if n > limit_function]
        return out

    errors = past(MAX_FILE_LINES, MAX_FUNCTION_LINES)
    for w in past(WARN_FILE_LINES, WARN_FUNCTION_LINES):
        if w not in errors:
            print(f"warning: long: {w}")
    for e in errors:
        print(f"error: over the limit: {e}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
