"""Full garbage collections wait for a pause in typing, and automatic ones come back at the end."""

from __future__ import annotations

import gc

import pytest

from interview.tui import collector
from interview.tui.collector import PausedCollector


def test_a_full_collection_waits_for_a_pause_unless_long_overdue(monkeypatch: pytest.MonkeyPatch) -> None:
    before = gc.get_threshold()
    clock = [100.0]
    monkeypatch.setattr(collector.time, "monotonic", lambda: clock[0])
    pending = [collector.DUE_AFTER]
    monkeypatch.setattr(collector.gc, "get_count", lambda: (0, 0, pending[0]))
    collected: list[int] = []
    monkeypatch.setattr(collector.gc, "collect", lambda: collected.append(1) or 0)
    paused = PausedCollector()
    paused.start()
    try:
        assert gc.get_threshold()[2] > 10_000  # no automatic full collection while it runs
        paused.key_pressed()
        assert not paused.tick()  # typing: wait
        clock[0] += collector.PAUSE_S
        assert paused.tick()  # paused and due: now
        paused.key_pressed()
        pending[0] = collector.DUE_AFTER - 1
        clock[0] += 5
        assert not paused.tick()  # paused but not due
        paused.key_pressed()
        pending[0] = collector.OVERDUE_AFTER
        assert paused.tick()  # typing, but long overdue
        assert len(collected) == 2
    finally:
        paused.stop()
    assert gc.get_threshold() == before
