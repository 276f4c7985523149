"""Browse: the whole bank in a table you can search (by relevance), filter, sort and start from."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Footer, Input, Markdown, Select

from interview.bank.enums import CATEGORY_LABELS
from interview.bank.index import QuestionEntry
from interview.errors import UserError
from interview.tui.data import topic_labels
from interview.tui.screens.base import AppScreen
from interview.tui.widgets.header import Header
from interview.tui.widgets.tables import RowTable

if TYPE_CHECKING:
    from interview.bank.search import SearchIndex

DIFFICULTY_ORDER = {"easy": 0, "medium": 1, "hard": 2}
SORTS = ("category", "title", "difficulty", "best")
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")  # escaped where a query is shown as Markdown


# Column keys in display order, with the width each needs at least.
MINIMUM = {
    "title": 28,
    "category": max(len(label) for label in CATEGORY_LABELS.values()),
    "topic": 14,
    "difficulty": len("medium"),
    "best": 4,
}
LABELS = {"title": "Question", "category": "Category", "topic": "Topics", "difficulty": "Level",
          "best": "Best"}
# Which columns a narrow table keeps, most wanted first: the title always.
KEEP = ("title", "best", "difficulty", "topic", "category")
# How room beyond the minimums is shared out, in turn: (column, up to this width).  Most
# titles fit in 48 and most topic lists in 40; the title takes whatever is left at the end.
GROWTH = (("title", 48), ("topic", 40), ("title", 74), ("topic", 64))


def fit_columns(room: int, padding: int) -> dict[str, int]:
    """Column widths for a table `room` cells wide: the title gets the room, the rest as it allows."""
    shown: list[str] = []
    for key in KEEP:
        if not shown or sum(MINIMUM[k] + 2 * padding for k in (*shown, key)) <= room:
            shown.append(key)
    widths = {key: MINIMUM[key] for key in shown}
    spare = room - sum(width + 2 * padding for width in widths.values())
    for key, up_to in GROWTH:
        if key in widths and spare > 0:
            grow = min(spare, max(0, up_to - widths[key]))
            widths[key] += grow
            spare -= grow
    widths["title"] = max(1, widths["title"] + spare)
    return {key: widths[key] for key in MINIMUM if key in widths}


class QuestionTable(RowTable):
    """The question table; says when its width changes (a terminal resize, the wide layout)."""

    class Resized(Message):
        pass

    def on_resize(self, _event: events.Resize) -> None:
        self.post_message(self.Resized())


class BrowseScreen(AppScreen[None]):
    CSS_PATH = "browse.tcss"
    BINDINGS = [
        Binding("slash", "search", "Search"),
        Binding("o", "sort", "Sort"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, category: str | None = None) -> None:
        super().__init__()
        self.category = category
        self.sort_by = "category"
        self.best: dict[str, float] = {}
        self.shown: list[QuestionEntry] = []
        self.index: SearchIndex | None = None  # built in a worker, once per bank
        self.widths: dict[str, int] = fit_columns(78, 1)  # an 80-column terminal, until laid out

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="filters"):
            yield Input(placeholder="Search: title, topic, id…  (/)", id="search")
            yield Select([(label, str(c)) for c, label in CATEGORY_LABELS.items()],
                         prompt="All categories", value=self.category or Select.NULL, id="category")
        with Vertical(id="browse-body"):
            table: DataTable[str] = QuestionTable(id="questions", zebra_stripes=True)
            yield table
            yield Markdown("", id="preview", classes="panel")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#preview").border_title = "Preview"
        self._build_index()
        self._load_best()
        self._fill()
        self.query_one("#questions").focus()
        self.watch(self.app, "data_version", self._history_changed, init=False)

    @on(QuestionTable.Resized)
    def _fit(self) -> None:
        table = self.query_one("#questions", DataTable)
        if not table.size.width:
            return
        room = table.size.width - table.styles.scrollbar_size_vertical
        widths = fit_columns(room, table.cell_padding)
        if widths != self.widths:
            self.widths = widths
            self._fill(keep_cursor=True)

    @work(thread=True, exclusive=True, group="index")
    def _build_index(self) -> None:
        from interview.bank.search import search_index

        bank = self.interview.bank
        assert bank is not None
        index = search_index(bank)
        self.app.call_from_thread(self._index_ready, index)

    def _index_ready(self, index: SearchIndex) -> None:
        self.index = index
        if self.query_one("#search", Input).value.strip():
            self._fill()
        else:
            self._preview()  # now with the prompt, which comes with the index's texts

    def _history_changed(self) -> None:
        self._load_best()

    @work(thread=True, exclusive=True, group="best")
    def _load_best(self) -> None:
        from interview.tui.data import best_scores

        best = best_scores(self.interview)
        self.app.call_from_thread(self._set_best, best)

    def _set_best(self, best: dict[str, float]) -> None:
        self.best = best
        self._fill(keep_cursor=True)

    def _fill(self, keep_cursor: bool = False) -> None:
        """Fill the table from the filters; `keep_cursor` stays on the same question if it is still shown."""
        bank = self.interview.bank
        assert bank is not None
        query = self.query_one("#search", Input).value.strip()
        questions = bank.filter(category=self.category)
        if query and self.index is not None:
            questions = self.index.search(query, within={q.id for q in questions})
            order = "best match first"
        else:
            questions.sort(key=self._sort_key)
            order = "indexing…" if query else f"sorted by {self.sort_by}"
        table = self.query_one("#questions", DataTable)
        was = self.current.id if keep_cursor and self.current is not None else None
        self.shown = questions
        columns = [(str(key.value), column.width) for key, column in table.columns.items()]
        table.clear(columns=columns != list(self.widths.items()))
        if not table.columns:
            for key, width in self.widths.items():
                table.add_column(LABELS[key], key=key, width=width)
        for q in questions:
            table.add_row(*(self._cell(q, key) for key in self.widths), key=q.id)
        if was is not None and was in table.rows:
            table.move_cursor(row=table.get_row_index(was))
        self.sub_title = f"{len(questions)} of {len(bank)} questions · {order}"
        self._preview()

    def _cell(self, question: QuestionEntry, key: str) -> str | Text:
        if key == "title":  # Text, not str: a "[" in a title is not markup; cut with "…"
            return Text(question.title, no_wrap=True, overflow="ellipsis")
        if key == "category":
            return question.category_label
        if key == "topic":
            return Text(topic_labels(question.topics), no_wrap=True, overflow="ellipsis")
        if key == "difficulty":
            return question.difficulty
        best = self.best.get(question.id)
        return "–" if best is None else f"{best:.0f}"

    def _sort_key(self, q: QuestionEntry) -> tuple[object, ...]:
        if self.sort_by == "title":
            return (q.title.lower(),)
        if self.sort_by == "difficulty":
            return (DIFFICULTY_ORDER[q.difficulty], q.title.lower())
        if self.sort_by == "best":
            return (self.best.get(q.id, -1.0), q.title.lower())
        return (q.category, DIFFICULTY_ORDER[q.difficulty], q.title.lower())

    @property
    def current(self) -> QuestionEntry | None:
        table = self.query_one("#questions", DataTable)
        if not self.shown or table.cursor_row >= len(self.shown):
            return None
        return self.shown[table.cursor_row]

    def _preview(self) -> None:
        question = self.current
        if question is not None:  # the prompt once the index has read the texts (in its worker)
            prompt = self.index.texts[question.id].prompt if self.index is not None else ""
            text = (f"**{question.title}**  \n*{question.category_label} · {question.difficulty} · "
                    f"{question.minutes} min · {topic_labels(question.topics)}*\n\n{prompt}")
        elif query := self.query_one("#search", Input).value.strip():
            where = "" if self.category is None else " in this category"
            shown = MARKDOWN_SPECIAL.sub(r"\\\1", query)
            text = (f"No question matches *{shown}*{where}. "
                    "Try fewer or shorter words, or a topic such as *drift* or *attention*.")
        else:
            text = ""
        self.query_one("#preview", Markdown).update(text)

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._preview()

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_start()

    @on(DataTable.HeaderSelected)
    def _header(self, event: DataTable.HeaderSelected) -> None:
        key = str(event.column_key.value)
        if key in SORTS:
            self.sort_by = key
            self._fill()

    @on(Input.Changed, "#search")
    def _search(self) -> None:
        self._fill()

    @on(Input.Submitted, "#search")
    def _search_done(self) -> None:
        self.query_one("#questions").focus()

    def on_key(self, event: events.Key) -> None:
        """Down from the search box goes to the results, as in any search field."""
        if event.key == "down" and self.query_one("#search").has_focus:
            event.stop()
            self.query_one("#questions").focus()

    @on(Select.Changed, "#category")
    def _category(self, event: Select.Changed) -> None:
        self.category = None if event.value is Select.NULL else str(event.value)
        self._fill()

    def action_search(self) -> None:
        self.query_one("#search").focus()

    def action_sort(self) -> None:
        self.sort_by = SORTS[(SORTS.index(self.sort_by) + 1) % len(SORTS)]
        self._fill()

    def action_start(self) -> None:
        question, bank = self.current, self.interview.bank
        if question is None or bank is None:
            return
        try:
            self.interview.practise(bank.get(question.id))  # the full question, from its file
        except UserError as exc:  # the file broke since the bank was loaded
            self.notify(str(exc), severity="error")

    def action_back(self) -> None:
        if self.query_one("#search").has_focus:
            self.query_one("#questions").focus()
        else:
            self.app.pop_screen()
