"""Mark the key points you covered: your own score, shown beside the offline one.

The offline scorer can miss a point made in words it does not know.  This widget lists every
key point of the graded answer as a checkbox (ticked where the scorer found it); "Score my
marks" posts `SelfAssessmentPanel.Assessed` with the self-assessed score, which the screen
keeps beside the offline score.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Button, Checkbox, Static

from interview.grading.models import GradeResult, SelfAssessment
from interview.grading.rubric.self_assess import key_points, self_assess


class SelfAssessmentPanel(Vertical):
    """One checkbox per key point and a button that scores the marks."""

    DEFAULT_CSS = """
    SelfAssessmentPanel { height: auto; }
    SelfAssessmentPanel Checkbox { height: auto; border: none; padding: 0; }
    SelfAssessmentPanel #self-score { margin-top: 1; }
    """

    class Assessed(Message):
        """The user scored their marks."""

        def __init__(self, assessment: SelfAssessment) -> None:
            super().__init__()
            self.assessment = assessment

    def __init__(self, result: GradeResult, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.result = result
        self.points = key_points(result)

    def compose(self) -> ComposeResult:
        yield Static("[dim]Tick what your answer covered; the scorer's marks are the start.[/]")
        for number, (_, text, found) in enumerate(self.points):
            yield Checkbox(text, value=found, id=f"point-{number}", compact=True)
        yield Button("Score my marks", id="self-assess", compact=True)
        yield Static("", id="self-score")

    def assessment(self) -> SelfAssessment:
        """The self-assessment the boxes describe now."""
        covered: dict[str, list[str]] = {}
        for number, (cid, text, _) in enumerate(self.points):
            if self.query_one(f"#point-{number}", Checkbox).value:
                covered.setdefault(cid, []).append(text)
        return self_assess(self.result, covered)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id != "self-assess":
            return
        event.stop()
        assessment = self.assessment()
        self.query_one("#self-score", Static).update(
            f"Offline {self.result.score:.0f} · yours {assessment.score:.0f} "
            "[dim](kept side by side; your marks count at half weight in your progress)[/]")
        self.post_message(self.Assessed(assessment))
