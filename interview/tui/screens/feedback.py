"""Feedback on one answer: the score and why, the tests, the model answer, and what next.

When the answer could not be kept (another window holds the history) the screen
says so first, and `c` copies the answer to a file so nothing written is lost.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TYPE_CHECKING

from rich.console import RenderableType
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Collapsible, Footer, Markdown, Static

from interview.bank.models import AnyQuestion, CodingQuestion
from interview.grading.models import GradeResult
from interview.interviewer.models import Transcript
from interview.progress.models import SelfRating
from interview.tui.screens.base import AppScreen
from interview.tui.widgets.criteria import criterion_block, score_headline
from interview.tui.widgets.header import Header
from interview.tui.widgets.llm_panel import LLMPanel
from interview.tui.widgets.self_assessment import SelfAssessmentPanel
from interview.tui.widgets.test_results import render_report

if TYPE_CHECKING:
    from interview.tui.app import InterviewApp

RATINGS = (("hard", "1", "Hard · again soon"), ("good", "2", "Good"), ("easy", "3", "Easy"))


async def open_attempt(app: InterviewApp, attempt_id: str) -> None:
    """A past answer's full feedback (History, a mock's scorecard), read off the UI thread."""
    attempt = await app.service.attempt(attempt_id)
    question = app.bank.questions.get(attempt.question_id) if attempt and app.bank else None
    if attempt is None or question is None:
        app.notify("That answer is not in the history (or its question left the bank).",
                   severity="warning")
        return
    await app.push_screen(FeedbackScreen(question, attempt.answer, attempt.result, attempt.id,
                                         show_answer=True, again=attempt.mode == "practice",
                                         transcript=attempt.transcript))


class FeedbackScreen(AppScreen[None]):
    CSS_PATH = "feedback.tcss"
    BINDINGS = [
        Binding("m", "model_answer", "Model answer"),
        # One footer entry for the three ratings, so every binding fits at 80 columns.
        Binding("1", "rate('hard')", "Rate", key_display="1-3"),
        Binding("2", "rate('good')", "Good", show=False),
        Binding("3", "rate('easy')", "Easy", show=False),
        Binding("n", "next", "Next"),
        Binding("a", "again", "Again"),
        Binding("l", "llm", "LLM"),
        Binding("c", "copy_to_file", "Copy to file"),
        Binding("f", "follow_up", "Follow-ups"),
        Binding("s", "story", "Story"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, question: AnyQuestion, answer: str, result: GradeResult,
                 attempt_id: str | None, show_answer: bool = False, *, saved: bool = True,
                 again: bool = True, transcript: Transcript | None = None) -> None:
        """`saved` False: a fresh answer the history did not keep; `again` False hides Next/Again;
        `transcript` holds the clarify phase and the follow-ups asked so far."""
        super().__init__()
        self.transcript = transcript
        self.question = question
        self.answer = answer
        self.result = result
        self.attempt_id = attempt_id
        self.show_answer = show_answer
        self.saved = saved
        self.offers_again = again

    def compose(self) -> ComposeResult:
        result = self.result
        yield Header()
        with VerticalScroll(id="feedback"):
            if not self.saved:
                yield Static(f"[b]Not saved:[/] {self._unsaved_reason()}. "
                             "Press [b]c[/] to copy your answer to a file.", id="not-saved")
            score = Static(score_headline(result), id="score", classes="panel")
            score.border_title = self.question.title
            score.border_subtitle = result.grader or None
            yield score
            if result.summary or result.flags:
                yield Static("\n".join([result.summary, *[f"⚑ {f}" for f in result.flags]]).strip(),
                             id="summary")
            if result.code is not None:
                code = Static(render_report(result.code, visible_only=False), id="code", classes="panel")
                code.border_title = "Tests"
                yield code
                if result.code.complexity is not None:
                    yield Static(self._complexity(), id="complexity")
            if result.criteria:  # not a scroll of its own: the page scrolls, so nothing is hidden
                with Vertical(id="criteria", classes="panel") as criteria:
                    criteria.border_title = "Rubric"
                    for criterion in result.criteria:
                        yield Static(criterion_block(criterion), classes="criterion")
                with Collapsible(title="Mark what you covered", collapsed=True, id="self-assessment"):
                    yield SelfAssessmentPanel(result)
            yield Static(self._transcript(), id="transcript", classes="panel")
            if self.show_answer:
                with Collapsible(title="Your answer", collapsed=True, id="your-answer"):
                    yield Markdown(self._answer_markdown())
            with Collapsible(title="Model answer  (m)", collapsed=True, id="model-answer"):
                yield Markdown(self._model_answer_markdown())
            llm = LLMPanel(self._llm_status(), id="llm", classes="panel")
            llm.border_title = "LLM feedback"
            yield llm
            if self.attempt_id is not None:
                with Horizontal(id="ratings"):
                    yield Static("How did that feel?", id="ratings-label")
                    for rating, key, label in RATINGS:
                        yield Button(f"{key} {label}", id=f"rate-{rating}", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#feedback").focus()
        if self.result.llm is not None:
            self.query_one(LLMPanel).finish(self.result.llm, self._assesses())
        elif self._llm_on and not self.show_answer:  # fresh answers only; history asks with `l`
            self.action_llm()

    def _unsaved_reason(self) -> str:
        service = self.interview.service
        return ("another window holds the history" if service.available
                else "the history is unavailable")

    @property
    def _llm_on(self) -> bool:
        return self.interview.settings.llm.provider != "off" and not self.interview.llm_disabled

    def _assesses(self) -> dict[str, str]:
        return {c.id: c.assesses for c in self.question.rubric}

    def _transcript(self) -> RenderableType:
        """The conversation so far, or the offer of follow-ups on a fresh answer."""
        from interview.tui.widgets.transcript import render_transcript

        if self.transcript is not None and (self.transcript.follow_ups or self.transcript.clarified
                                            or self.transcript.story_notes):
            return render_transcript(self.transcript)
        if self._can_follow_up:
            return "[b]The interviewer has follow-up questions.[/] Press [b]f[/] to answer them."
        return "[dim]No follow-up questions were answered.[/]"

    @property
    def _can_follow_up(self) -> bool:
        return not self.show_answer and not (self.transcript and self.transcript.follow_ups)

    def action_follow_up(self) -> None:
        if not self._can_follow_up:
            return
        from interview.tui.screens.follow_up import FollowUpScreen, follow_up_count

        def answered(transcript: Transcript | None) -> None:
            if transcript is not None:
                self.transcript = transcript
                self.query_one("#transcript", Static).update(self._transcript())
                self.refresh_bindings()

        self.app.push_screen(FollowUpScreen(self.question, self.answer, self.result, self.attempt_id,
                                            self.transcript, follow_up_count(self.question)), answered)

    def action_story(self) -> None:
        from interview.tui.story_pick import pick

        def checked(result: GradeResult, transcript: Transcript) -> None:
            self.result, self.transcript = result, transcript
            self.query_one("#transcript", Static).update(self._transcript())

        pick(self.interview, self.question, self.answer, self.result, self.transcript, self.attempt_id,
             checked)

    def _answer_markdown(self) -> str:
        if isinstance(self.question, CodingQuestion):
            return f"```{self.question.code.language}\n{self.answer}\n```"
        return self.answer

    def _model_answer_markdown(self) -> str:
        """The prose model answer and, for coding, the reference solution that proves it."""
        if isinstance(self.question, CodingQuestion):
            solution = self.question.code.solution.strip("\n")
            fence = self.question.code.language
            return f"{self.question.model_answer}\n\n**Reference solution**\n\n```{fence}\n{solution}\n```"
        return self.question.model_answer

    def _complexity(self) -> str:
        report = self.result.code.complexity if self.result.code else None
        if report is None:
            return ""
        fits = {True: "[green]✓ fits[/]", False: "[red]✗ slower than the target[/]", None: ""}[report.fits]
        return (f"Complexity  target {report.target or '–'}  measured {report.measured or '–'}  {fits}"
                + (f"\n[dim]{report.note}[/]" if report.note else ""))

    def _llm_status(self) -> str:
        if self.interview.settings.llm.provider == "off":
            return "[dim]Off. Choose a provider in Settings to get a model's feedback beside this score.[/]"
        return "[dim]Press l to ask the model for feedback.[/]"

    def action_llm(self) -> None:
        if not self._llm_on:
            self.notify("LLM feedback is off: choose a provider in Settings.", severity="warning")
            return
        self._stream_llm()

    @work(exclusive=True, group="llm", exit_on_error=False)
    async def _stream_llm(self) -> None:
        from interview.grading.llm.errors import LLMUnavailable

        app = self.interview
        settings = app.settings.llm
        panel = self.query_one(LLMPanel)
        panel.begin(settings.provider, settings.model)
        try:
            feedback = await app.service.request_llm(self.question, self.answer, self.result,
                                                     on_text=panel.received)
        except LLMUnavailable as exc:
            if exc.disable_session:
                app.llm_disabled = True
            panel.fail(str(exc))
            return
        except Exception as exc:  # a network or SDK failure never costs the offline score
            panel.fail(f"LLM feedback failed: {exc}")
            return
        self.result = self.result.model_copy(update={"llm": feedback})
        panel.finish(feedback, self._assesses())
        if self.attempt_id is not None:
            await app.service.attach_llm_feedback(self.attempt_id, feedback)  # History shows it again

    @property
    def streaming(self) -> bool:
        return any(w.node is self and w.group == "llm" and w.is_running for w in self.workers)

    # -------------------------------------------------------------- actions

    def action_model_answer(self) -> None:
        collapsible = self.query_one("#model-answer", Collapsible)
        collapsible.collapsed = not collapsible.collapsed
        if not collapsible.collapsed:
            self.call_after_refresh(collapsible.scroll_visible)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "rate":
            return self.attempt_id is not None
        if action == "llm":
            return self._llm_on or None  # shown greyed out while LLM feedback is off
        if action == "copy_to_file":
            return not self.saved
        if action in ("next", "again"):
            return self.offers_again
        if action == "follow_up":
            return self._can_follow_up
        if action == "story":
            return self.question.category == "behavioural" and self.attempt_id is not None
        return True

    def action_rate(self, rating: SelfRating) -> None:
        """Saved by an app worker: pressing Next at once must not cancel the rating."""
        if self.attempt_id is not None:
            saving = self.interview.service.rate(self.attempt_id, rating)  # queued now
            self.app.run_worker(self._rated(saving, rating), group="rate", exit_on_error=False)

    async def _rated(self, saving: Awaitable[None], rating: SelfRating) -> None:
        try:
            await saving
        except Exception as exc:
            self.notify(f"The rating was not saved: {exc}", severity="error")
            return
        for button in self.query("#ratings Button").results(Button):
            button.variant = "primary" if button.id == f"rate-{rating}" else "default"
        self.notify(f"Marked as {rating}: the schedule is updated.", timeout=3)
        self.interview.changed()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        rating = (event.button.id or "").removeprefix("rate-")
        if rating in ("hard", "good", "easy"):
            self.action_rate(rating)  # type: ignore[arg-type]  # checked just above

    async def action_next(self) -> None:
        question = await self.interview.service.next_question(exclude=self.question.id)
        if question is None:
            self.notify("Nothing else to practise right now.", severity="warning")
            return
        self.interview.practise(question, replace=True)

    def action_again(self) -> None:
        """The same question again; coding keeps the last code (ctrl+t puts the starter back)."""
        last = self.answer if isinstance(self.question, CodingQuestion) else None
        self.interview.practise(self.question, last, replace=True)

    def action_copy_to_file(self) -> None:
        """Keep an answer the history could not: a Markdown file with the question and the answer."""
        from interview.app.unsaved import write_answer_copy

        try:
            path = write_answer_copy(self.interview.context.paths, self.question, self.answer,
                                     self.result, self.interview.service.now())
        except OSError as exc:
            self.notify(f"Could not write the copy: {exc}", severity="error")
            return
        self.notify(f"Your answer is in {path}", title="Copied", timeout=15)

    def action_back(self) -> None:
        """Escape cancels a streaming LLM reply first; pressed again, it goes back."""
        if self.streaming:
            self.workers.cancel_group(self, "llm")
            self.query_one(LLMPanel).fail("Cancelled.")
            return
        self.app.pop_screen()
