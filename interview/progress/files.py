"""What each file of the history must hold, record by record.

Valid JSON is not enough: a file of the right syntax and the wrong shape would
crash every command that reads it.  Each kind of file names its TinyDB table,
a check for one record, and what makes two records the same (so a salvage never
keeps a record twice).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

Record = dict[str, Any]


@dataclass(frozen=True)
class FileRule:
    kind: str
    table: str
    noun: str
    check: Callable[[Record, Path], bool]
    key: str

    def accepts(self, record: Record, path: Path) -> bool:
        try:
            return self.check(record, path)
        except (ValidationError, ValueError, TypeError, KeyError, AttributeError):
            return False

    def identity(self, record: Record) -> str:
        return str(record.get(self.key))


def _attempt_ok(record: Record, path: Path) -> bool:
    from interview.progress.models import Attempt

    Attempt.model_validate(record)
    return True


_NUMBER = (int, float)
_ROW_KEYS = frozenset({"id", "q", "c", "t", "m", "s", "d", "h", "tt", "tl", "at", "r", "seg"})
# Rows written since self-assessment carry "sa" (a score or null); older rows do not.
_ROW_KEY_SETS = (_ROW_KEYS, _ROW_KEYS | {"sa"})
_SELF_ASSESSED = (int, float, type(None))


def row_ok(record: Record, path: Path) -> bool:
    return count_bad_rows([record], path) == 0


def count_bad_rows(rows: Iterable[Record], path: Path) -> int:
    """Rows without exactly the row's keys, of the types the summary relies on, in their own segment.

    Run on every row of every index at every start, so it is one tight loop of cheap checks.
    """
    segment, number, text = _segment_of(path.name), _NUMBER, str
    bad = 0
    for r in rows:
        if (r.keys() not in _ROW_KEY_SETS or r["seg"] != segment or type(r["id"]) is not text
                or type(r["q"]) is not text or type(r["c"]) is not text or type(r["m"]) is not text
                or type(r["at"]) not in number or type(r["s"]) not in number or type(r["d"]) is not dict
                or type(r["t"]) is not list or type(r.get("sa")) not in _SELF_ASSESSED):
            bad += 1
    return bad


@lru_cache(maxsize=1024)
def _segment_of(name: str) -> int | None:
    match = re.search(r"(\d+)", name)
    return int(match.group(1)) if match else None


def _meta_ok(record: Record, path: Path) -> bool:
    return isinstance(record.get("schema"), int)


def _mock_ok(record: Record, path: Path) -> bool:
    return isinstance(record.get("mock_id"), str) and isinstance(record.get("data"), dict)


def _draft_ok(record: Record, path: Path) -> bool:
    from interview.progress.models import Draft

    Draft.model_validate(record)
    return True


_CARD_KEYS = {"card_id", "state", "step", "stability", "difficulty", "due", "last_review"}


def _card_ok(record: Record, path: Path) -> bool:
    card = record.get("card")
    return (isinstance(record.get("n"), int) and isinstance(record.get("at"), _NUMBER)
            and isinstance(card, dict) and card.keys() >= _CARD_KEYS)


class _Rules:
    def __init__(self, *rules: tuple[str, FileRule]) -> None:
        self._rules = rules

    def for_name(self, name: str) -> FileRule:
        for pattern, rule in self._rules:
            if re.fullmatch(pattern, name):
                return rule
        return OTHER


OTHER = FileRule("other", "_default", "record", lambda r, p: True, "id")
RULES = _Rules(
    (r"attempts-\d+\.json", FileRule("attempts", "attempts", "attempt", _attempt_ok, "id")),
    (r"index-\d+\.json", FileRule("index", "rows", "row", row_ok, "id")),
    (r"store\.json", FileRule("store", "meta", "setting", _meta_ok, "schema")),
    (r"mocks\.json", FileRule("mocks", "mocks", "mock interview", _mock_ok, "mock_id")),
    (r"drafts\.json", FileRule("drafts", "drafts", "draft", _draft_ok, "key")),
    (r"cards\.json", FileRule("cards", "cards", "card", _card_ok, "n")),
)
