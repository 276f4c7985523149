"""The synonym and abbreviation lexicon, loaded once from `lexicon.toml` beside this file."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

from interview.grading.rubric.text import Lexicon, fold, words

LEXICON_FILE = Path(__file__).with_name("lexicon.toml")

# Concepts so common that meeting one says little about the answer's substance.
_GENERIC = """reduce increase large small fast slow error measure use choose need same different
cause improve problem benefit goal example time cost"""
GENERIC_CONCEPTS = frozenset("~" + c for c in _GENERIC.split())


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, object]]:
    with LEXICON_FILE.open("rb") as handle:
        return tomllib.load(handle)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The compiled lexicon (shared: it is read-only after loading)."""
    return Lexicon(_table()["concepts"])  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def rivals() -> dict[str, int]:
    """Each rival term (its slot head: a stem or concept id) → the number of its group."""
    out: dict[str, int] = {}
    groups: list[list[str]] = _table()["rivals"]["groups"]  # type: ignore[assignment]
    for number, group in enumerate(groups):
        for phrase in group:
            slots, _, _ = lexicon().slots(words(fold(phrase)))
            if len(slots) == 1:
                out[slots[0][0]] = number
    return out
