"""Sitting a mock: the answer screen in strict mode, driven by the engine's clock.

The engine decides everything (deadlines, auto-submit, round ends); this screen
ticks it once a second, shows what it says, and hands it the answer text every
few seconds so a crash resumes the mock where it stopped.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Footer, Header, Input, Markdown, Static

from interview.tui.screens.answer import edit_externally, starter_text
from interview.tui.screens.base import AppScreen
from interview.tui.screens.confirm import ChoiceModal
from interview.tui.widgets.answer_editor import AnswerEditor
from interview.tui.widgets.clarify_panel import ClarifyPanel
from interview.tui.widgets.timer import Timer, clock

if TYPE_CHECKING:
    from interview.bank.models import AnyQuestion
    from interview.mock.engine import Event, MockEngine
    from interview.mock.templates import MockTemplate
    from interview.tui.app import InterviewApp

AUTOSAVE_SECONDS = 3.0


def start_mock(app: InterviewApp, template: MockTemplate, mode: str = "strict") -> None:
    from interview.tui.mock import sessions

    engine = sessions(app).new(template, mode, rng=app.services.rng)  # type: ignore[arg-type]
    engine.start()
    _open(app, MockRunScreen(engine))


def resume_mock(app: InterviewApp, mock_id: str) -> None:
    """Reopen an interrupted mock; the user chooses whether the time away counts."""
    from interview.mock.engine import Phase
    from interview.tui.mock import sessions

    mocks = sessions(app)
    if mock_id == "latest":
        unfinished = mocks.unfinished()
        if not unfinished:
            app.notify("No interrupted mock to resume.", severity="warning")
            return
        mock_id = unfinished[0].id
    engine = mocks.resume(mock_id)
    if engine.phase in (Phase.finished, Phase.abandoned):
        _open(app, MockGradingScreen(engine))
        return
    if engine.phase == Phase.not_started:
        engine.start()
    if engine.phase != Phase.in_question:
        _open(app, MockRunScreen(engine))
        return
    away = (engine.clock() - engine.state.last_seen_at).total_seconds()

    def chosen(choice: str | None) -> None:
        if choice is None:
            return
        engine.resume_after_restart(forfeit=choice == "forfeit")
        _open(app, MockRunScreen(engine))

    app.push_screen(ChoiceModal(
        "Resume the mock",
        f"You were away for {clock(away)}. In a real interview the clock keeps running; "
        "you can instead give up the open question and keep the rest of the round's time.",
        [("forfeit", "Forfeit the question", "default"), ("counts", "Time away counts", "primary")],
    ), chosen)


def _open(app: InterviewApp, screen: AppScreen[None]) -> None:
    """Replace a mock picker, or stack on home when started from the command line."""
    from interview.tui.screens.mock_picker import MockPickerScreen

    if isinstance(app.screen, MockPickerScreen | MockRunScreen | MockGradingScreen):
        app.switch_screen(screen)
    else:
        app.push_screen(screen)


class MockRunScreen(AppScreen[None]):
    CSS_PATH = "mock_run.tcss"
    BINDINGS = [
        Binding("ctrl+s", "submit", "Submit"),
        Binding("ctrl+n", "skip", "Skip"),
        Binding("ctrl+g", "hint", "Hint"),
        Binding("f6", "pause", "Pause", priority=True),  # the editor's own F6 (select line) would hide it
        Binding("ctrl+o", "open_editor", "$EDITOR"),
        Binding("escape", "leave", "Leave", priority=True),
    ]

    def __init__(self, engine: MockEngine) -> None:
        super().__init__()
        self.engine = engine
        self.shown: tuple[int, int, str, int] | None = None
        self.hints_shown = 0
        self.saved_text = ""
        self.showing = asyncio.Lock()  # a tick must not swap questions while one is being shown

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="mock-progress")
        with Horizontal(id="mock-body"):
            with VerticalScroll(id="prompt-pane", classes="panel"):
                yield Static("", id="question-title")
                yield Markdown("", id="prompt")
                yield Static("", id="hints")
            with Vertical(id="work-pane"), Horizontal(id="status"):
                yield Timer(0, countdown=True, id="timer")
                yield Static("", id="round-left")
        with Vertical(id="between", classes="panel hidden"):
            yield Static("", id="between-text")
            yield Button("Start the next round", id="next-round", variant="primary")
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        self.query_one("#prompt-pane").border_title = "Question"
        self.set_interval(1.0, self.tick)
        self.set_interval(AUTOSAVE_SECONDS, self.autosave)
        await self._show_current()

    @property
    def question(self) -> AnyQuestion | None:
        slot = self.engine.current_slot
        bank = self.interview.bank
        return bank.questions[slot.question_id] if slot is not None and bank is not None else None

    def editor(self) -> AnswerEditor | None:
        editors = self.query(AnswerEditor)
        return editors.first() if editors else None

    # ------------------------------------------------------------- clock

    async def tick(self) -> None:
        """Hand the engine the latest text, then let it apply whatever time says."""
        self._push_text()
        await self._handle(self.engine.tick())
        self._update_clock()

    def _push_text(self) -> None:
        editor = self.editor()
        if editor is not None and self.engine.current_slot is not None:
            self.engine.update_answer(editor.text)

    def autosave(self) -> None:
        editor = self.editor()
        if editor is None or self.engine.current_slot is None or editor.text == self.saved_text:
            return
        self.engine.update_answer(editor.text)
        self.engine.save()
        self.saved_text = editor.text

    def _update_clock(self) -> None:
        engine = self.engine
        slot = engine.current_slot
        if slot is None or slot.started_at is None:
            return
        if slot.stage != "answer":  # the clarify phase or a follow-up: its own clock, the round's stopped
            length = slot.clarify_s if slot.stage == "clarify" else engine.state.follow_up_s
            timer = self.query_one(Timer)
            timer.limit = length
            timer.elapsed = length - engine.stage_remaining_s()
            self.query_one("#round-left", Static).update(
                f"{'clarify' if slot.stage == 'clarify' else 'follow-up'} · round clock stopped "
                f"({clock(engine.round_remaining_s())} left)")
            return
        allotted = (engine.question_deadline() - slot.started_at).total_seconds()
        timer = self.query_one(Timer)
        timer.limit = allotted
        timer.elapsed = allotted - engine.question_remaining_s()
        paused = "  [b]paused[/]" if engine.state.paused_at else ""
        self.query_one("#round-left", Static).update(
            f"round: {clock(engine.round_remaining_s())} left{paused}")

    async def _handle(self, events: list[Event]) -> None:
        kinds = {e.kind for e in events}
        for event in events:
            if event.kind == "warning" and event.seconds_left is not None:
                self.notify(f"{clock(event.seconds_left)} left on this question.", severity="warning")
            elif event.kind == "auto_submitted":
                self.notify("Time is up: the answer was submitted as it stood.", title="Time")
        if kinds & {"question_started", "round_ended", "finished", "round_started", "clarify_started",
                    "clarify_ended", "follow_up_started"}:
            await self._show_current()

    async def _show_current(self) -> None:
        async with self.showing:
            await self._show_current_locked()

    async def _show_current_locked(self) -> None:
        from interview.mock.engine import Phase

        engine = self.engine
        state = engine.state
        if engine.is_over:
            self.app.switch_screen(MockGradingScreen(engine))
            return
        between = state.phase == Phase.between_rounds
        self.query_one("#between").set_class(not between, "hidden")
        self.query_one("#mock-body").set_class(between, "hidden")
        rounds = len(state.rounds)
        current = engine.current_round
        if between:
            upcoming = state.rounds[state.round_index + 1].spec
            self.query_one("#mock-progress", Static).update(
                f"Round {state.round_index + 1}/{rounds} done · {state.template.name}")
            self.query_one("#between-text", Static).update(
                f"[b]Round {state.round_index + 1} is over.[/] The clock is stopped.\n\n"
                f"Next: [b]{upcoming.label}[/] · {upcoming.minutes} min · {upcoming.questions} "
                f"question(s).\nPress Enter when you are ready.")
            self.query_one("#next-round", Button).focus()
            self.refresh_bindings()
            return
        slot = engine.current_slot
        assert slot is not None
        key = (state.round_index, state.question_index, slot.stage, slot.follow_up_index)
        self.query_one("#mock-progress", Static).update(
            f"{state.template.name} · Round {key[0] + 1}/{rounds}: {current.spec.label} · "
            f"Question {key[1] + 1}/{len(current.slots)}"
            + ("" if engine.strict else "  [dim](practice mode)[/]"))
        if key == self.shown:
            return
        question = self.question
        assert question is not None
        if key[:2] != (self.shown or key)[:2] or slot.stage == "clarify":
            self.hints_shown = 0
        self.query_one("#question-title", Static).update(
            f"[b]{question.title}[/]\n[dim]{question.category_label} · {question.difficulty}[/]")
        follow_up = slot.current_follow_up
        prompt = question.prompt
        if follow_up is not None:
            number = f"{slot.follow_up_index + 1} of {len(slot.follow_ups)}"
            prompt = (f"**The interviewer follows up ({number}):** {follow_up.text}\n\n---\n\n"
                      f"{question.prompt}")
        await self.query_one("#prompt", Markdown).update(prompt)
        self.query_one("#hints", Static).update("")
        for old in [*self.query(AnswerEditor), *self.query(ClarifyPanel)]:
            await old.remove()
        self.shown = key
        if slot.stage == "clarify":
            panel = ClarifyPanel(slot.clarify)
            await self.query_one("#work-pane").mount(panel, before=0)
            panel.query_one(Input).focus()
            self._update_clock()
            self.refresh_bindings()
            return
        text = follow_up.answer if follow_up is not None else slot.answer or starter_text(question)
        self.saved_text = text
        editor = AnswerEditor(question, text, prose=follow_up is not None)
        await self.query_one("#work-pane").mount(editor, before=0)
        editor.area.focus()
        self._update_clock()
        self.refresh_bindings()

    # ----------------------------------------------------------- actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        slot = self.engine.current_slot
        in_question = slot is not None
        stage = slot.stage if slot is not None else "answer"
        if action == "skip" and (stage == "clarify" or (stage == "follow_up" and self.engine.strict)):
            return False  # strict mode: the interviewer's follow-ups cannot be skipped
        if action == "open_editor" and stage == "clarify":
            return False
        if action == "hint" and stage != "answer":
            return False
        if action in ("submit", "skip", "open_editor"):
            return in_question
        if action in ("hint", "pause") and self.engine.strict:
            return False  # never offered in a strict mock, so not shown at all
        if action == "hint":
            question = self.question
            return (in_question and self.engine.hints_allowed and question is not None
                    and self.hints_shown < len(question.hints)) or None
        if action == "pause":
            return in_question or None
        return True

    async def action_submit(self) -> None:
        slot = self.engine.current_slot
        if slot is not None and slot.stage == "clarify":
            await self._handle(self.engine.end_clarify())  # ctrl+s: start designing
            return
        editor = self.editor()
        if editor is not None and self.engine.current_slot is not None:
            await self._handle(self.engine.submit(editor.text))

    async def action_skip(self) -> None:
        editor = self.editor()
        if editor is not None and self.engine.current_slot is not None:
            await self._handle(self.engine.skip(editor.text))

    def action_hint(self) -> None:
        question = self.question
        if question is None or not self.engine.hints_allowed or self.hints_shown >= len(question.hints):
            return
        self.hints_shown += 1
        self.query_one("#hints", Static).update("\n".join(
            f"[b]Hint {i + 1}.[/] {h}" for i, h in enumerate(question.hints[: self.hints_shown])))
        self.refresh_bindings()

    def action_pause(self) -> None:
        if self.engine.state.paused_at is None:
            self.engine.pause()
        else:
            self.engine.resume()
        self._update_clock()

    def action_open_editor(self) -> None:
        editor = self.editor()
        if editor is not None:
            edit_externally(self, editor)

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        """A clarifying question: matched to the facts offline, so the mock never waits on a network."""
        from interview.bank.models import SystemDesignQuestion
        from interview.interviewer import clarify

        question = self.question
        text = event.value.strip()
        if not text or not isinstance(question, SystemDesignQuestion):
            return
        event.input.value = ""
        events = self.engine.ask_clarifying(clarify.ask(question, text))
        panels = self.query(ClarifyPanel)
        slot = self.engine.current_slot
        if panels and slot is not None:
            panels.first().show(slot.clarify)
        await self._handle(events)

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "next-round":
            await self._handle(self.engine.start_next_round())

    def action_leave(self) -> None:
        def chosen(choice: str | None) -> None:
            if choice == "later":
                self.autosave()
                self.engine.save()
                self.app.pop_screen()
            elif choice == "end":
                self._push_text()
                self.engine.abandon()
                self.app.switch_screen(MockGradingScreen(self.engine))

        self.app.push_screen(ChoiceModal(
            "Leave the mock?",
            "The clock keeps running while you are away, as in a real interview; resume it from "
            "Mock interview. Or end it now and get the scorecard for what you answered.",
            [("stay", "Stay", "default"), ("end", "End and grade", "error"),
             ("later", "Resume later", "primary")],
        ), chosen)


class MockGradingScreen(AppScreen[None]):
    """Grades every answer of a finished mock (in parallel, bounded), then shows the scorecard."""

    CSS_PATH = "mock_run.tcss"
    BINDINGS = [Binding("r", "retry", "Retry"), Binding("escape", "home", "Home")]

    def __init__(self, engine: MockEngine) -> None:
        super().__init__()
        self.engine = engine
        self.failed = False

    def compose(self) -> ComposeResult:
        from textual.widgets import ProgressBar

        yield Header()
        with Vertical(id="grading", classes="panel"):
            yield Static(f"Grading {self.engine.state.template.name}…", id="grading-text")
            yield ProgressBar(show_eta=False, id="grading-bar")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#grading").border_title = "Scorecard"
        self.call_after_refresh(self._grade)  # let the screen (and its Header) finish mounting first

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.failed if action == "retry" else True

    def action_retry(self) -> None:
        self.failed = False
        self.refresh_bindings()
        self._grade()

    def action_home(self) -> None:
        self.interview.action_go_home()
        if len(self.app.screen_stack) > 1 and self.app.screen is self:
            self.app.pop_screen()

    def _grade(self) -> None:
        self.run_worker(self._grade_all(), exclusive=True, group="grade-mock", exit_on_error=False)

    async def _grade_all(self) -> None:
        from textual.widgets import ProgressBar

        from interview.tui.mock import grader, sessions

        bar = self.query_one(ProgressBar)

        def progress(done: int, total: int) -> None:
            bar.update(total=total, progress=done)
            self.query_one("#grading-text", Static).update(f"Grading answer {done} of {total}…")

        try:
            scorecard = await sessions(self.interview).finish(
                self.engine, grader=grader(self.interview), progress=progress)
        except Exception as exc:  # every answer is saved; grading can be retried
            self.failed = True
            self.refresh_bindings()
            self.query_one("#grading-text", Static).update(
                f"[red]Grading failed: {exc}[/]\nYour answers are saved. Press r to retry.")
            return
        self.interview.changed()
        from interview.tui.screens.scorecard import ScorecardScreen

        self.app.switch_screen(ScorecardScreen(scorecard))
