"""The application shell: the application service in, screens on top, data loaded after the first paint.

The app holds what the screens share (the bank, the settings) and the one
`AppService` through which every screen reaches the history and the graders,
from workers, never touching the store itself.  Start-up stays close to a bare
Textual app because nothing heavy is imported or read before the home screen has
painted: the bank cache and the store are opened in a thread worker right after.

Nothing typed is lost on the way out: quitting (ctrl+q, SIGTERM, SIGHUP, SIGINT)
first hands the open editor's text to the service, whose queue is drained
before the store is closed.
"""

from __future__ import annotations

import contextlib
import signal
import tomllib
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.worker import get_current_worker

from interview.app.service import AppService, Hooks
from interview.interviewer.breaker import Breaker
from interview.tui.collector import PAUSE_S, PausedCollector
from interview.tui.screens.base import SavesText
from interview.tui.screens.home import HomeScreen

if TYPE_CHECKING:
    from interview.app.context import Context
    from interview.app.views import OpenReport
    from interview.bank.loader import Bank, LoadProblem
    from interview.bank.models import AnyQuestion
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


def skipped_files_notice(problems: Sequence[LoadProblem], shown: int = 3) -> str:
    """How many question files were skipped and the first few `path:line: field: problem`."""
    files = len({problem.path for problem in problems})
    lines = [str(problem) for problem in problems[:shown]]
    more = f"…and {len(problems) - shown} more. " if len(problems) > shown else ""
    return (f"{files} question file{'s' if files != 1 else ''} skipped:\n" + "\n".join(lines)
            + f"\n{more}Run `interview bank validate` for every problem.")


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

    def __init__(self, context: Context, hooks: Hooks | None = None,
                 mock: MockRequest | None = None) -> None:
        super().__init__()
        self.context = context
        self.mock_request = mock
        self.service = AppService(context, hooks)
        self.bank: Bank | None = None
        self.history_loaded = False  # the first Home view waits for it: no "No attempts yet" flash
        self._warmed_up = False
        self.collector = PausedCollector()
        self.load_error: str | None = None
        self.llm_disabled = False  # set for the session when retrying cannot help (a bad key)
        self.interviewer_breaker = Breaker()  # one per session: a hung LLM server costs its cut-off once
        theme = configured_theme(context.paths)
        if theme in self.available_themes:
            self.theme = theme

    # ------------------------------------------------------------ start-up

    def on_mount(self) -> None:
        self.push_screen(HomeScreen())
        self._trap_signals()
        self.call_after_refresh(self._load_data)

    def _trap_signals(self) -> None:
        """SIGTERM, SIGHUP (terminal closed) and SIGINT quit as ctrl+q does: saving first."""
        import asyncio

        loop = asyncio.get_running_loop()
        for name in ("SIGTERM", "SIGHUP", "SIGINT"):
            number = getattr(signal, name, None)
            if number is None:
                continue
            # Not on this platform or not the main thread (tests): ctrl+q still saves.
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(number, lambda: self.call_later(self.action_quit))

    def _load_data(self) -> None:
        self.run_worker(self._load_data_in_thread, thread=True, name="load-data", group="load")

    def _load_data_in_thread(self) -> None:
        """Read the settings and the bank cache and open the store, off the UI thread."""
        from interview.errors import UserError

        try:
            settings = self.context.settings
            bank = self.context.bank
        except UserError as exc:  # a bad config.toml or --bank path stops the app with one clear line
            self.call_from_thread(self.exit, None, 1, f"interview: error: {exc}")
            return
        report = self.service.open(bank)
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self._data_loaded, settings, bank, report)

    def _data_loaded(self, settings: Settings, bank: Bank, report: OpenReport) -> None:
        self.bank, self.load_error = bank, report.error
        self.history_loaded = True
        # The packs folder made at install is empty, and the loader reports it as a broken pack.
        problems = [p for p in bank.problems if p.path != str(self.context.paths.packs_dir)]
        if problems:
            self.notify(skipped_files_notice(problems), title="Question bank", severity="warning",
                        timeout=30)
        if report.error:
            self.notify(report.error, title="History", severity="error", timeout=10)
        for notice in report.notices:
            self.notify(notice, title="History", severity="warning", timeout=15)
        if report.available and report.read_only:
            self.notify("Another interview window holds the history: this one only reads it.",
                        title="History", severity="warning", timeout=10)
        self.watch(self, "theme", self._keep_theme, init=False)
        self.data_version += 1
        if self.mock_request is not None and report.available:
            self._open_mock_request(self.mock_request)
            self.mock_request = None

    def warm_up(self) -> None:
        """Once Home has shown its first figures (from the store's totals), read what the other
        screens need and freeze it out of the collector's sight (see `AppService.warm_up`)."""
        if not self._warmed_up:
            self._warmed_up = True
            self.run_worker(self._warm_up_in_thread, thread=True, name="warm-up", group="load",
                            exit_on_error=False)

    def _warm_up_in_thread(self) -> None:
        self.service.warm_up()
        self.call_from_thread(self._collect_in_pauses)

    def _collect_in_pauses(self) -> None:
        """From now on full garbage collections wait for a pause in typing (see `collector`)."""
        self.collector.start()
        self.set_interval(PAUSE_S, self.collector.tick)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            self.collector.key_pressed()
        await super().on_event(event)

    def on_unmount(self) -> None:
        self.collector.stop()

    def _keep_theme(self, theme: str) -> None:
        """A theme chosen anywhere (the command palette too) is the theme of the next start."""
        if not self.service.read_only and theme != self.settings.ui.theme:
            self.run_worker(self.service.save_theme(theme), group="theme", exit_on_error=False)

    def _open_mock_request(self, request: MockRequest) -> None:
        from interview.tui.screens.mock_run import resume_mock, start_mock

        if request.resume_id is not None:
            self.run_worker(resume_mock(self, request.resume_id), group="mock", exit_on_error=False)
        elif request.template is not None:
            self.run_worker(start_mock(self, request.template, request.mode), group="mock",
                            exit_on_error=False)

    @property
    def settings(self) -> Settings:
        """The settings as last read or saved (read in the loading worker, so never on this thread)."""
        return self.context.settings

    @property
    def ready(self) -> bool:
        return self.bank is not None

    def close_store(self) -> None:
        """Finish every queued save, then release the store's lock for the next run (or the CLI)."""
        self.service.close()

    def save_open_text(self) -> None:
        """Hand whatever is typed in any open editor to the service (queued, ordered, off this thread)."""
        for screen in self.screen_stack:
            if isinstance(screen, SavesText):
                screen.save_text_now()

    async def action_quit(self) -> None:
        self.save_open_text()
        self.exit()

    def action_help_quit(self) -> None:
        """ctrl+c outside an editor: save what is typed, and say how to quit."""
        self.save_open_text()
        super().action_help_quit()

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

    async def action_practise_next(self, topic: str = "", category: str = "") -> None:
        """Open the recommended question (optionally within one topic or category)."""
        if not self._need_data():
            return
        question = await self.service.next_question(topic=topic or None, category=category or None)
        if question is None:
            self.notify("No question matches; try Browse.", severity="warning")
            return
        self.practise(question)

    def practise(self, question: AnyQuestion, text: str | None = None, *, replace: bool = False) -> None:
        """Open a question with its saved draft (or `text`, the last answer when trying again)."""
        self.run_worker(self._open_answer(question, text, replace), group="open-answer", exclusive=True)

    async def _open_answer(self, question: AnyQuestion, text: str | None, replace: bool) -> None:
        from interview.app.service import draft_key
        from interview.tui.screens.answer import AnswerScreen

        draft = await self.service.load_draft(draft_key(question.id))
        screen = AnswerScreen(question, draft or text, restored=bool(draft))
        if replace:
            await self.switch_screen(screen)
        else:
            await self.push_screen(screen)

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
        if not self.service.available:
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
