"""Build a custom mock in the picker: per category, how many questions, minutes and difficulty."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.widgets import Button, Input, Select, Static

from interview.bank.models import CATEGORY_LABELS
from interview.tui.screens.base import AppModal

if TYPE_CHECKING:
    from interview.mock.templates import MockTemplate

# (questions, minutes) to start from: the shape of a phone screen, system design off.
DEFAULTS = {"coding": (1, 20), "ml_theory": (2, 15), "system_design": (0, 45), "behavioural": (1, 10)}
LEVELS = [("any level", ""), ("easy", "easy"), ("medium", "medium"), ("hard", "hard")]


class CustomMockModal(AppModal["MockTemplate | None"]):
    """Dismisses with the template built from the form, or None on Escape / Cancel."""

    CSS_PATH = "custom_mock.tcss"
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("[b]Custom mock[/]  [dim]0 questions leaves a round out[/]", id="title")
            with Grid(id="rounds"):
                for text in ("Round", "Questions", "Minutes", "Difficulty"):
                    yield Static(f"[dim]{text}[/]")
                for category, label in CATEGORY_LABELS.items():
                    questions, minutes = DEFAULTS.get(str(category), (0, 15))
                    yield Static(label, classes="round-label")
                    yield Input(str(questions), type="integer", id=f"{category}-questions", compact=True)
                    yield Input(str(minutes), type="integer", id=f"{category}-minutes", compact=True)
                    yield Select(LEVELS, value="", allow_blank=False, id=f"{category}-level", compact=True)
            # Errors show here, in the form: a toast would sit over the Start button.
            yield Static("", id="error")
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Start", id="start", variant="primary")

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    def on_input_submitted(self) -> None:
        self._start()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "start":
            self._start()
        else:
            self.dismiss(None)

    def _start(self) -> None:
        template = self.template()
        if template is not None:
            self.dismiss(template)

    def _error(self, message: str) -> None:
        self.query_one("#error", Static).update(message)

    def template(self) -> MockTemplate | None:
        """The mock the form describes; a bad value is named in one line in the form and gives None."""
        from pydantic import ValidationError

        from interview.mock.templates import MockTemplate, RoundSpec

        rounds = []
        for category, label in CATEGORY_LABELS.items():
            questions = self.query_one(f"#{category}-questions", Input).value.strip() or "0"
            if questions == "0":
                continue
            level = self.query_one(f"#{category}-level", Select).value
            try:
                rounds.append(RoundSpec.model_validate({
                    "category": category, "questions": questions,
                    "minutes": self.query_one(f"#{category}-minutes", Input).value.strip(),
                    **({"difficulty": level} if level else {}),
                }))
            except ValidationError as exc:
                error = exc.errors()[0]
                self._error(f"{label}: {error['loc'][0]}: {error['msg']}")
                return None
        if not rounds:
            self._error("Give at least one round some questions.")
            return None
        self._error("")
        return MockTemplate(id="custom", name="Custom mock", description="Built in the mock picker.",
                            rounds=tuple(rounds))
