"""Answer a question: the prompt, an editor, a clock, hints, visible tests and submit.

Typing never waits on anything: tests run and answers are graded in workers,
and the draft is saved to the store every few seconds, so a crash or a kill
loses at most that much.  Leaving with text that was not submitted asks first.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Markdown, Static

from interview.bank.models import AnyQuestion, CodingQuestion
from interview.grading.models import GradeResult
from interview.interviewer.models import Transcript
from interview.tui.data import DRAFT_PREFIX, topic_labels
from interview.tui.screens.base import AppScreen
from interview.tui.screens.confirm import ChoiceModal
from interview.tui.widgets.answer_editor import AnswerEditor
from interview.tui.widgets.test_results import render_report
from interview.tui.widgets.timer import Timer

AUTOSAVE_SECONDS = 3.0


def draft_key(question: AnyQuestion) -> str:
    return f"{DRAFT_PREFIX}{question.id}"


def starter_text(question: AnyQuestion) -> str:
    return question.code.starter.lstrip("\n") if isinstance(question, CodingQuestion) else ""


class AnswerScreen(AppScreen[None]):
    CSS_PATH = "answer.tcss"
    BINDINGS = [
        Binding("ctrl+r", "run_tests", "Run tests"),
        Binding("ctrl+g", "hint", "Hint"),
        Binding("ctrl+s", "submit", "Submit"),
        Binding("ctrl+n", "skip", "Skip"),
        Binding("ctrl+o", "open_editor", "$EDITOR"),
        # Priority, so one Escape leaves even from inside the code editor (which uses Tab to indent).
        Binding("escape", "back", "Back", priority=True),
    ]

    def __init__(self, question: AnyQuestion) -> None:
        super().__init__()
        self.question = question
        self.is_code = isinstance(question, CodingQuestion)
        self.hints_shown = 0
        self.saved_text = starter_text(question)
        self.started: datetime | None = None
        self.busy = False
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
                yield AnswerEditor(question, self._initial_text(), id="answer-editor")
                with Horizontal(id="status"):
                    yield Timer(question.minutes * 60, id="timer")
                    yield Static("", id="status-text")
                yield Static("", id="results", classes="panel hidden")
        yield Footer(compact=True)

    def _initial_text(self) -> str:
        draft = self._load_draft()
        if draft is not None and draft.strip() and draft != starter_text(self.question):
            self.saved_text = draft
            self.notify("Your draft was restored.", title="Draft")
            return draft
        return starter_text(self.question)

    def on_mount(self) -> None:
        self.query_one("#prompt-pane").border_title = "Question"
        self.query_one("#results").border_title = "Tests"
        self.started = self.interview.services.now()
        self.set_interval(1.0, self._tick)
        self.set_interval(AUTOSAVE_SECONDS, self.autosave)
        self.editor.area.focus()
        self._status()
        from interview.tui.story_pick import suggestions_line

        hint = suggestions_line(self.interview, self.question)
        self.query_one("#stories-hint", Static).update(hint)
        self.query_one("#stories-hint").set_class(not hint, "hidden")
        from interview.tui.screens.clarify import ClarifyScreen, needs_clarify

        if needs_clarify(self.question):  # ask for the requirements before designing
            self.app.push_screen(ClarifyScreen(self.question), self._clarified)

    def _clarified(self, transcript: Transcript | None) -> None:
        from interview.tui.screens.clarify import revealed_markdown

        self.transcript = transcript
        self.started = self.interview.services.now()  # the design's clock starts now
        if transcript is not None:
            self.query_one("#revealed", Markdown).update(revealed_markdown(transcript))
            self.query_one("#revealed").remove_class("hidden")

    @property
    def editor(self) -> AnswerEditor:
        return self.query_one(AnswerEditor)

    def _tick(self) -> None:
        self.query_one(Timer).elapsed = self.elapsed

    @property
    def elapsed(self) -> float:
        if self.started is None:
            return 0.0
        return (self.interview.services.now() - self.started).total_seconds()

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
        return True

    # ---------------------------------------------------------------- drafts

    def _load_draft(self) -> str | None:
        store = self.interview.store
        draft = store.load_draft(draft_key(self.question)) if store is not None else None
        return draft.text if draft is not None else None

    @property
    def drafts(self) -> Any:
        """The store, when drafts can be written to it (not read-only, not unavailable)."""
        store = self.interview.store
        return store if store is not None and not store.read_only else None

    def autosave(self) -> None:
        """Save the editor text as a draft when it changed since the last save."""
        text = self.editor.text
        store = self.drafts
        if store is None or text == self.saved_text:
            return
        if text.strip() and text != starter_text(self.question):
            store.save_draft(draft_key(self.question), text)
        else:
            store.delete_draft(draft_key(self.question))
        self.saved_text = text

    @property
    def has_user_text(self) -> bool:
        text = self.editor.text
        return bool(text.strip()) and text != starter_text(self.question)

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
            result = await self.interview.services.run_code(
                self.question, code, include_hidden=False, measure_complexity=False)
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
        from interview.tui import data

        self.busy = True
        self._status("grading…")
        services = self.interview.services
        seconds = self.elapsed
        try:
            if isinstance(self.question, CodingQuestion):
                result: GradeResult = await services.run_code(
                    self.question, answer, include_hidden=True, measure_complexity=True)
            else:
                result = services.score_text(self.question, answer)
        except Exception as exc:
            self.busy = False
            self._status()
            self.notify(f"Grading failed: {exc}. Your answer is kept as a draft.", severity="error")
            self.autosave()
            return
        transcript = self.transcript
        if transcript is not None:
            from interview.interviewer import exchange

            result, transcript = exchange.finish(self.question, result, transcript, answer)
        attempt_id = data.record(self.interview, self.question, answer, result,
                                 hints=self.hints_shown, seconds=seconds, transcript=transcript)
        if self.drafts is not None:
            self.drafts.delete_draft(draft_key(self.question))
        self.saved_text = answer
        self.interview.changed()
        from interview.tui.screens.feedback import FeedbackScreen

        self.app.switch_screen(FeedbackScreen(self.question, answer, result, attempt_id,
                                              transcript=transcript))

    def action_skip(self) -> None:
        from interview.tui.data import next_question

        self.autosave()
        question = next_question(self.interview, exclude=self.question.id)
        if question is None:
            self.notify("No other question to move to.", severity="warning")
            return
        if self.has_user_text:
            self.notify("Your draft is kept for later.", title="Skipped")
        self.app.switch_screen(AnswerScreen(question))

    def action_back(self) -> None:
        if not self.has_user_text:
            self.app.pop_screen()
            return

        def chosen(choice: str | None) -> None:
            store = self.drafts
            if choice == "keep":
                self.autosave()
                self.app.pop_screen()
            elif choice == "discard":
                if store is not None:
                    store.delete_draft(draft_key(self.question))
                self.app.pop_screen()

        choices = [("stay", "Stay", "default"), ("discard", "Discard", "error")]
        if self.drafts is not None:
            choices.insert(1, ("keep", "Keep draft", "primary"))
        self.app.push_screen(
            ChoiceModal("Leave this question?",
                        "Your answer has not been submitted. Keep it as a draft for next time?"
                        if self.drafts is not None else
                        "Your answer has not been submitted and history is unavailable: "
                        "leaving discards it.",
                        choices),
            chosen,
        )

    def action_open_editor(self) -> None:
        if edit_externally(self, self.editor):
            self.autosave()


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
