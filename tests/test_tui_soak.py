"""Soak, short version (the long one is `benchmarks/soak_tui.py`, 200 iterations)."""

from __future__ import annotations

from interview.paths import Paths
from tests.tui_soak import soak


async def test_six_sessions_of_random_typing_quits_and_submits_lose_nothing(paths: Paths) -> None:
    report = await soak(paths, iterations=6)
    assert report.iterations == 6 and report.quits and report.submitted and report.characters > 200
