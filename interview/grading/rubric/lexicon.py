"""The synonym and abbreviation lexicon, loaded once from `lexicon.toml` beside this file.

Compiling it stems a few thousand words (~100 ms), which a short command such as
`interview grade` would pay on every run.  When a cache folder is given (the command line
gives the bank cache's), the compiled lexicon and rival table are kept there as a pickle,
keyed by a hash of everything that shapes them: the TOML file, the text pipeline's source
and the stemmer's.  A missing, stale or unreadable cache is simply rebuilt.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
import sys
import tomllib
from functools import lru_cache
from pathlib import Path

from interview.atomic import atomic_write
from interview.grading.rubric import text
from interview.grading.rubric.text import Lexicon, fold, words

LEXICON_FILE = Path(__file__).with_name("lexicon.toml")
CACHE_NAME = "lexicon.pickle"

# Concepts so common that meeting one says little about the answer's substance.
_GENERIC = """reduce increase large small fast slow error measure use choose need same different
cause improve problem benefit goal example time cost"""
GENERIC_CONCEPTS = frozenset("~" + c for c in _GENERIC.split())


_cache_dir: Path | None = None


def use_cache_dir(folder: Path | None) -> None:
    """Keep the compiled lexicon in `folder` from now on (None: build it in memory only)."""
    global _cache_dir
    _cache_dir = folder


def lexicon() -> Lexicon:
    """The compiled lexicon (shared: it is read-only after loading)."""
    return _compiled()[0]


def rivals() -> dict[str, int]:
    """Each rival term (its slot head: a stem or concept id) → the number of its group."""
    return _compiled()[1]


@lru_cache(maxsize=1)
def _compiled() -> tuple[Lexicon, dict[str, int]]:
    source = LEXICON_FILE.read_bytes()
    if _cache_dir is None:
        return _build(source)
    key = _cache_key(source)
    cache_file = _cache_dir / CACHE_NAME
    with contextlib.suppress(Exception):  # any damage to a cache only costs a rebuild
        cached_key, compiled = pickle.loads(cache_file.read_bytes())
        if cached_key == key:
            return compiled  # type: ignore[no-any-return]
    compiled = _build(source)
    with contextlib.suppress(OSError):  # a read-only or full disk: next time builds it again
        atomic_write(cache_file, pickle.dumps((key, compiled), pickle.HIGHEST_PROTOCOL), durable=False)
    return compiled


def _cache_key(source: bytes) -> str:
    digest = hashlib.sha256(source)
    stemmer_module = sys.modules.get("snowballstemmer.english_stemmer")
    for path in (text.__file__, getattr(stemmer_module, "__file__", None)):
        digest.update(Path(path).read_bytes() if path else b"-")
    return digest.hexdigest()


def _build(source: bytes) -> tuple[Lexicon, dict[str, int]]:
    table = tomllib.loads(source.decode("utf-8"))
    compiled = Lexicon(table["concepts"])
    rival_groups: dict[str, int] = {}
    for number, group in enumerate(table["rivals"]["groups"]):
        for phrase in group:
            slots, _, _ = compiled.slots(words(fold(phrase)))
            if len(slots) == 1:
                rival_groups[slots[0][0]] = number
    return compiled, rival_groups
