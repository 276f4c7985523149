"""A small modal asking the user to choose; Escape means "never mind"."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from interview.tui.screens.base import AppModal


class ChoiceModal(AppModal[str | None]):
    """Dismisses with the id of the pressed button, or None on Escape.

    The "primary" choice has the focus, so a reflexive Enter takes the safe,
    recommended path rather than whichever button happens to come first.
    """

    CSS_PATH = "confirm.tcss"
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, title: str, message: str, choices: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.message = message
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(f"[b]{self.title_text}[/]", id="title")
            yield Static(self.message, id="message")
            with Horizontal(id="buttons"):
                for choice_id, label, variant in self.choices:
                    yield Button(label, id=choice_id, variant=variant)  # type: ignore[arg-type]

    def on_mount(self) -> None:
        primary = [button for button in self.query(Button).results(Button) if button.variant == "primary"]
        if primary:
            primary[0].focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id)
