"""Soak, short version (the long one is `benchmarks/soak_tui.py`, 200 iterations)."""

from __future__ import annotations

from interview.paths import Paths
from tests.tui_soak import soak


async def test_six_sessions_of_random_typing_quits_and_submits_lose_nothing(paths: Paths) -> None:
    report = await soak(paths, iterations=6)
    # seed 13 reaches every ending (quit, keep, submit) within six sessions
    assert report.iterations == 6 and report.quits and report.submitted and report.kept
    assert report.characters > 50
