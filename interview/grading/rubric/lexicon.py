"""The synonym and abbreviation lexicon, loaded once from `lexicon.toml` beside this file."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

from interview.grading.rubric.text import Lexicon

LEXICON_FILE = Path(__file__).with_name("lexicon.toml")

# Concepts so common that meeting one says little about the answer's substance.
_GENERIC = """reduce increase large small fast slow error measure use choose need same different
cause improve problem benefit goal example time cost"""
GENERIC_CONCEPTS = frozenset("~" + c for c in _GENERIC.split())


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The compiled lexicon (shared: it is read-only after loading)."""
    with LEXICON_FILE.open("rb") as handle:
        return Lexicon(tomllib.load(handle)["concepts"])
