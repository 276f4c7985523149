"""Home: what to do today, and a way to everything else in one key."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.markup import escape
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from interview.tui.screens.base import AppScreen
from interview.tui.widgets.charts import bar, sparkline
from interview.tui.widgets.header import Header
from interview.words import plural

if TYPE_CHECKING:
    from interview.app.views import HomeView

MENU = (
    ("practise_next", "p", "Practise the next question"),
    ("mock", "m", "Mock interview"),
    ("weak_topics", "w", "Weak topics"),
    ("browse", "b", "Browse all questions"),
    ("history", "y", "History"),
    ("settings", "s", "Settings"),
)


class HomeScreen(AppScreen[None]):
    CSS_PATH = "home.tcss"
    BINDINGS = [
        Binding("p", "app.practise_next", "Practise"),
        Binding("m", "app.mock", "Mock"),
        Binding("w", "app.weak_topics", "Weak topics"),
        Binding("b", "app.browse", "Browse"),
        Binding("y", "app.history", "History"),
        Binding("s", "app.settings", "Settings"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="home"):
            with Vertical(id="today-column"):
                today = OptionList(id="today", classes="panel")
                today.border_title = "Today"
                yield today
                stats = Static("", id="stats", classes="panel")
                stats.border_title = "Progress"
                yield stats
            menu = OptionList(
                *[Option(f"[b]{key}[/]  {label}", id=action) for action, key, label in MENU],
                id="menu", classes="panel",
            )
            menu.border_title = "Go to"
            yield menu
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#today", OptionList).add_option(Option("Loading…", disabled=True))
        self.query_one("#stats", Static).update("[dim]Loading your history…[/]")
        self.watch(self.app, "data_version", self._refresh, init=False)
        self._refresh()

    def on_screen_resume(self) -> None:
        self._refresh()

    def _refresh(self, _version: int = 0) -> None:
        """Nothing is shown from the history until it has loaded: no "No attempts yet" flash."""
        if self.interview.history_loaded:
            self._load()

    @work(exclusive=True, group="home", exit_on_error=False)
    async def _load(self) -> None:
        try:
            view = await self.interview.service.home()
        except Exception as exc:  # saved data Home cannot read must not take the app down
            self._unreadable(exc)
            return
        self._show(view)
        self.interview.warm_up()

    def _unreadable(self, exc: Exception) -> None:
        today = self.query_one("#today", OptionList)
        today.clear_options()
        today.add_option(Option(f"[red]Your history could not be read:[/] {escape(str(exc))}", disabled=True))
        self.query_one("#stats", Static).update("[dim]Press p to practise; your answers are still saved.[/]")

    def _show(self, view: HomeView) -> None:
        today = self.query_one("#today", OptionList)
        highlighted = today.highlighted
        today.clear_options()
        try:
            self._fill_today(today, view)
        except Exception as exc:  # one bad record must not take Home (and the app) down with it
            today.clear_options()
            today.add_option(Option(f"[red]Today's list could not be shown:[/] {escape(str(exc))}",
                                    disabled=True))
        if today.option_count:
            today.highlighted = min(highlighted or 0, today.option_count - 1)
        try:
            stats = self._stats(view)
        except Exception as exc:
            stats = f"[red]Progress could not be shown:[/] {escape(str(exc))}"
        self.query_one("#stats", Static).update(stats)

    @staticmethod
    def _fill_today(today: OptionList, view: HomeView) -> None:
        for notice in view.notices:
            today.add_option(Option(f"[yellow]{escape(notice)}[/]", disabled=True))
        for mock in view.unfinished_mocks:
            state = ("every answer is in; Enter grades them" if mock.answered
                     else "interrupted; choose whether the time away counts")
            today.add_option(Option(f"↻ [b]Resume mock: {escape(mock.name)}[/]\n  [dim]{state}[/]",
                                    id=f"m:{mock.id}"))
        for question in view.drafts:
            today.add_option(Option(f"✎ [b]Continue your draft: {escape(question.title)}[/]\n  [dim]"
                                    f"{question.category_label} · not submitted yet[/]",
                                    id=f"q:{question.id}"))
        for pick in view.picks:
            question = pick.question
            today.add_option(Option(
                f"▶ [b]{escape(question.title)}[/]\n  [dim]{question.category_label} · {question.difficulty}"
                f" · {escape(pick.reason)}[/]",
                id=f"q:{question.id}",
            ))
        if view.due:
            today.add_option(Option(f"  {plural(view.due, 'review')} due today", disabled=True))
        if view.weakest:
            today.add_option(None)
            today.add_option(Option("[dim]Weakest topics — Enter to practise[/]", disabled=True))
            for row in view.weakest:
                label = f"▶ {escape(row.label[:24]):<24} "
                today.add_option(Option(
                    label + bar(row.mastery, 10).markup + f" {row.mastery:.0%}", id=f"t:{row.id}"
                ))

    @staticmethod
    def _stats(view: HomeView) -> str:
        if not view.attempts:
            return "No attempts yet: press [b]p[/] to answer your first question."
        recent = " ".join(f"{s:.0f}" for s in view.recent[-5:])
        return f"Streak [b]{plural(view.streak, 'day')}[/]   Recent {sparkline(view.recent).markup} {recent}"

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        app = self.interview
        if event.option_list.id == "menu":
            await self.run_action(f"app.{option_id}")
        elif option_id.startswith("q:") and app.bank is not None:
            app.practise(app.bank.questions[option_id[2:]])
        elif option_id.startswith("m:"):
            from interview.tui.screens.mock_run import resume_mock

            self.run_worker(resume_mock(app, option_id[2:]), group="mock", exit_on_error=False)
        elif option_id.startswith("t:"):
            await app.action_practise_next(topic=option_id[2:])
