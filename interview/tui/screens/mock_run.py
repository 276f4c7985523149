"""Sitting a mock: the answer screen in strict mode, driven by the engine's clock.

The engine decides everything (deadlines, auto-submit, round ends); this screen
ticks it once a second, shows what it says, and hands it the answer text after
every batch of keystrokes (saved on the application service's thread), so a
crash or a quit resumes the mock with every character typed.

Nothing ends a question by accident: in strict mode submit, skip and forfeit
each ask first, and ctrl+s only saves (muscle memory from practice).
"""

from __future__ import annotations

import asyncio
from functools import cached_property
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Footer, Input, Markdown, Static, TextArea

from interview.bank.models import CodingQuestion, SystemDesignQuestion
from interview.tui.screens.answer import DebouncedSave, edit_externally, starter_text
from interview.tui.screens.base import AppScreen, SavesText
from interview.tui.screens.confirm import ChoiceModal
from interview.tui.widgets.answer_editor import AnswerEditor
from interview.tui.widgets.clarify_panel import ClarifyPanel
from interview.tui.widgets.header import Header
from interview.tui.widgets.live_text import LiveText
from interview.tui.widgets.test_results import render_report
from interview.tui.widgets.timer import Timer, clock
from interview.words import plural

if TYPE_CHECKING:
    from interview.bank.models import AnyQuestion
    from interview.mock.engine import Event, MockEngine, Mode, QuestionSlot
    from interview.mock.talk import Talk
    from interview.mock.templates import MockTemplate
    from interview.tui.app import InterviewApp


async def start_mock(app: InterviewApp, template: MockTemplate, mode: Mode = "strict") -> None:
    engine = await app.service.new_mock(template, mode)
    engine.start()
    _open(app, MockRunScreen(engine))


async def resume_mock(app: InterviewApp, mock_id: str) -> None:
    """Reopen an interrupted mock; the user chooses whether the time away counts."""
    from interview.errors import UserError
    from interview.mock.engine import Phase

    try:
        engine = await app.service.resume_mock(mock_id)
    except UserError as exc:
        app.notify(f"{str(exc)[:1].upper()}{str(exc)[1:]}.", severity="warning")
        return
    if engine.phase in (Phase.finished, Phase.abandoned):
        _open(app, MockGradingScreen(engine))
        return
    if engine.phase == Phase.not_started:
        engine.start()
    if engine.phase != Phase.in_question:
        _open(app, MockRunScreen(engine))
        return
    away = (engine.clock() - engine.state.last_seen_at).total_seconds()

    def resume(forfeit: bool) -> None:
        engine.resume_after_restart(forfeit=forfeit)
        _open(app, MockRunScreen(engine))

    def confirm_forfeit(choice: str | None) -> None:
        if choice == "forfeit":
            resume(True)
        elif choice is not None:
            ask()  # back to the first question

    def chosen(choice: str | None) -> None:
        if choice == "counts":
            resume(False)
        elif choice == "forfeit":
            app.push_screen(ChoiceModal(
                "Forfeit the open question?",
                "It scores zero and is not graded, whatever you had written; the rest of the round "
                "keeps its time.",
                [("back", "Go back", "primary"), ("forfeit", "Forfeit it", "error")],
            ), confirm_forfeit)

    def ask() -> None:
        app.push_screen(ChoiceModal(
            "Resume the mock",
            f"You were away for {clock(away)}. In a real interview the clock keeps running; "
            "you can instead give up the open question and keep the rest of the round's time.",
            [("forfeit", "Forfeit the question…", "default"), ("counts", "Time away counts", "primary")],
        ), chosen)

    ask()


def _open(app: InterviewApp, screen: AppScreen[None]) -> None:
    """Replace a mock picker, or stack on home when started from the command line."""
    from interview.tui.screens.mock_picker import MockPickerScreen

    if isinstance(app.screen, MockPickerScreen | MockRunScreen | MockGradingScreen):
        app.switch_screen(screen)
    else:
        app.push_screen(screen)


