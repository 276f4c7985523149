"""The mock's scorecard: per-round scores and hire signals, skills, and what to improve first.

Every question row opens that answer's full feedback (rubric, tests, model answer).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from interview.tui.screens.base import AppScreen
from interview.tui.widgets.charts import bar, score_style
from interview.tui.widgets.header import Header
from interview.tui.widgets.timer import clock

if TYPE_CHECKING:
    from interview.mock.scorecard import QuestionCard, RoundCard, Scorecard

SIGNAL_STYLE = {"Strong hire": "bold green", "Hire": "green", "Lean no hire": "yellow", "No hire": "bold red"}


def _grid() -> Table:
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column(ratio=1)
    table.add_column(width=12)
    table.add_column(width=4, justify="right")
    table.add_column(width=13)
    return table


def _add_round(table: Table, rnd: RoundCard) -> None:
    table.add_row(Text(rnd.label, style="bold"), bar(rnd.score / 100, 12), f"{rnd.score:.0f}",
                  Text(rnd.signal, style=SIGNAL_STYLE.get(rnd.signal, "")))
    if rnd.depth is not None:  # how the answers held up when the interviewer followed up
        table.add_row(Text("  depth under follow-ups", style="italic"), bar(rnd.depth / 100, 12),
                      f"{rnd.depth:.0f}", "")
    if rnd.clarification is not None:  # the important facts asked for before designing
        table.add_row(Text("  clarification: important facts asked", style="italic"),
                      bar(rnd.clarification, 12), f"{100 * rnd.clarification:.0f}", "")


def _add_question(table: Table, q: QuestionCard) -> None:
    used = f"{clock(q.time_used_s)}/{clock(q.allotted_s)}"
    outcome = "" if q.outcome == "submitted" else f" ({q.outcome.replace('_', ' ')})"
    table.add_row(Text(f"  {q.title}{outcome}", style="dim"), Text(used, style="dim"),
                  Text(f"{q.score:.0f}", style=score_style(q.score / 100)), "")


def rounds_table(card: Scorecard) -> Table:
    """Each round's score and signal (the verdict; the questions are listed further down)."""
    table = _grid()
    for rnd in card.rounds:
        _add_round(table, rnd)
    return table


def attempt_id(card: Scorecard, round_index: int, question_index: int) -> str:
    """The id the mock's answer was recorded under (see `MockSessions.record`)."""
    return f"{card.mock_id}-{round_index}-{question_index}"


def question_options(card: Scorecard) -> list[Option]:
    """One option per question (Enter opens its feedback) under a heading per round."""
    options = []
    for rnd in card.rounds:
        heading = _grid()
        _add_round(heading, rnd)
        options.append(Option(heading, disabled=True))
        for j, q in enumerate(rnd.questions):
            row = _grid()
            _add_question(row, q)
            options.append(Option(row, id=attempt_id(card, rnd.index, j)))
    return options


def dimensions_table(card: Scorecard) -> Table:
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column(ratio=1)
    table.add_column(width=16)
    table.add_column(width=4, justify="right")
    for dim in card.dimensions:
        table.add_row(dim.dimension.replace("_", " ").capitalize(), bar(dim.score / 100, 16),
                      f"{dim.score:.0f}")
    return table


class ScorecardScreen(AppScreen[None]):
    CSS_PATH = "scorecard.tcss"
    BINDINGS = [Binding("escape", "home", "Home")]

    def __init__(self, scorecard: Scorecard) -> None:
        super().__init__()
        self.scorecard = scorecard

    def compose(self) -> ComposeResult:
        card = self.scorecard
        yield Header()
        with VerticalScroll(id="scorecard"):
            headline = Text()  # no base style: each part keeps its own colour
            headline.append(f"{card.score:.0f}", style=f"bold {score_style(card.score / 100)}")
            headline.append("/100  ", style="dim")
            headline.append(card.signal, style=SIGNAL_STYLE.get(card.signal, ""))
            headline.append(f"   {card.template_name} · {card.mode}", style="dim")
            # The verdict, each round's signal and what to improve come first, so a long onsite
            # loop still shows them at 80×24; the per-question detail follows.
            verdict = Static(Group(headline, rounds_table(card)), id="verdict",
                             classes="panel")
            verdict.border_title = "Overall"
            yield verdict
            improvements = OptionList(id="improvements", classes="panel")
            improvements.border_title = "Improve first — Enter practises"
            for item in card.improvements:
                link = f"\n  → [b]{item.question_title}[/]" if item.question_title else ""
                improvements.add_option(Option(f"{item.advice}{link}", id=item.question_id or None))
            yield improvements
            rounds = OptionList(*question_options(card), id="rounds", classes="panel")
            rounds.border_title = "Rounds and questions — Enter opens the feedback"
            yield rounds
            if card.dimensions:
                dims = Static(dimensions_table(card), id="dimensions", classes="panel")
                dims.border_title = "Skills across the loop"
                yield dims
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#improvements").focus(scroll_visible=False)  # the verdict stays in view

    @on(OptionList.OptionSelected, "#improvements")
    def _practise(self, event: OptionList.OptionSelected) -> None:
        bank = self.interview.bank
        if event.option.id and bank is not None and event.option.id in bank.questions:
            self.interview.practise(bank.questions[event.option.id])
        else:
            self.notify("No other question on this topic in the bank yet.", severity="warning")

    @on(OptionList.OptionSelected, "#rounds")
    def _open_question(self, event: OptionList.OptionSelected) -> None:
        from interview.mock.scorecard import UNANSWERED
        from interview.tui.screens.feedback import open_attempt

        chosen = event.option.id or ""
        for rnd in self.scorecard.rounds:
            for j, question in enumerate(rnd.questions):
                if attempt_id(self.scorecard, rnd.index, j) != chosen:
                    continue
                if question.outcome in UNANSWERED:
                    self.notify(f"'{question.title}' was {question.outcome}: there is no answer to review.",
                                severity="warning")
                else:
                    self.run_worker(open_attempt(self.interview, chosen), group="open", exclusive=True)
                return

    def action_home(self) -> None:
        self.app.pop_screen()
