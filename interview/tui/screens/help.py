"""`?`: every key that works on the screen underneath, and the global ones."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from interview.tui.screens.base import AppModal

INTRO = (
    "Practise one question at a time, or sit a timed mock. Every answer is scored offline "
    "with the evidence shown; your history feeds the weak-topic summary and what comes next.\n"
    "[b]ctrl+p[/] opens the command palette with every main action."
)


def _keys(bindings: list[Binding]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", min_width=10)
    table.add_column()
    for binding in bindings:
        key = binding.key_display or binding.key.split(",")[0]
        table.add_row(key.replace("question_mark", "?").replace("slash", "/"), binding.description)
    return table


class HelpScreen(AppModal[None]):
    CSS_PATH = "help.tcss"
    BINDINGS = [Binding("escape,question_mark,f1,q", "dismiss", "Close")]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        screen_keys = [b for b in self.under.BINDINGS if isinstance(b, Binding) and b.description]
        app_keys = [b for b in self.app.BINDINGS if isinstance(b, Binding) and b.description]
        with VerticalScroll(id="help", classes="panel") as help_panel:
            help_panel.border_title = "Help"
            help_panel.border_subtitle = "Esc closes"
            yield Static(INTRO, id="intro")
            yield Static(f"[b]{self.under.__class__.__name__.removesuffix('Screen')}[/]", classes="heading")
            yield Static(_keys(screen_keys))
            yield Static("[b]Everywhere[/]", classes="heading")
            yield Static(_keys([*app_keys, Binding("ctrl+p", "", "Command palette"),
                                Binding("tab", "", "Next field")]))
