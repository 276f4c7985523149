"""The interviewer follows up: one question at a time, each answer scored before the next.

Opened from Feedback after the score is shown.  The follow-ups are chosen from the
answer's rubric gaps (written by the LLM interviewer when one is configured, offline
otherwise); each answer is graded in a worker and the whole exchange is kept with the
attempt, so mastery and History see it.  The screen returns the transcript.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, Header, Static, TextArea

from interview.bank.models import AnyQuestion, CodingQuestion
from interview.grading.models import GradeResult
from interview.interviewer.models import FollowUpTurn, Transcript
from interview.tui.screens.base import AppScreen
from interview.tui.widgets.transcript import follow_up_block, render_transcript

if TYPE_CHECKING:
    from interview.mock.talk import Talk


class FollowUpScreen(AppScreen[Transcript | None]):
    CSS_PATH = "follow_up.tcss"
    BINDINGS = [
        Binding("ctrl+s", "submit", "Answer"),
        Binding("ctrl+n", "skip", "Skip"),
        Binding("escape", "done", "Done", priority=True),
    ]

    def __init__(self, question: AnyQuestion, answer: str, result: GradeResult, attempt_id: str | None,
                 transcript: Transcript | None = None, count: int = 2) -> None:
        super().__init__()
        self.question = question
        self.answer = answer
        self.result = result
        self.attempt_id = attempt_id
        self.transcript = transcript or Transcript()
        self.count = count
        self.planned: list[FollowUpTurn] = []
        self.done: list[FollowUpTurn] = []
        self.busy = True

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="follow-up", classes="panel"):
            with VerticalScroll(id="asked"):
                yield Static("", id="asked-so-far")
            yield Static("[dim]The interviewer is thinking of a follow-up…[/]", id="follow-up-text")
            yield Static("", id="follow-up-why")
            yield TextArea("", soft_wrap=True, tab_behavior="focus", id="follow-up-answer",
                           placeholder="Answer as you would out loud: short and specific…")
            yield Static("", id="follow-up-result")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#follow-up").border_title = f"Follow-ups · {self.question.title}"
        self._plan()

    @cached_property
    def talk(self) -> Talk:
        return self.talker()

    @property
    def current(self) -> FollowUpTurn | None:
        return self.planned[len(self.done)] if len(self.done) < len(self.planned) else None

    @work(exclusive=True, group="follow-up", exit_on_error=False)
    async def _plan(self) -> None:
        try:
            self.planned = await self.talk.follow_ups(self.question, self.answer, self.result, self.count)
        except Exception as exc:  # never lose the feedback screen over a follow-up
            self.notify(f"No follow-up could be chosen: {exc}", severity="error")
            self.planned = []
        self.busy = False
        self._show()

    def _show(self) -> None:
        turn = self.current
        # While asking, the latest answer is shown with its score under the answer box; once the
        # interviewer is done, every turn moves above the closing line so the exchange reads in order.
        earlier = self.done[:-1] if turn is not None else self.done
        self.query_one("#asked-so-far", Static).update(
            render_transcript(Transcript(follow_ups=earlier)) if earlier else "")
        if turn is None:
            self.query_one("#follow-up-result", Static).update("")
        text = self.query_one("#follow-up-text", Static)
        why = self.query_one("#follow-up-why", Static)
        area = self.query_one("#follow-up-answer", TextArea)
        if turn is None:
            text.update("[b]That's all from the interviewer.[/] Press Escape to go back to the feedback."
                        if self.planned else "[b]No follow-up for this answer.[/] Press Escape to go back.")
            why.update("")
            area.display = False
            self.refresh_bindings()
            return
        number = len(self.done) + 1
        text.update(f"Follow-up {number} of {len(self.planned)}: {turn.text}")
        why.update(f"asked because {turn.why}" if turn.why else "")
        area.display = True
        area.load_text("")
        area.focus()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("submit", "skip"):
            return self.current is not None and not self.busy
        return True

    def action_submit(self) -> None:
        turn = self.current
        if turn is None or self.busy:
            return
        text = self.query_one("#follow-up-answer", TextArea).text
        if not text.strip():
            self.notify("Write an answer, or press ctrl+n to skip this follow-up.", severity="warning")
            return
        self._grade(turn, text)

    def action_skip(self) -> None:
        turn = self.current
        if turn is not None and not self.busy:
            self._grade(turn, "")

    @work(exclusive=True, group="follow-up", exit_on_error=False)
    async def _grade(self, turn: FollowUpTurn, text: str) -> None:
        self.busy = True
        self.refresh_bindings()
        result = self.query_one("#follow-up-result", Static)
        result.update("[dim]grading…[/]")
        try:
            graded = await self.talk.grade(self.question, turn, text, self.result.code)
        except Exception as exc:  # keep the answer even if grading fails
            graded = turn.model_copy(update={"answer": text, "answered": bool(text.strip()),
                                             "verdict": f"not graded: {exc}"})
        self.done.append(graded)
        self.busy = False
        result.update(follow_up_block(graded, len(self.done)))
        await self._save()
        self._show()

    async def _save(self) -> None:
        """Keep the exchange with the attempt after every answer, so quitting loses nothing."""
        transcript = self.transcript.model_copy(update={"follow_ups": list(self.done)})
        self.transcript = transcript
        service = self.interview.service
        if self.attempt_id is not None and not service.read_only:
            try:
                await service.attach_transcript(self.attempt_id, transcript)
            except Exception as exc:  # the answers are still shown; say why they were not kept
                self.notify(f"The follow-ups could not be saved: {exc}", severity="error")
                return
            self.interview.changed()

    def action_done(self) -> None:
        if self.busy and self.planned:
            return
        self.dismiss(self.transcript if self.done else None)


def follow_up_count(question: AnyQuestion) -> int:
    """Two follow-ups in practice; three after code (complexity, then the question's own)."""
    return 3 if isinstance(question, CodingQuestion) else 2
