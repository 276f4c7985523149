"""Answer a question: the prompt, an editor, a clock, hints, visible tests and submit.

Typing never waits on anything: tests run and answers are graded in workers,
and every batch of keystrokes is saved as a draft half a second after typing
pauses (at least every two seconds while it does not), written by the
application service on its own thread.  The draft is also saved on quit, on any
screen change and before grading.  Leaving with unsubmitted text asks first.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer as IntervalTimer
from textual.widgets import Footer, Header, Markdown, Static, TextArea

from interview.app import service
from interview.bank.models import AnyQuestion, CodingQuestion, SystemDesignQuestion
from interview.interviewer.models import Transcript
from interview.tui.data import topic_labels
from interview.tui.screens.base import SavesText
from interview.tui.screens.confirm import ChoiceModal
from interview.tui.widgets.answer_editor import AnswerEditor
from interview.tui.widgets.test_results import render_report
from interview.tui.widgets.timer import Timer

SAVE_AFTER_PAUSE_S = 0.5  # a draft is written this long after typing pauses…
SAVE_AT_LEAST_EVERY_S = 2.0  # …and at least this often while it does not


def draft_key(question: AnyQuestion) -> str:
    return service.draft_key(question.id)


def starter_text(question: AnyQuestion) -> str:
    return question.code.starter.lstrip("\n") if isinstance(question, CodingQuestion) else ""


class DebouncedSave:
    """Calls `save` once typing pauses, and at least every `at_least` seconds while it goes on."""

    def __init__(self, screen: Screen[None], save: Callable[[], None]) -> None:
        self.screen = screen
        self.save = save
        self.timer: IntervalTimer | None = None
        self.first_unsaved: float | None = None

    def changed(self) -> None:
        now = time.monotonic()
        if self.first_unsaved is None:
            self.first_unsaved = now
        if self.timer is not None:
            self.timer.stop()
        delay = min(SAVE_AFTER_PAUSE_S, max(0.05, self.first_unsaved + SAVE_AT_LEAST_EVERY_S - now))
        self.timer = self.screen.set_timer(delay, self.fire)

    def fire(self) -> None:
        self.first_unsaved = None
        self.timer = None
        self.save()


class AnswerScreen(SavesText):
    CSS_PATH = "answer.tcss"
    BINDINGS = [
        Binding("ctrl+r", "run_tests", "Run tests"),
        Binding("ctrl+g", "hint", "Hint"),
        Binding("ctrl+s", "submit", "Submit"),
        Binding("ctrl+n", "skip", "Skip"),
        Binding("ctrl+t", "starter", "Starter"),
        Binding("ctrl+o", "open_editor", "$EDITOR"),
        # Priority, so one Escape leaves even from inside the code editor (which uses Tab to indent).
        Binding("escape", "back", "Back", priority=True),
    ]

    def __init__(self, question: AnyQuestion, text: str | None = None, *, restored: bool = False) -> None:
        """`text` is a draft or the last answer ("Again"); the starter code otherwise."""
        super().__init__()
        self.question = question
        self.is_code = isinstance(question, CodingQuestion)
        self.hints_shown = 0
        starter = starter_text(question)
        self.initial = text if text is not None and text.strip() else starter
        self.restored = restored and self.initial != starter
        self.saved_text = self.initial if restored else starter
        self.started: datetime | None = None
        self.busy = False
        self.debounce = DebouncedSave(self, self.save_text_now)
        # Held by reference: its text is still there to save while the screen is taken down.
        self.editor = AnswerEditor(question, self.initial, id="answer-editor")
        self.transcript: Transcript | None = None  # the clarify phase, for system design

    # --------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        question = self.question
        yield Header()
        with Horizontal(id="answer"):
            with VerticalScroll(id="prompt-pane", classes="panel"):
                yield Static(
                    f"[b]{question.title}[/]\n[dim]{question.category_label} · {question.difficulty}"
                    f" · {topic_labels(question.topics)}[/]", id="question-title")
                yield Markdown(question.prompt, id="prompt")
                yield Markdown("", id="revealed", classes="hidden")
                yield Static("", id="stories-hint", classes="hidden")
                yield Static("", id="hints")
            with Vertical(id="work-pane"):
                yield self.editor
                with Horizontal(id="status"):
                    yield Timer(question.minutes * 60, id="timer")
                    yield Static("", id="status-text")
                yield Static("", id="results", classes="panel hidden")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#prompt-pane").border_title = "Question"
        self.query_one("#results").border_title = "Tests"
        self.started = self.interview.service.now()
        self.set_interval(1.0, self._tick)
        self.editor.area.focus()
        if self.restored:
            self.notify("Your draft was restored.", title="Draft")
        self._status()
        from interview.tui.story_pick import suggestions_line

        hint = suggestions_line(self.interview, self.question)
        self.query_one("#stories-hint", Static).update(hint)
        self.query_one("#stories-hint").set_class(not hint, "hidden")
        from interview.tui.screens.clarify import needs_clarify

        if needs_clarify(self.question):  # ask for the requirements before designing
            self._open_clarify()

    @work(group="clarify-draft", exit_on_error=False)
    async def _open_clarify(self) -> None:
        """The clarify phase, carried on from its draft; a finished one is restored as it was."""
        from interview.tui.screens.clarify import ClarifyScreen, clarify_draft_key, restored_transcript

        assert isinstance(self.question, SystemDesignQuestion)
        kept = restored_transcript(await self.interview.service.load_draft(clarify_draft_key(self.question)))
        if kept is not None and kept.clarified:
            self._clarified(kept)
            self.notify("Your clarifying questions and the interviewer's replies were restored.",
                        title="Draft")
            return
        self.app.push_screen(ClarifyScreen(self.question, kept.clarify if kept else None), self._clarified)

    def _forget_clarify(self) -> None:
        """The clarify phase's draft goes with the answer's: submitted or discarded."""
        if isinstance(self.question, SystemDesignQuestion):
            from interview.tui.screens.clarify import clarify_draft_key

            self.interview.service.save_draft(clarify_draft_key(self.question), "", keep=False)

    def _clarified(self, transcript: Transcript | None) -> None:
        from interview.tui.screens.clarify import revealed_markdown

        self.transcript = transcript
        self.started = self.interview.service.now()  # the design's clock starts now
        if transcript is not None:
            self.query_one("#revealed", Markdown).update(revealed_markdown(transcript))
            self.query_one("#revealed").remove_class("hidden")

    def _tick(self) -> None:
        self.query_one(Timer).elapsed = self.elapsed

    @property
    def elapsed(self) -> float:
        if self.started is None:
            return 0.0
        return (self.interview.service.now() - self.started).total_seconds()

    def _status(self, message: str = "") -> None:
        hints = len(self.question.hints)
        parts = [message] if message else []
        if hints:
            parts.append(f"hints {self.hints_shown}/{hints}")
        self.query_one("#status-text", Static).update("  ·  ".join(parts))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "run_tests":
            return self.is_code
        if action == "hint":
            return True if self.hints_shown < len(self.question.hints) else None
        if action == "starter":
            return self.is_code
        return True

    # ---------------------------------------------------------------- drafts

    @property
    def can_keep_drafts(self) -> bool:
        """False when another window holds the history (or it is unavailable)."""
        return not self.interview.service.read_only

    def on_text_area_changed(self, _event: TextArea.Changed) -> None:
        self.debounce.changed()

    def save_text_now(self) -> None:
        """Queue the editor text as the draft when it changed since the last save (a cheap no-op if not)."""
        text = self.editor.text
        if text == self.saved_text:
            return
        self.interview.service.save_draft(draft_key(self.question), text, keep=self._is_user_text(text))
        self.saved_text = text

    def _is_user_text(self, text: str) -> bool:
        return bool(text.strip()) and text != starter_text(self.question)

    @property
    def has_user_text(self) -> bool:
        return self._is_user_text(self.editor.text)

    # --------------------------------------------------------------- actions

    def action_hint(self) -> None:
        hints = self.question.hints
        if self.hints_shown >= len(hints):
            return
        self.hints_shown += 1
        shown = "\n".join(f"[b]Hint {i + 1}.[/] {h}" for i, h in enumerate(hints[: self.hints_shown]))
        self.query_one("#hints", Static).update(shown)
        self.query_one("#prompt-pane", VerticalScroll).scroll_end(animate=False)
        self._status()
        self.refresh_bindings()

    def action_run_tests(self) -> None:
        if self.is_code and not self.busy:
            self._run_visible(self.editor.text)

    @work(exclusive=True, group="grade", exit_on_error=False)
    async def _run_visible(self, code: str) -> None:
        assert isinstance(self.question, CodingQuestion)
        results = self.query_one("#results", Static)
        results.remove_class("hidden")
        results.update("[dim]Running the visible tests…[/]")
        self._status("running tests")
        try:
            result = await self.interview.service.grade(self.question, code, visible_only=True)
        except Exception as exc:  # the grader failing must never cost the user their answer
            results.update(f"[red]Could not run the tests: {exc}[/]")
            self._status()
            return
        if result.code is not None:
            results.update(render_report(result.code))
        self._status()

    def action_submit(self) -> None:
        if self.busy:
            return
        if not self.editor.text.strip():
            self.notify("Write an answer first.", severity="warning")
            return
        self._grade(self.editor.text)

    @work(exclusive=True, group="grade", exit_on_error=False)
    async def _grade(self, answer: str) -> None:
        self.busy = True
        self._status("grading…")
        self.save_text_now()  # if grading fails or the app dies meanwhile, the answer is a draft
        app = self.interview
        seconds = self.elapsed
        try:
            result = await app.service.grade(self.question, answer)
            transcript = self.transcript
            if transcript is not None:  # the clarify phase's facts count towards the answer
                from interview.interviewer import exchange

                result, transcript = exchange.finish(self.question, result, transcript, answer)
            attempt_id = await app.service.record_practice(self.question, answer, result,
                                                           hints=self.hints_shown, seconds=seconds,
                                                           transcript=transcript)
        except Exception as exc:
            self.busy = False
            self._status()
            self.notify(f"Grading failed: {exc}. Your answer is kept as a draft.", severity="error")
            return
        self.saved_text = answer
        self._forget_clarify()
        app.changed()
        from interview.tui.screens.feedback import FeedbackScreen

        self.app.switch_screen(FeedbackScreen(self.question, answer, result, attempt_id,
                                              saved=attempt_id is not None, transcript=transcript))

    async def action_skip(self) -> None:
        self.save_text_now()
        question = await self.interview.service.next_question(exclude=self.question.id)
        if question is None:
            self.notify("No other question to move to.", severity="warning")
            return
        if self.has_user_text:
            self.notify("Your draft is kept for later.", title="Skipped")
        self.interview.practise(question, replace=True)

    def action_starter(self) -> None:
        """Put the starter code back as one edit: ctrl+z returns to the code that was there."""
        if self.is_code:
            self.editor.text = starter_text(self.question)
            self.notify("Starter code restored; ctrl+z brings your code back.", timeout=3)

    def action_back(self) -> None:
        if not self.has_user_text:
            self.app.pop_screen()
            return

        def chosen(choice: str | None) -> None:
            if choice == "keep":
                self.save_text_now()
                self.app.pop_screen()
            elif choice == "discard":
                self.interview.service.save_draft(draft_key(self.question), "", keep=False)
                self._forget_clarify()
                self.saved_text = self.editor.text  # nothing left to save on the way out
                self.app.pop_screen()

        keeps = self.can_keep_drafts
        choices = [("stay", "Stay", "default"), ("discard", "Discard", "error")]
        if keeps:
            choices.insert(1, ("keep", "Keep draft", "primary"))
        self.app.push_screen(
            ChoiceModal("Leave this question?",
                        "Your answer has not been submitted. Keep it as a draft for next time?"
                        if keeps else
                        "Your answer has not been submitted and history is unavailable: "
                        "leaving discards it.",
                        choices),
            chosen,
        )

    def action_open_editor(self) -> None:
        if edit_externally(self, self.editor):
            self.save_text_now()


def edit_externally(screen: Screen[Any], editor: AnswerEditor) -> bool:
    """Edit the answer in $VISUAL / $EDITOR, then bring the text back; True if it came back."""
    command = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not command:
        screen.notify("Set $EDITOR (e.g. export EDITOR=vim) to edit in your own editor.",
                      severity="warning")
        return False
    suffix = ".py" if editor.is_code else ".md"
    with tempfile.NamedTemporaryFile("w", suffix=suffix, delete=False, encoding="utf-8") as handle:
        handle.write(editor.text)
        path = Path(handle.name)
    try:
        with screen.app.suspend():
            subprocess.run([*shlex.split(command), str(path)], check=False)
        editor.text = path.read_text("utf-8")
        return True
    except Exception as exc:
        screen.notify(f"Could not open {command}: {exc}", severity="error")
        return False
    finally:
        path.unlink(missing_ok=True)
