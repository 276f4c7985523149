"""Typing cost: a keystroke or a clock tick repaints what changed and never lays the screen out again.

A layout of the answer screen (a long Markdown prompt beside the editor) took
2–30 ms; done per keystroke and per second it was most of the typing stall
benchmarks/ui_bench.py measures.  The tests count layouts, not time.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from textual.pilot import Pilot
from textual.screen import Screen

from interview.paths import Paths
from interview.tui.screens.answer import AnswerScreen
from interview.tui.screens.mock_run import MockRunScreen
from tests.test_tui_mock import add_template, begin_two_rounds
from tests.test_tui_practice import practise, running
from tests.tui_fakes import FakeClock, make_app, text_of

KEYS = [*"bias and variance trade off"]


@contextmanager
def counted_layouts(screen: Screen[None]) -> Iterator[list[bool]]:
    """Every layout the screen does meanwhile (one entry each; its own `_refresh_layout` is wrapped)."""
    layouts: list[bool] = []
    original = screen._refresh_layout

    def counting(*args: object, **kwargs: object) -> None:
        layouts.append(True)
        original(*args, **kwargs)  # type: ignore[arg-type]

    screen._refresh_layout = counting  # type: ignore[method-assign]
    try:
        yield layouts
    finally:
        del screen._refresh_layout


async def layouts_while_typing(pilot: Pilot[None], screen: AnswerScreen | MockRunScreen,
                               clock: FakeClock) -> list[bool]:
    """Type KEYS with a clock tick after each key; the layouts the screen did meanwhile."""
    with counted_layouts(screen) as layouts:
        for key in KEYS:
            await pilot.press(key)
            clock.advance(1)
            if isinstance(screen, MockRunScreen):
                await screen.tick()
            else:
                screen._tick()
        await pilot.pause()
    return layouts


async def test_typing_and_the_clock_in_practice_never_lay_the_screen_out(paths: Paths) -> None:
    clock = FakeClock()
    app = make_app(paths, clock)
    async with running(app, size=(120, 40)) as pilot:
        await practise(pilot, "ml.bias-variance-tradeoff")
        screen = app.screen
        assert isinstance(screen, AnswerScreen)
        await pilot.pause()
        assert await layouts_while_typing(pilot, screen, clock) == []
        # …and what changed is still shown.
        assert text_of(screen.query_one("#word-count")).startswith("5 words")
        assert "00:27" in text_of(screen.query_one("#timer"))


async def test_typing_and_the_clock_in_a_mock_never_lay_the_screen_out(paths: Paths) -> None:
    add_template(paths)
    clock = FakeClock()
    app = make_app(paths, clock)
    async with running(app, size=(120, 40)) as pilot:
        await begin_two_rounds(pilot, app, paths)
        screen = app.screen
        assert isinstance(screen, MockRunScreen)
        await pilot.pause()
        assert await layouts_while_typing(pilot, screen, clock) == []
        assert text_of(screen.query_one("#word-count")).startswith("5 words")
        assert "03:33 left" in text_of(screen.query_one("#timer"))
        assert "round: 09:33 left" in text_of(screen.query_one("#round-left"))


async def test_the_editor_still_scrolls_to_the_cursor_without_those_layouts(paths: Paths) -> None:
    """The scroll range follows the text without a screen layout, so typing past the bottom
    still scrolls, and the scrollbar that appears then is laid out."""
    app = make_app(paths, FakeClock())
    async with running(app, size=(100, 30)) as pilot:
        await practise(pilot, "ml.bias-variance-tradeoff")
        screen = app.screen
        assert isinstance(screen, AnswerScreen)
        area = screen.editor.area
        for _ in range(40):
            await pilot.press("x", "enter")
        await pilot.pause()
        row = area.cursor_location[0]
        assert row == 40 and area.virtual_size.height == 41
        assert area.scroll_y >= row - area.scrollable_content_region.height  # it followed the cursor
        assert area.show_vertical_scrollbar and area.vertical_scrollbar.window_virtual_size == 41
