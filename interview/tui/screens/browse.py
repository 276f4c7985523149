"""Browse: the whole bank in a table you can search (fuzzy), filter, sort and start from."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.fuzzy import Matcher
from textual.widgets import DataTable, Footer, Header, Input, Markdown, Select

from interview.bank.models import CATEGORY_LABELS, AnyQuestion
from interview.tui.data import topic_labels
from interview.tui.screens.base import AppScreen
from interview.tui.widgets.tables import RowTable, flex_column

DIFFICULTY_ORDER = {"easy": 0, "medium": 1, "hard": 2}
SORTS = ("category", "title", "difficulty", "best")


def searchable(question: AnyQuestion) -> str:
    return " ".join((question.title, question.id, question.category, *question.topics))


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
        self.shown: list[AnyQuestion] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="filters"):
            yield Input(placeholder="Search: title, topic, id…  (/)", id="search")
            yield Select([(label, str(c)) for c, label in CATEGORY_LABELS.items()],
                         prompt="All categories", value=self.category or Select.NULL, id="category")
        with Vertical(id="browse-body"):
            table: DataTable[str] = RowTable(id="questions", zebra_stripes=True)
            yield table
            yield Markdown("", id="preview", classes="panel")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#questions", DataTable)
        table.add_column("Question", key="title", width=28)
        table.add_column("Category", key="category", width=11)
        table.add_column("Topic", key="topic", width=14)
        table.add_column("Level", key="difficulty", width=6)
        table.add_column("Best", key="best", width=4)
        self.query_one("#preview").border_title = "Preview"
        self.call_after_refresh(self.on_resize)
        self._load_best()
        self._fill()
        table.focus()
        self.watch(self.app, "data_version", self._load_best, init=False)

    def on_resize(self) -> None:
        flex_column(self.query_one("#questions", DataTable), "title", minimum=20)

    @work(thread=True, exclusive=True, group="best")
    def _load_best(self, _version: int = 0) -> None:
        from interview.tui.data import best_scores

        best = best_scores(self.interview)
        self.app.call_from_thread(self._set_best, best)

    def _set_best(self, best: dict[str, float]) -> None:
        self.best = best
        self._fill()

    def _fill(self) -> None:
        bank = self.interview.bank
        assert bank is not None
        query = self.query_one("#search", Input).value.strip()
        questions = bank.filter(category=self.category)
        if query:
            matcher = Matcher(query)
            scored = [(matcher.match(searchable(q)), q) for q in questions]
            questions = [q for score, q in sorted(scored, key=lambda s: -s[0]) if score > 0]
        else:
            questions.sort(key=self._sort_key)
        self.shown = questions
        table = self.query_one("#questions", DataTable)
        table.clear()
        for q in questions:
            best = self.best.get(q.id)
            table.add_row(q.title, CATEGORY_LABELS[q.category], topic_labels(q.topics[:1]),
                          q.difficulty, "–" if best is None else f"{best:.0f}", key=q.id)
        order = "best match first" if query else f"sorted by {self.sort_by}"
        self.sub_title = f"{len(questions)} of {len(bank)} questions · {order}"
        self._preview()

    def _sort_key(self, q: AnyQuestion) -> tuple[object, ...]:
        if self.sort_by == "title":
            return (q.title.lower(),)
        if self.sort_by == "difficulty":
            return (DIFFICULTY_ORDER[q.difficulty], q.title.lower())
        if self.sort_by == "best":
            return (self.best.get(q.id, -1.0), q.title.lower())
        return (q.category, DIFFICULTY_ORDER[q.difficulty], q.title.lower())

    @property
    def current(self) -> AnyQuestion | None:
        table = self.query_one("#questions", DataTable)
        if not self.shown or table.cursor_row >= len(self.shown):
            return None
        return self.shown[table.cursor_row]

    def _preview(self) -> None:
        question = self.current
        text = "" if question is None else (
            f"**{question.title}**  \n*{question.category_label} · {question.difficulty} · "
            f"{question.minutes} min · {topic_labels(question.topics)}*\n\n{question.prompt}")
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
        question = self.current
        if question is not None:
            self.interview.practise(question)

    def action_back(self) -> None:
        if self.query_one("#search").has_focus:
            self.query_one("#questions").focus()
        else:
            self.app.pop_screen()
