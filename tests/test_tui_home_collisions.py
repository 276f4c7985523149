"""Home never crashes on saved data: drafts, picks and mocks that name the same question."""

from __future__ import annotations

from textual.widgets import OptionList, Static

from interview.app.service import DRAFT_PREFIX
from interview.paths import Paths
from interview.progress.store import Store
from tests.test_tui_practice import running, until
from tests.tui_fakes import make_app, text_of


def _today_ids(today: OptionList) -> list[str]:
    return [today.get_option_at_index(i).id or "" for i in range(today.option_count)]


async def test_a_draft_of_the_recommended_question_is_one_row_and_the_draft_wins(paths: Paths) -> None:
    """The first session's path: p, type, Esc, keep the draft; Home then lists that question once."""
    app = make_app(paths)
    async with running(app) as pilot:
        today = app.screen.query_one("#today", OptionList)
        await until(pilot, lambda: any(i.startswith("q:") for i in _today_ids(today)))
        picked = [i for i in _today_ids(today) if i.startswith("q:")]
    with Store.open(paths) as store:
        for option_id in picked:  # every recommendation now also has a draft
            store.save_draft(DRAFT_PREFIX + option_id[2:], "half an answer")
    again = make_app(paths)
    async with running(again) as pilot:
        today = again.screen.query_one("#today", OptionList)
        await until(pilot, lambda: "Continue your draft" in str(today.get_option_at_index(0).prompt))
        ids = [i for i in _today_ids(today) if i]
        assert len(ids) == len(set(ids))
        for option_id in picked:
            index = today.get_option_index(option_id)
            assert "Continue your draft" in str(today.get_option_at_index(index).prompt)


async def test_a_panel_that_fails_to_render_says_so_in_one_line(paths: Paths, monkeypatch) -> None:
    import interview.tui.screens.home as home_screen

    def broken(*_args: object) -> None:
        raise ValueError("bad mock record")

    monkeypatch.setattr(home_screen.HomeScreen, "_fill_today", broken)
    app = make_app(paths)
    async with running(app) as pilot:
        today = app.screen.query_one("#today", OptionList)
        await until(pilot, lambda: "could not be shown" in str(today.get_option_at_index(0).prompt))
        assert "bad mock record" in str(today.get_option_at_index(0).prompt)
        assert text_of(app.screen.query_one("#stats", Static))  # the other panel still renders
