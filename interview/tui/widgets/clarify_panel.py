"""The clarify phase inside a mock: the questions asked so far, the replies, and a box to ask."""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Static

from interview.interviewer.models import ClarifyTurn


class ClarifyPanel(Vertical):
    DEFAULT_CSS = """
    ClarifyPanel { height: 1fr; }
    ClarifyPanel #clarify-turns { height: 1fr; padding: 0 1; }
    """

    def __init__(self, turns: list[ClarifyTurn]) -> None:
        super().__init__()
        self.turns = list(turns)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="clarify-turns"):
            yield Static(self._text(self.turns), id="clarify-log")
        yield Input(placeholder="Ask a clarifying question (ctrl+f: start designing)…", id="clarify-input")

    def show(self, turns: list[ClarifyTurn]) -> None:
        self.turns = list(turns)
        self.query_one("#clarify-log", Static).update(self._text(self.turns))

    @staticmethod
    def _text(turns: list[ClarifyTurn]) -> str:
        if not turns:
            return ("[b]Clarify first.[/] Ask about scale, latency, users, cost and constraints before "
                    "designing; the interviewer answers only what you ask. ctrl+f starts the design.")
        lines = []
        for turn in turns:
            colour = "cyan" if turn.from_facts else "dim"
            lines.append(f"[b]You:[/] {escape(turn.question)}\n"
                         f"[{colour}]Interviewer: {escape(turn.reply)}[/]\n")
        return "\n".join(lines)