class MockRunScreen(SavesText):
    CSS_PATH = "mock_run.tcss"
    BINDINGS = [
        Binding("ctrl+f", "submit", "Submit"),
        Binding("ctrl+n", "skip", "Skip"),
        Binding("ctrl+s", "save", "Save", show=False),  # saves only: never ends a question
        Binding("ctrl+r", "run_tests", "Run tests"),
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
        self.debounce = DebouncedSave(self, self.save_text_now)
        self.current_editor: AnswerEditor | None = None  # by reference: saved even while unmounting
        self.editor_key: tuple[int, int, str, int] | None = None  # the stage the editor was opened for
        self.thinking = False  # the LLM interviewer is writing the first follow-up
        self.asking = False  # a clarifying question is waiting for its reply

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="mock-progress")
        with Horizontal(id="mock-body"):
            with VerticalScroll(id="prompt-pane", classes="panel"):
                yield Static("", id="question-title")
                yield Markdown("", id="prompt")
                yield Static("", id="hints")
            with Vertical(id="work-pane"):
                with Horizontal(id="status"):
                    yield Timer(0, countdown=True, id="timer")
                    yield LiveText("", id="round-left")  # updated every second: no layout
                results = Static("", id="results", classes="panel hidden")
                results.styles.max_height = 12
                results.border_title = "Visible tests"
                yield results
        with Vertical(id="between", classes="panel hidden"):
            yield Static("", id="between-text")
            yield Button("Start the next round", id="next-round", variant="primary")
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        self.query_one("#prompt-pane").border_title = "Question"
        self.set_interval(1.0, self.tick)
        await self._show_current()

    @cached_property
    def talk(self) -> Talk:
        """The interviewer of this mock: the LLM's when one is configured."""
        return self.talker()

    @property
    def question(self) -> AnyQuestion | None:
        slot = self.engine.current_slot
        bank = self.interview.bank
        return bank.questions[slot.question_id] if slot is not None and bank is not None else None

    def editor(self) -> AnswerEditor | None:
        """The editor of the question and stage the engine is on; None while the next one is being
        shown, so text of the answer just ended can never land in a follow-up or the next question."""
        key = self._stage_key()
        return self.current_editor if key is not None and key == self.editor_key else None

    def _answer_of(self, editor: AnswerEditor) -> str:
        """The text to keep; the untouched starter code is no answer, so the question stays unanswered
        (not graded, no follow-ups, not an attempt) instead of failing every test."""
        text = editor.text
        if not editor.prose and text.strip() == starter_text(editor.question).strip():
            return ""
        return text

    def _stage_key(self) -> tuple[int, int, str, int] | None:
        """Where the engine is: round, question, stage and follow-up."""
        state, slot = self.engine.state, self.engine.current_slot
        if slot is None:
            return None
        return state.round_index, state.question_index, slot.stage, slot.follow_up_index

    # ------------------------------------------------------------- clock

    async def tick(self) -> None:
        """Hand the engine the latest text, then let it apply whatever time says."""
        self._push_text()
        await self._handle(self.engine.tick())
        self._update_clock()

    def _push_text(self) -> None:
        editor = self.editor()
        if editor is not None and self.engine.current_slot is not None:
            self.engine.update_answer(self._answer_of(editor))

    def on_text_area_changed(self, _event: TextArea.Changed) -> None:
        self.debounce.changed()

    def save_text_now(self) -> None:
        """Hand the engine the text and queue the mock's save, when the text changed."""
        editor = self.editor()
        if editor is None or self.engine.current_slot is None or editor.text == self.saved_text:
            return
        self.engine.update_answer(self._answer_of(editor))
        self.engine.save()
        self.saved_text = editor.text

    def action_save(self) -> None:
        self.save_text_now()
        self.notify("Saved. Submit with ctrl+f when you are done.", timeout=3)

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
        slot = self.engine.current_slot
        if ("follow_up_started" in kinds and slot is not None and slot.follow_up_index == 0
                and self.talk.online):
            self.thinking = True
            self._adapt_follow_ups(slot)
        if kinds & {"question_started", "round_ended", "finished", "round_started", "clarify_started",
                    "clarify_ended", "follow_up_started"}:
            await self._show_current()

    @work(exclusive=True, group="talk-follow-up", exit_on_error=False)
    async def _adapt_follow_ups(self, slot: QuestionSlot) -> None:
        """The LLM interviewer writes the follow-up from the answer (within its time limit)."""
        from interview.mock.talk import instant_grade

        question = self.question
        try:
            if question is not None:
                result = await asyncio.to_thread(instant_grade, question, slot.answer)  # off the UI loop
                turns = await self.talk.follow_ups(question, slot.answer, result, len(slot.follow_ups))
                if self.engine.current_slot is slot:
                    self.engine.adapt_follow_ups(turns)
        except Exception as exc:  # the offline follow-ups stand
            self.notify(f"The LLM interviewer failed ({exc}); the offline follow-ups stand.",
                        severity="warning", timeout=6)
        finally:
            async with self.showing:  # after any showing under way, which marks its stage as shown
                self.thinking = False
                self.shown = None  # show the follow-up as it now stands
                await self._show_current_locked()

    async def _show_current(self) -> None:
        async with self.showing:
            await self._show_current_locked()

    async def _show_current_locked(self) -> None:
        from interview.mock.engine import Phase

        engine = self.engine
        state = engine.state
        if engine.is_over:
            self.app.switch_screen(MockGradingScreen(engine, self.talk))
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
                f"Next: [b]{upcoming.label}[/] · {upcoming.minutes} min · "
                f"{plural(upcoming.questions, 'question')}.\nPress Enter when you are ready.")
            self.query_one("#next-round", Button).focus()
            self.refresh_bindings()
            return
        slot = engine.current_slot
        assert slot is not None
        key = self._stage_key()
        assert key is not None
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
            said = "*…is thinking of a question about your answer…*" if self.thinking else follow_up.text
            prompt = f"**The interviewer follows up ({number}):** {said}\n\n---\n\n{question.prompt}"
        await self.query_one("#prompt", Markdown).update(prompt)
        self.query_one("#hints", Static).update("")
        # Text still in the clarify box when the phase ends was never sent: it opens the answer.
        unsent = "\n".join(v for p in self.query(ClarifyPanel) if (v := p.query_one(Input).value.strip()))
        for old in [self.current_editor, *self.query(ClarifyPanel)]:
            if old is not None:
                await old.remove()
        self.current_editor = None
        self.shown = key
        results = self.query_one("#results", Static)
        results.add_class("hidden")
        results.update("")
        if slot.stage == "clarify":
            panel = ClarifyPanel(slot.clarify)
            await self.query_one("#work-pane").mount(panel, before=0)
            panel.query_one(Input).focus()
            self._update_clock()
            self.refresh_bindings()
            return
        text = follow_up.answer if follow_up is not None else slot.answer or starter_text(question)
        if unsent and follow_up is None and not slot.answer:
            text = unsent + "\n\n"
            self.notify("The clarify phase is over: what you had not sent starts your answer.", timeout=5)
        self.saved_text = text
        editor = AnswerEditor(question, text, prose=follow_up is not None)
        editor.area.read_only = self.thinking
        self.current_editor = editor
        self.editor_key = key
        await self.query_one("#work-pane").mount(editor, before=0)
        editor.area.focus()
        self._update_clock()
        self.refresh_bindings()

    # ----------------------------------------------------------- actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        slot = self.engine.current_slot
        in_question = slot is not None
        stage = slot.stage if slot is not None else "answer"
        if self.thinking and action in ("submit", "skip", "open_editor", "save"):
            return False  # the follow-up is still being written
        if action == "skip" and (stage == "clarify" or (stage == "follow_up" and self.engine.strict)):
            return False  # strict mode: the interviewer's follow-ups cannot be skipped
        if action in ("open_editor", "save") and stage == "clarify":
            return False
        if action in ("hint", "run_tests") and stage != "answer":
            return False
        if action in ("submit", "skip", "open_editor", "save"):
            return in_question
        if action == "run_tests":
            return in_question and isinstance(self.question, CodingQuestion)
        if action in ("hint", "pause") and self.engine.strict:
            return False  # never offered in a strict mock, so not shown at all
        if action == "hint":
            question = self.question
            return (in_question and self.engine.hints_allowed and question is not None
                    and self.hints_shown < len(question.hints)) or None
        if action == "pause":
            return in_question or None
        return True

    def action_submit(self) -> None:
        self._end_question("submit", "Submit this answer?",
                           "It is final: you cannot come back to this question.", "Submit")

    def action_skip(self) -> None:
        self._end_question("skip", "Skip this question?",
                           "You cannot come back to it; what you wrote is graded as it stands.", "Skip")

    def _end_question(self, how: str, title: str, message: str, label: str) -> None:
        """In strict mode a question ends only after a yes; practice mode trusts the key.

        In the clarify phase "submit" ends the questions and starts the design.
        """
        slot, started = self.engine.current_slot, self._stage_key()
        if slot is None:
            return
        clarifying = slot.stage == "clarify"
        if clarifying:
            title, message, label = ("Start the design?", "You cannot ask the interviewer more "
                                     "questions about this one once the design has started.", "Start")
        elif slot.stage == "follow_up":
            title, message = ("Answer this follow-up?",
                              "It is final: the next follow-up (or question) comes next.")
        if self.editor() is None and not clarifying:
            return

        async def end(choice: str | None) -> None:
            if choice != how or self._stage_key() != started:
                return  # declined, or the clock moved on meanwhile
            if clarifying:
                await self._handle(self.engine.end_clarify())
                return
            editor = self.editor()
            if editor is None:
                return
            self.saved_text = editor.text
            ending = self.engine.submit if how == "submit" else self.engine.skip
            await self._handle(ending(self._answer_of(editor)))

        if not self.engine.strict:
            self.call_later(end, how)
            return
        self.app.push_screen(ChoiceModal(
            title, message, [("stay", "Keep working", "primary"), (how, label, "warning")]), end)

    def action_run_tests(self) -> None:
        question, editor = self.question, self.editor()
        if isinstance(question, CodingQuestion) and editor is not None:
            self._run_visible(question, editor.text)

    @work(exclusive=True, group="tests", exit_on_error=False)
    async def _run_visible(self, question: CodingQuestion, code: str) -> None:
        """The visible tests, on the round's clock: they stop when the question's time does."""
        results = self.query_one("#results", Static)
        results.remove_class("hidden")
        results.update("[dim]Running the visible tests… (the clock keeps running)[/]")
        slot = self.engine.current_slot
        try:
            result = await asyncio.wait_for(self.interview.service.grade(question, code, visible_only=True),
                                            timeout=max(1.0, self.engine.question_remaining_s()))
        except TimeoutError:
            results.update("[yellow]The question's time ran out before the tests finished.[/]")
            return
        except Exception as exc:  # the grader failing must never cost the answer
            results.update(f"[red]Could not run the tests: {exc}[/]")
            return
        if self.engine.current_slot is slot and result.code is not None:
            results.update(render_report(result.code))

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
        if editor is not None and edit_externally(self, editor):
            self.save_text_now()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """A clarifying question, answered from the facts (by the LLM within its time limit, else offline)."""
        question = self.question
        text = event.value.strip()
        if not text or self.asking or not isinstance(question, SystemDesignQuestion):
            return
        event.input.value = ""
        self._ask_clarifying(question, text)

    @work(exclusive=True, group="talk-clarify", exit_on_error=False)
    async def _ask_clarifying(self, question: SystemDesignQuestion, text: str) -> None:
        from interview.interviewer import clarify

        self.asking = True
        earlier = list(self.engine.current_slot.clarify) if self.engine.current_slot is not None else []
        try:
            turn = await self.talk.ask(question, text, earlier)
        except Exception:  # the offline matcher never needs the network
            turn = clarify.ask(question, text, earlier)
        finally:
            self.asking = False
        if self.engine.current_slot is None or self.question is not question:
            return  # the mock moved on while the interviewer was answering
        events = self.engine.ask_clarifying(turn)
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
                self.save_text_now()
                self.engine.save()
                self.app.pop_screen()
            elif choice == "end":
                self._push_text()
                self.engine.abandon()
                self.app.switch_screen(MockGradingScreen(self.engine, self.talk))

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

    def __init__(self, engine: MockEngine, talk: Talk | None = None) -> None:
        """`talk` is the interviewer the mock was sat with: one that gave up waiting stays offline."""
        super().__init__()
        self.engine = engine
        self.failed = False
        self.talk = talk

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

        bar = self.query_one(ProgressBar)

        def progress(done: int, total: int) -> None:
            bar.update(total=total, progress=done)
            self.query_one("#grading-text", Static).update(f"Grading answer {done} of {total}…")

        try:
            scorecard = await self.interview.service.finish_mock(self.engine, progress=progress,
                                                                 talk=self.talk or self.talker())
        except Exception as exc:  # every answer is saved; grading can be retried
            self.failed = True
            self.refresh_bindings()
            self.query_one("#grading-text", Static).update(
                f"[red]Grading failed: {exc}[/]\nYour answers are saved. Press r to retry.")
            return
        self.interview.changed()
        from interview.tui.screens.scorecard import ScorecardScreen

        self.app.switch_screen(ScorecardScreen(scorecard))

