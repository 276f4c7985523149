"""Weak topics: mastery per topic and per rubric dimension, trends and practice days."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Footer, Select, Static, TabbedContent, TabPane

from interview.bank.models import CATEGORY_LABELS
from interview.tui.screens.base import AppScreen
from interview.tui.widgets.charts import bar, heatmap, sparkline
from interview.tui.widgets.header import Header
from interview.tui.widgets.tables import RowTable, flex_column
from interview.words import plural

if TYPE_CHECKING:
    from interview.progress.summary import AreaStat, Summary

STATUS_STYLE = {"weak": "red", "fading": "yellow", "strong": "green"}


def area_row(area: AreaStat, today_ts: float) -> tuple[Text | str, ...]:
    days = int((today_ts - area.last_practised.timestamp()) // 86400)
    return (
        area.label,
        bar(area.mastery, 10) + Text(f" {area.mastery:>4.0%}"),
        f"±{area.uncertainty:.0%}",
        sparkline(area.trend[-10:]),
        str(area.attempts),
        "today" if days <= 0 else f"{days}d",
        Text(area.status, style=STATUS_STYLE.get(area.status, "dim")),
    )


class WeakTopicsScreen(AppScreen[None]):
    CSS_PATH = "weak_topics.tcss"
    BINDINGS = [
        Binding("c", "category", "Category"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, category: str | None = None) -> None:
        super().__init__()
        self.category = category
        self.summary: Summary | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="filters"):
            yield Select([(label, str(c)) for c, label in CATEGORY_LABELS.items()],
                         prompt="All categories", value=self.category or Select.NULL, id="category")
            yield Static("", id="headline")
        with TabbedContent(id="tabs"):
            with TabPane("Topics", id="topics-tab"):
                yield RowTable(id="topics")
            with TabPane("Skills (rubric dimensions)", id="dimensions-tab"):
                yield RowTable(id="dimensions")
        calendar = Static("", id="calendar", classes="panel")
        calendar.border_title = "Practice days"
        yield calendar
        yield Footer(compact=True)

    def on_mount(self) -> None:
        for table in self.query(DataTable).results(DataTable):
            for name, width in (("Name", 20), ("Mastery", 15), ("±", 4), ("Trend", 8),
                                ("Tries", 5), ("Last", 6), ("Status", 9)):
                table.add_column(name, width=width, key=name)
        self.call_after_refresh(self.on_resize)
        self._load()
        self.watch(self.app, "data_version", self._reload, init=False)
        self.query_one("#topics").focus()

    def _reload(self) -> None:
        self._load()

    @work(exclusive=True, group="summary")
    async def _load(self) -> None:
        self._show(await self.interview.service.summary(self.category))

    def _show(self, summary: Summary | None) -> None:
        self.summary = summary
        headline = self.query_one("#headline", Static)
        calendar = self.query_one("#calendar", Static)
        if summary is None or not summary.total_attempts:
            headline.update("No attempts yet: practise a few questions and your weak spots show up here.")
            calendar.update(heatmap({}, self.interview.service.now().date(), dark=self._dark))
            for table in self.query(DataTable).results(DataTable):
                table.clear()
            return
        now = summary.generated_at
        for table_id, areas in (("#topics", summary.topics), ("#dimensions", summary.dimensions)):
            table = self.query_one(table_id, DataTable)
            table.clear()
            for area in areas:
                table.add_row(*area_row(area, now.timestamp()), key=area.id)
        weak = len(summary.weak_areas)
        headline.update(f"{plural(summary.total_attempts, 'attempt')} · {weak} weak · "
                        f"{len(summary.due)} due · Enter: practise")
        ready = [f"{c.label}: {c.readiness.score:.0%} ({c.readiness.verdict})"
                 for c in summary.categories if c.readiness is not None]
        side = f"Streak {plural(summary.streak_days, 'day')} · longest {summary.longest_streak}"
        target = next((c.readiness.target_date for c in summary.categories if c.readiness is not None), None)
        if ready:
            side += f"\nReadiness for {target}: " + ", ".join(ready)
        text = heatmap(summary.practice_days, now.date(), weeks=self._weeks(), dark=self._dark)
        text.append("\n" + side, style="dim")
        calendar.update(text)

    @property
    def _dark(self) -> bool:
        return self.app.current_theme.dark

    def _weeks(self) -> int:
        return max(8, min(52, (self.size.width - 8) // 2))

    def on_resize(self) -> None:
        for table in self.query(DataTable).results(DataTable):
            flex_column(table, "Name")
        if self.summary is not None:
            self._show(self.summary)

    @on(Select.Changed, "#category")
    def _category(self, event: Select.Changed) -> None:
        self.category = None if event.value is Select.NULL else str(event.value)
        self._load()

    @on(DataTable.RowSelected)
    async def _selected(self) -> None:
        await self.action_practise()

    async def action_practise(self) -> None:
        """Practise the highlighted topic, or a question exercising the highlighted skill."""
        summary = self.summary
        if summary is None:
            return
        tabs = self.query_one(TabbedContent)
        table = self.query_one("#topics" if tabs.active == "topics-tab" else "#dimensions", DataTable)
        if not table.row_count:
            return
        key = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        if tabs.active == "topics-tab":
            await self.interview.action_practise_next(topic=key)
            return
        area = next(a for a in summary.dimensions if a.id == key)
        await self.interview.action_practise_next(category=self.category or (area.categories or [""])[0])

    def action_category(self) -> None:
        self.query_one("#category", Select).expanded = True

    def action_back(self) -> None:
        self.app.pop_screen()
