"""The application shell: services in, screens on top, data loaded after the first paint.

The app owns the state the screens share (the bank, the store, the settings)
and exposes it as attributes; screens post messages or call app actions to
change it.  Start-up stays close to a bare Textual app because nothing heavy is
imported or read before the home screen has painted: the bank cache and the
store are opened in a thread worker right after.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.worker import get_current_worker

from interview.tui.screens.home import HomeScreen
from interview.tui.services import Services

if TYPE_CHECKING:
    from interview.bank.loader import Bank
    from interview.bank.models import AnyQuestion
    from interview.cli.context import Context
    from interview.config import Settings
    from interview.mock.templates import MockRequest
    from interview.paths import Paths


def configured_theme(paths: Paths) -> str | None:
    """The theme from config.toml, read without pydantic so the first frame has the right colours.

    The whole file is validated right after, in the loading worker.
    """
    try:
        data = tomllib.loads(paths.config_file.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    ui = data.get("ui")
    theme = ui.get("theme") if isinstance(ui, dict) else None
    return theme if isinstance(theme, str) else None


class InterviewApp(App[None]):
    TITLE = "interview"
    SUB_TITLE = "practise the AI / ML engineering loop"
    CSS_PATH = "app.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    BINDINGS = [
        Binding("question_mark,f1", "help", "Help", key_display="?"),
        Binding("ctrl+q", "quit", "Quit", priority=True, show=False),
    ]

    # Bumped whenever the bank or the history changes; screens watch it to refresh.
    data_version: reactive[int] = reactive(0)

    def __init__(self, context: Context, services: Services | None = None,
                 mock: MockRequest | None = None) -> None:
        super().__init__()
        self.context = context
        self.mock_request = mock
        self.services = services or Services.default(context)
        self.settings: Settings = None  # type: ignore[assignment]  # read in the loading worker
        self.bank: Bank | None = None
        self.store: Any = None
        self.load_error: str | None = None
        self.llm_disabled = False  # set for the session when retrying cannot help (a bad key)
        theme = configured_theme(context.paths)
        if theme in self.available_themes:
            self.theme = theme

    # ------------------------------------------------------------ start-up

    def on_mount(self) -> None:
        self.push_screen(HomeScreen())
        self.call_after_refresh(self._load_data)

    def _load_data(self) -> None:
        self.run_worker(self._load_data_in_thread, thread=True, name="load-data", group="load")

    def _load_data_in_thread(self) -> None:
        """Read the settings and the bank cache and open the store, off the UI thread."""
        from interview.errors import UserError

        try:
            settings = self.context.settings
        except UserError as exc:  # a bad config.toml stops the app with one clear line
            self.call_from_thread(self.exit, None, 1, f"interview: error: {exc}")
            return
        bank = self.context.bank
        store = None
        error = None
        if self.services.open_store is not None:
            try:
                store = self.services.open_store()
            except UserError as exc:
                error = str(exc)
            except ImportError:
                error = "history is not available in this build"
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self._data_loaded, settings, bank, store, error)

    def _data_loaded(self, settings: Settings, bank: Bank, store: Any, error: str | None) -> None:
        self.settings, self.bank, self.store, self.load_error = settings, bank, store, error
        if error:
            self.notify(error, title="History", severity="error", timeout=10)
        if store is not None:
            for notice in store.notices:
                self.notify(notice, title="History", severity="warning", timeout=15)
            if store.read_only:
                self.notify("Another interview window holds the history: this one only reads it.",
                            title="History", severity="warning", timeout=10)
        self.data_version += 1
        if self.mock_request is not None and store is not None:
            self._open_mock_request(self.mock_request)
            self.mock_request = None

    def _open_mock_request(self, request: MockRequest) -> None:
        from interview.tui.screens.mock_run import resume_mock, start_mock

        if request.resume_id is not None:
            resume_mock(self, request.resume_id)
        elif request.template is not None:
            start_mock(self, request.template, request.mode)

    @property
    def ready(self) -> bool:
        return self.bank is not None

    def close_store(self) -> None:
        """Release the store's lock so the next run (or the CLI) can write."""
        if self.store is not None:
            self.store.close()
            self.store = None

    def changed(self) -> None:
        """Tell every screen watching `data_version` that the history changed."""
        self.data_version += 1

    # ------------------------------------------------------------- actions

    def _need_data(self) -> bool:
        if not self.ready:
            self.notify("Still loading the question bank…", timeout=2)
            return False
        return True

    def action_help(self) -> None:
        from interview.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_go_home(self) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()

    def action_browse(self, category: str = "") -> None:
        if self._need_data():
            from interview.tui.screens.browse import BrowseScreen

            self.push_screen(BrowseScreen(category or None))

    def action_practise_next(self, topic: str = "", category: str = "") -> None:
        """Open the recommended question (optionally within one topic or category)."""
        if not self._need_data():
            return
        from interview.tui.data import next_question

        question = next_question(self, topic=topic or None, category=category or None)
        if question is None:
            self.notify("No question matches; try Browse.", severity="warning")
            return
        self.practise(question)

    def practise(self, question: AnyQuestion) -> None:
        from interview.tui.screens.answer import AnswerScreen

        self.push_screen(AnswerScreen(question))

    def action_weak_topics(self) -> None:
        if self._need_data():
            from interview.tui.screens.weak_topics import WeakTopicsScreen

            self.push_screen(WeakTopicsScreen())

    def action_history(self) -> None:
        if self._need_data():
            from interview.tui.screens.history import HistoryScreen

            self.push_screen(HistoryScreen())

    def action_stories(self) -> None:
        if self._need_data():
            from interview.tui.screens.stories import StoriesScreen

            self.push_screen(StoriesScreen())

    def action_settings(self) -> None:
        if self._need_data():
            from interview.tui.screens.settings import SettingsScreen

            self.push_screen(SettingsScreen())

    def action_mock(self) -> None:
        if not self._need_data():
            return
        if self.store is None:
            self.notify("Mock interviews need the history, which is unavailable.", severity="error")
        else:
            from interview.tui.screens.mock_picker import MockPickerScreen

            self.push_screen(MockPickerScreen())

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Practise next", "Open the recommended question", self.action_practise_next)
        yield SystemCommand("Mock interview", "Pick a template and start a timed mock", self.action_mock)
        yield SystemCommand("Weak topics", "Mastery, trends and practice days", self.action_weak_topics)
        yield SystemCommand("Browse questions", "Search and filter the whole bank", self.action_browse)
        yield SystemCommand("History", "Past attempts and mocks", self.action_history)
        yield SystemCommand("Story bank", "Your STAR stories; practise 'tell me about yourself'",
                            self.action_stories)
        yield SystemCommand("Settings", "LLM provider, target date, theme", self.action_settings)
        yield SystemCommand("Home", "Back to the home screen", self.action_go_home)
        yield SystemCommand("Help", "Every key binding", self.action_help)
