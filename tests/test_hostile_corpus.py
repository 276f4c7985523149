"""Every item of the hostile-input corpus ends within its deadline, with one line and the expected exit.

Peak memory per item is measured in benchmarks/hostile_bench.py (each item in its own process).
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from interview.cli import main
from tests.fake_llm import FakeServer
from tests.hostile_corpus import TricklingServer
from tests.hostile_items import ITEMS, Item, judge


@pytest.fixture(scope="module")
def urls() -> Iterator[dict[str, str]]:
    with FakeServer() as llm, TricklingServer() as trickle:
        yield {"llm": llm.url, "trickle": trickle.url, "_server": llm}  # type: ignore[dict-item]


@pytest.mark.parametrize("item", ITEMS, ids=[i.name for i in ITEMS])
def test_hostile_item_is_refused_in_time_with_one_line(
    item: Item, urls: dict[str, object], tmp_path: Path, interview_home: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    import anthropic  # noqa: F401  - warm: an item's time is its own, not this import's

    setup = item.prepare(interview_home, tmp_path, urls)  # type: ignore[arg-type]
    server = urls["_server"]
    server.replies[:] = setup.replies  # type: ignore[attr-defined]
    for key, value in setup.env.items():
        monkeypatch.setenv(key, value)
    for target, value in setup.seams.items():
        module, attribute = target.rsplit(".", 1)
        monkeypatch.setattr(importlib.import_module(module), attribute, value)
    capsys.readouterr()
    start = time.monotonic()
    code = main(setup.argv)
    took = time.monotonic() - start
    captured = capsys.readouterr()
    assert judge(item, code, captured.out, captured.err, took) == []
