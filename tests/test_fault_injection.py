"""Short fault injection: every file kind of the data folder x five damages (full: benchmarks/fault_bench.py).

Each case runs `history export` and `summary` (the two that count attempts) and
one more command in rotation, so every command meets every file kind.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.faults import COMMANDS, DAMAGES, build_base, check_case, file_kinds

KINDS = ["attempts (old segment)", "index (old segment)", "attempts (newest segment)",
         "index (newest segment)", "store.json", "mocks.json", "drafts.json", "cards.json", ".lock",
         "bank cache", "LLM feedback cache", "LLM spend ledger"]
OTHERS = [c for c in COMMANDS if c not in ("history export", "summary")]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("fault-base") / "home"
    build_base(home, attempts=300)
    assert set(file_kinds(home)) == set(KINDS)
    return home


@pytest.mark.parametrize("kind", KINDS)
def test_every_damage_to_this_file_keeps_every_intact_attempt(base: Path, tmp_path: Path, kind: str) -> None:
    wrong: list[str] = []
    for number, damage in enumerate(DAMAGES):
        other = OTHERS[(KINDS.index(kind) + number) % len(OTHERS)]
        wrong += check_case(base, tmp_path / "home", kind, damage, ["history export", "summary", other])
    assert wrong == []
