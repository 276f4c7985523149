"""History: every past attempt, newest first; open one to see its answer and feedback again."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from interview.bank.models import CATEGORY_LABELS
from interview.tui.data import AttemptRow
from interview.tui.screens.base import AppScreen
from interview.tui.widgets.charts import score_style
from interview.tui.widgets.tables import flex_column
from interview.tui.widgets.timer import clock


class HistoryScreen(AppScreen[None]):
    CSS_PATH = "history.tcss"
    BINDINGS = [
        Binding("enter", "open", "Open"),
        Binding("escape", "back", "Back"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="history-headline")
        yield DataTable(id="attempts", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for name, width in (("When", 16), ("Question", 20), ("Category", 11), ("Mode", 8),
                            ("Score", 5), ("Time", 5), ("Hints", 5)):
            table.add_column(name, width=width, key=name)
        self.call_after_refresh(self.on_resize)
        self._load()
        table.focus()

    def on_resize(self) -> None:
        flex_column(self.query_one(DataTable), "Question")

    @work(thread=True, exclusive=True, group="history")
    def _load(self) -> None:
        from interview.tui.data import attempts

        rows = attempts(self.interview, limit=2000)
        self.app.call_from_thread(self._show, rows)

    def _show(self, rows: list[AttemptRow]) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for row in rows:
            local = row.when.astimezone()
            table.add_row(
                local.strftime("%Y-%m-%d %H:%M"), row.title,
                CATEGORY_LABELS.get(row.category, row.category),  # type: ignore[call-overload]
                row.mode, f"[{score_style(row.score / 100)}]{row.score:.0f}[/]", clock(row.seconds),
                str(row.hints), key=row.id,
            )
        self.query_one("#history-headline", Static).update(
            f"{len(rows)} attempt(s) · Enter opens the answer, its scores and feedback" if rows else
            "No attempts yet. Your answers and scores will be listed here.")

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        from interview.tui.screens.feedback import FeedbackScreen

        table = self.query_one(DataTable)
        store, bank = self.interview.store, self.interview.bank
        if not table.row_count or store is None or bank is None:
            return
        attempt_id = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        attempt = store.get_attempt(attempt_id)
        question = bank.questions.get(attempt.question_id) if attempt else None
        if attempt is None or question is None:
            self.notify("That question is no longer in the bank.", severity="warning")
            return
        self.app.push_screen(FeedbackScreen(question, attempt.answer, attempt.result, attempt.id,
                                            show_answer=True))

    def action_back(self) -> None:
        self.app.pop_screen()
