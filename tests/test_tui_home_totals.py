"""Home shows its figures from the store's kept totals, the same as a recount, without the rows."""

from __future__ import annotations

import threading

import pytest
from textual.widgets import OptionList, Static

from interview.paths import Paths
from interview.progress.store import TOTALS_FILE, Store
from interview.tui.app import InterviewApp
from tests.test_tui_practice import running, until
from tests.test_tui_weak_topics import seed
from tests.tui_fakes import FakeClock, make_app, text_of


async def _home_figures(paths: Paths, clock: FakeClock) -> tuple[str, list[str]]:
    app = make_app(paths, clock)
    async with running(app) as pilot:
        stats = app.screen.query_one("#stats", Static)
        await until(pilot, lambda: "Streak" in text_of(stats))
        today = app.screen.query_one("#today", OptionList)
        await until(pilot, lambda: today.option_count > 1)
        return text_of(stats), [str(today.get_option_at_index(i).prompt) for i in range(today.option_count)]


async def test_home_from_kept_totals_matches_a_recount_and_waits_for_no_row(
        paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = FakeClock()
    seed(paths, clock)
    (paths.store_dir / TOTALS_FILE).unlink(missing_ok=True)
    recounted = await _home_figures(paths, clock)  # no totals saved yet: counted from the rows
    assert (paths.store_dir / TOTALS_FILE).exists()

    home_shown = threading.Event()
    rows, warm_up = Store.rows, InterviewApp.warm_up

    def rows_after_home(self: Store) -> object:
        if not home_shown.is_set():
            raise AssertionError("Home read every row")
        return rows(self)

    def warm_up_after_home(app: InterviewApp) -> None:  # what reads the rows, once Home has shown
        home_shown.set()
        warm_up(app)

    monkeypatch.setattr(Store, "rows", rows_after_home)
    monkeypatch.setattr(InterviewApp, "warm_up", warm_up_after_home)
    assert await _home_figures(paths, clock) == recounted
