"""The home screen's "Go to" menu opens what it names, from the keyboard."""

from __future__ import annotations

from textual.widgets import OptionList

from interview.paths import Paths
from interview.tui.screens.browse import BrowseScreen
from tests.test_tui_practice import running, until
from tests.tui_fakes import make_app


async def test_enter_on_a_menu_entry_opens_its_screen(paths: Paths) -> None:
    app = make_app(paths)
    async with running(app) as pilot:
        menu = app.screen.query_one("#menu", OptionList)
        index = next(i for i in range(menu.option_count) if menu.get_option_at_index(i).id == "browse")
        menu.focus()
        menu.highlighted = index
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, BrowseScreen))
