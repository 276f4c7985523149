"""The screens' Header: its title update never fails on a header already taken down.

Textual's Header queues a title update when it mounts; a screen mounted just as
the app quits (a mock's grading finished as ctrl+q was pressed) was pruned before
the update ran, and it raised NoMatches 'HeaderTitle', a traceback on the way out.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Header as TextualHeader
from textual.widgets._header import HeaderTitle

from interview.tui.widgets.header import Header
from tests.tui_fakes import text_of


class Bare(App[None]):
    def __init__(self, header: type[TextualHeader]) -> None:
        super().__init__()
        self.header = header

    def compose(self) -> ComposeResult:
        yield self.header()


async def _title_update_after_the_title_is_gone(header: type[TextualHeader]) -> Bare:
    app = Bare(header)
    try:
        async with app.run_test() as pilot:
            app.title = "first"
            await pilot.pause()
            assert "first" in text_of(app.query_one(HeaderTitle))  # it still shows the title
            await app.query_one(HeaderTitle).remove()  # as when the screen is pruned on quit
            app.title = "second"
            await pilot.pause()
    except Exception as exc:  # run_test re-raises what the app crashed with
        app.crashed = exc  # type: ignore[attr-defined]
    return app


async def test_a_title_update_on_a_header_taken_down_is_quiet() -> None:
    app = await _title_update_after_the_title_is_gone(Header)
    assert getattr(app, "crashed", None) is None


async def test_textuals_own_header_still_needs_this() -> None:
    """If Textual fixes its Header, this fails and interview.tui.widgets.header can go."""
    app = await _title_update_after_the_title_is_gone(TextualHeader)
    assert type(getattr(app, "crashed", None)).__name__ == "NoMatches"
