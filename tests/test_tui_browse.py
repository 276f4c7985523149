"""Browse: relevance search and columns that fit the terminal, from 80 to 200 columns."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Markdown, Select

from interview.paths import Paths
from interview.tui.screens.browse import BrowseScreen
from tests.test_tui_practice import until, wait_ready
from tests.tui_fakes import make_app


async def open_browse(pilot: Pilot[None]) -> BrowseScreen:
    await wait_ready(pilot)
    await pilot.press("b")
    await until(pilot, lambda: isinstance(pilot.app.screen, BrowseScreen))
    screen = pilot.app.screen
    assert isinstance(screen, BrowseScreen)
    await until(pilot, lambda: screen.index is not None)  # the search index builds in a worker
    await pilot.pause()
    return screen


async def search(pilot: Pilot[None], screen: BrowseScreen, query: str) -> list[str]:
    screen.query_one("#search", Input).value = query
    await pilot.pause()
    return [str(key.value) for key in table_of(screen).rows]


def table_of(screen: BrowseScreen) -> DataTable[Any]:
    return screen.query_one("#questions", DataTable)


def visible_columns(table: DataTable[Any]) -> list[str]:
    """Column keys wholly inside the table's viewport with no horizontal scrolling."""
    room = table.scrollable_content_region.width
    shown, x = [], 0
    for key, column in table.columns.items():
        x += column.get_render_width(table)
        if x <= room:
            shown.append(str(key.value))
    return shown


async def test_search_ranks_by_relevance_with_a_threshold(paths: Paths) -> None:
    app = make_app(paths)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_browse(pilot)
        drift = await search(pilot, screen, "drift")
        assert drift[0] == "sd.model-drift-monitoring"
        assert len(drift) <= 10  # 98 of 257 with the old fuzzy matcher
        assert "best match first" in screen.sub_title
        assert screen.sub_title.startswith(f"{len(drift)} of {len(app.bank or [])}")
        lora = await search(pilot, screen, "lora")
        assert lora[0] == "ml.lora-qlora" and len(lora) <= 6  # 233 of 257 before
        assert "ml.batch-vs-layer-norm" in (await search(pilot, screen, "layer normalisation"))[:3]
        assert len(await search(pilot, screen, "")) == len(app.bank or [])
        assert "sorted by" in screen.sub_title
        assert await search(pilot, screen, "qwertyuiop *x*") == []
        preview = screen.query_one("#preview", Markdown).source
        assert preview.startswith("No question matches *qwertyuiop \\*x\\**.") and "Try fewer" in preview
    app.close_store()


async def test_search_within_a_category(paths: Paths) -> None:
    app = make_app(paths)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_browse(pilot)
        screen.query_one("#category", Select).value = "coding"
        await pilot.pause()
        found = await search(pilot, screen, "attention")
        assert found and all(key.startswith("coding.") for key in found)
        assert screen.current is not None and screen.current.id == found[0]  # the preview follows
    app.close_store()


# The columns each width shows: the title always, then best score, level, topics, category.
ALL = ["title", "category", "topic", "difficulty", "best"]


@pytest.mark.parametrize(("width", "columns"), [
    (60, ["title", "difficulty", "best"]),
    (80, ALL),
    (100, ALL),
    (120, ALL),
    (160, ALL),
    (200, ALL),
])
async def test_columns_fit_the_width(paths: Paths, width: int, columns: list[str]) -> None:
    app = make_app(paths)
    async with app.run_test(size=(width, 40)) as pilot:
        screen = await open_browse(pilot)
        table = table_of(screen)
        assert list(map(str, (k.value for k in table.columns))) == columns
        assert visible_columns(table) == columns  # nothing hides off the right edge
        assert table.max_scroll_x == 0
        title = table.columns[next(k for k in table.columns if k.value == "title")]
        assert title.width >= 28
        assert title.width == max(c.width for c in table.columns.values())
    app.close_store()


async def test_title_gets_the_room_as_the_terminal_widens(paths: Paths) -> None:
    app = make_app(paths)
    widths = []
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_browse(pilot)
        for width in (120, 160, 200, 80):
            await pilot.resize_terminal(width, 40)
            await pilot.pause()
            await pilot.pause()
            table = table_of(screen)
            widths.append(table.columns[next(k for k in table.columns if k.value == "title")].width)
            assert table.max_scroll_x == 0, width
            assert visible_columns(table) == ALL, width
    assert widths[0] < widths[1] < widths[2]
    app.close_store()


async def test_topics_show_in_full_when_there_is_room(paths: Paths) -> None:
    app = make_app(paths)
    async with app.run_test(size=(200, 40)) as pilot:
        screen = await open_browse(pilot)
        await search(pilot, screen, "ml.lora-qlora")
        row = table_of(screen).get_row_at(0)
        assert "Transfer learning" in str(row[2]) and "LLM" in str(row[2])
    app.close_store()


async def test_resizing_keeps_the_cursor_on_the_same_question(paths: Paths) -> None:
    app = make_app(paths)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_browse(pilot)
        await pilot.press("down", "down", "down", "down", "down")
        chosen = screen.current
        assert chosen is not None and table_of(screen).cursor_row == 5
        await pilot.resize_terminal(200, 40)
        await pilot.pause()
        await pilot.pause()
        assert screen.widths["title"] > 28  # the columns were refitted...
        assert screen.current == chosen  # ...and the cursor stayed put
    app.close_store()


async def test_down_from_the_search_box_goes_to_the_results_and_enter_opens_one(paths: Paths) -> None:
    from interview.tui.screens.answer import AnswerScreen

    app = make_app(paths)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_browse(pilot)
        await pilot.press("slash", *"two sum")
        await pilot.pause()
        assert screen.query_one("#search", Input).has_focus
        await pilot.press("down")
        assert table_of(screen).has_focus and screen.current is not None
        chosen = screen.current.id
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, AnswerScreen))
        assert app.screen.question.id == chosen  # type: ignore[attr-defined]


async def test_browse_searches_and_previews_from_the_index_and_builds_only_the_question_opened(
        paths: Paths) -> None:
    app = make_app(paths)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        bank = app.bank
        assert bank is not None
        on_home = set(bank._built)  # Home's few recommendations
        screen = await open_browse(pilot)
        found = await search(pilot, screen, "drift")
        await pilot.pause()
        preview = screen.query_one("#preview", Markdown).source
        assert bank.search_texts()[found[0]].prompt.strip()[:40] in preview  # the prompt, from the texts
        assert set(bank._built) == on_home, "listing, searching and previewing build no question"
        screen.action_start()
        await pilot.pause()
        assert set(bank._built) == on_home | {found[0]}
    app.close_store()
