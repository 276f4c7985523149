"""The application shell (the full set of screens lands with the TUI work)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

from interview.cli.context import Context


class InterviewApp(App[None]):
    TITLE = "interview"
    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, context: Context) -> None:
        super().__init__()
        self.context = context

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(f"{len(self.context.bank)} questions loaded.", id="status")
        yield Footer()
