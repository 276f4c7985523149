"""Fakes for the TUI tests: a grader that answers at once and a clock moved by hand."""

from __future__ import annotations

import io
import random
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from rich.console import Console
from textual.widget import Widget
from textual.widgets import Static

from interview.app.context import Context
from interview.app.service import Hooks
from interview.bank.loader import Bank
from interview.bank.models import AnyQuestion, CodingQuestion
from interview.grading.models import CodeReport, CriterionScore, GradeResult, TestOutcome
from interview.paths import Paths
from interview.tui.app import InterviewApp


class FakeClock:
    def __init__(self, start: datetime = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


class FakeGrader:
    """Passes every test whose answer contains `return`; records what it was asked."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, bool]] = []

    async def run_code(self, question: CodingQuestion, code: str, *, include_hidden: bool,
                       measure_complexity: bool) -> GradeResult:
        self.calls.append((code, include_hidden))
        ok = "return" in code
        tests = [
            TestOutcome(name=t.name, hidden=t.hidden, verdict="passed" if ok else "wrong_answer",
                        input=None if t.hidden else "[2, 7]", expected=None if t.hidden else "[0, 1]",
                        actual=None if t.hidden or ok else "None", duration_ms=0.2)
            for t in question.code.tests if include_hidden or not t.hidden
        ]
        visible = [t for t in tests if not t.hidden]
        hidden = [t for t in tests if t.hidden]
        report = CodeReport(
            tests=tests, visible_total=len(visible), hidden_total=len(hidden),
            visible_passed=sum(t.verdict == "passed" for t in visible),
            hidden_passed=sum(t.verdict == "passed" for t in hidden), runtime_ms=3.0,
            first_hidden_failure=None if ok or not hidden else "wrong_answer",
        )
        return GradeResult(question_id=question.id, category="coding", score=100.0 if ok else 0.0,
                           code=report, grader="fake")

    def score_text(self, question: AnyQuestion, text: str) -> GradeResult:
        criteria = [
            CriterionScore(criterion_id=c.id, dimension=c.dimension, assesses=c.assesses,
                           weight=c.weight, score=0.5, found=[c.key_points[0].text] if c.key_points else [],
                           missing=[k.text for k in c.key_points[1:2]])
            for c in question.rubric
        ]
        return GradeResult(question_id=question.id, category=question.category, score=50.0,
                           criteria=criteria, summary="Half the key points.", grader="fake")


def make_app(home: Paths, clock: FakeClock | None = None, grader: FakeGrader | None = None,
             only: Sequence[str] | None = None) -> InterviewApp:
    """The app over fakes; `only` narrows the bank to fixed questions, so pictures do not
    change whenever a question is added to the built-in bank."""
    context = Context(home)
    if only is not None:
        full = context.bank
        context.__dict__["bank"] = Bank(questions={q: full.questions[q] for q in only}, packs=full.packs)
    grader = grader or FakeGrader()
    hooks = Hooks(run_code=grader.run_code, score_text=grader.score_text, now=clock or FakeClock(),
                  rng=random.Random(7), mock_interviewer=False)  # tests/test_tui_interviewer.py turns it on
    return InterviewApp(context, hooks)


def text_of(widget: Widget) -> str:
    """The plain text a Static shows, whatever it was given (markup, Rich renderables)."""
    assert isinstance(widget, Static)
    console = Console(width=200, file=io.StringIO(), record=True)
    console.print(widget.content)
    return console.export_text()
