"""How deeply a TOML file or a Python literal nests, found without parsing it.

Parsers recurse once per level, so text nested a few hundred levels deep ends in
a RecursionError.  Measuring depth first turns that into a clear error naming
the line, before any parser sees the text.
"""

from __future__ import annotations

import re

MAX_NESTING = 50  # far beyond any real question, rubric, test case or setting
_INTERESTING = re.compile(r"[\n#\"'\[\]{}()]")


def first_too_deep_line(text: str, limit: int = MAX_NESTING, *, python: bool = False) -> int | None:
    """The 1-based line where brackets first nest deeper than `limit`, or None.

    Strings and comments are skipped (TOML's '...' strings have no escapes;
    Python's all do), so a bracket inside a string never counts.
    """
    depth, line, i, n = 0, 1, 0, len(text)
    while (match := _INTERESTING.search(text, i)) is not None:
        i, ch = match.start(), match.group()
        if ch == "\n":
            line += 1
        elif ch == "#":
            end = text.find("\n", i)
            if end == -1:
                return None
            i = end
            continue
        elif ch in "\"'":
            end = _string_end(text, i, escapes=python or ch == '"')
            line += text.count("\n", i, end)
            i = end
            continue
        elif ch in "[{(":
            depth += 1
            if depth > limit:
                return line
        else:
            depth = max(0, depth - 1)
        i += 1
        if i >= n:
            break
    return None


def _string_end(text: str, start: int, escapes: bool) -> int:
    """The index just past the string starting at `start` (or the end of its line if unterminated)."""
    quote = text[start] * 3 if text.startswith(text[start] * 3, start) else text[start]
    j = start + len(quote)
    while j < len(text):
        if escapes and text[j] == "\\":
            j += 2
            continue
        if text.startswith(quote, j):
            return j + len(quote)
        if len(quote) == 1 and text[j] == "\n":
            return j
        j += 1
    return len(text)
