"""History: every past attempt, newest first; open one to see its answer and feedback again."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static, TabbedContent, TabPane

from interview.app.views import AttemptRow
from interview.bank.models import CATEGORY_LABELS
from interview.tui.screens.base import AppScreen
from interview.tui.widgets.charts import score_style
from interview.tui.widgets.header import Header
from interview.tui.widgets.tables import RowTable, flex_column

if TYPE_CHECKING:
    from interview.mock.scorecard import Scorecard
from interview.tui.widgets.timer import clock
from interview.words import plural


def when(moment: datetime) -> str:
    """Short, in the user's own time zone: "01 Mar 08:00"."""
    return moment.astimezone().strftime("%d %b %H:%M")


class HistoryScreen(AppScreen[None]):
    CSS_PATH = "history.tcss"
    BINDINGS = [
        Binding("enter", "open", "Open"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.scorecards: dict[str, Scorecard] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="history-headline")
        with TabbedContent(id="history-tabs"):
            with TabPane("Attempts", id="attempts-tab"):
                yield RowTable(id="attempts", zebra_stripes=True)
            with TabPane("Mock interviews", id="mocks-tab"):
                yield RowTable(id="mocks", zebra_stripes=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#attempts", DataTable)
        for name, width in (("When", 12), ("Question", 20), ("Category", 11), ("Mode", 8),
                            ("Score", 5), ("Time", 5), ("Hints", 5)):
            table.add_column(name, width=width, key=name)
        mocks = self.query_one("#mocks", DataTable)
        for name, width in (("When", 12), ("Mock", 24), ("Mode", 8), ("Score", 5), ("Signal", 12)):
            mocks.add_column(name, width=width, key=name)
        self.call_after_refresh(self.on_resize)
        self._load()
        table.focus()

    def on_resize(self) -> None:
        flex_column(self.query_one("#attempts", DataTable), "Question")
        flex_column(self.query_one("#mocks", DataTable), "Mock")

    @work(exclusive=True, group="history")
    async def _load(self) -> None:
        service = self.interview.service
        self._show(await service.attempts(limit=2000), await service.scorecards())

    def _show(self, rows: list[AttemptRow], cards: list[Scorecard]) -> None:
        self.scorecards = {card.mock_id: card for card in cards}
        mocks = self.query_one("#mocks", DataTable)
        mocks.clear()
        for card in cards:
            mocks.add_row(when(card.finished_at), card.template_name,
                          card.mode, f"[{score_style(card.score / 100)}]{card.score:.0f}[/]", card.signal,
                          key=card.mock_id)
        table = self.query_one("#attempts", DataTable)
        table.clear()
        for row in rows:
            table.add_row(
                when(row.when), row.title,
                CATEGORY_LABELS.get(row.category, row.category),  # type: ignore[call-overload]
                row.mode, f"[{score_style(row.score / 100)}]{row.score:.0f}[/]", clock(row.seconds),
                str(row.hints), key=row.id,
            )
        self.query_one("#history-headline", Static).update(
            f"{plural(len(rows), 'attempt')} · Enter opens the answer, its scores and feedback" if rows else
            "No attempts yet. Your answers and scores will be listed here.")

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        if self.query_one(TabbedContent).active == "mocks-tab":
            self._open_mock()
        else:
            self._open_attempt()

    def _open_mock(self) -> None:
        from interview.tui.screens.scorecard import ScorecardScreen

        table = self.query_one("#mocks", DataTable)
        if table.row_count:
            mock_id = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
            self.app.push_screen(ScorecardScreen(self.scorecards[mock_id]))

    def _open_attempt(self) -> None:
        from interview.tui.screens.feedback import open_attempt

        table = self.query_one("#attempts", DataTable)
        if table.row_count:
            attempt_id = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
            self.run_worker(open_attempt(self.interview, attempt_id), group="open", exclusive=True)

    def action_back(self) -> None:
        self.app.pop_screen()
