"""`interview summary --json` keeps its exact bytes: the summary's JSON against files written
by the pydantic models it replaced (tests/data/summary_json), on the seeded history."""

from __future__ import annotations

import json
from datetime import date, timedelta, timezone
from pathlib import Path

import pytest
from test_progress_factory import NOW
from test_progress_summary import seeded, small_bank  # noqa: F401  (the fixture is used by name)

from interview.paths import Paths
from interview.progress.store import Store
from interview.progress.summary import build_summary, summary_json

GOLDEN = Path(__file__).parent / "data" / "summary_json"
CASES = {
    "all_with_target": (None, date(2026, 7, 1), NOW),
    "ml_theory_east": ("ml_theory", None, NOW.astimezone(timezone(timedelta(hours=2)))),
    "coding_later": ("coding", date(2026, 6, 1), NOW + timedelta(days=9, microseconds=1234)),
}


def _dumped(summary_data: object) -> str:
    return json.dumps(summary_data, indent=2, ensure_ascii=False, default=str) + "\n"


@pytest.mark.parametrize("case", sorted(CASES))
def test_summary_json_is_byte_identical_to_the_pydantic_output(seeded: Paths, case: str) -> None:  # noqa: F811
    category, target, now = CASES[case]
    with Store.open(seeded) as store:
        summary = build_summary(small_bank(), store, now, category, target_date=target)
    assert _dumped(summary_json(summary)) == (GOLDEN / f"{case}.json").read_text(encoding="utf-8")


def test_an_empty_history_gives_the_same_json(paths: Paths) -> None:
    with Store.open(paths) as store:
        summary = build_summary(small_bank(), store, NOW)
    assert _dumped(summary_json(summary)) == (GOLDEN / "empty.json").read_text(encoding="utf-8")
