"""The clarify phase of a system-design question: ask for the requirements before designing.

The interviewer knows the question's facts (scale, latency budget, cost ceiling ...)
and reveals one only when asked for it; anything else is "up to you".  Asking for the
important facts is scored on the requirements criterion, and the design is then judged
against what was revealed.  The screen returns the transcript of the phase.
"""

from __future__ import annotations

from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING, TypeGuard

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, Input, Markdown, Static

from interview.bank.models import SystemDesignQuestion
from interview.interviewer.models import ClarifyTurn, Transcript
from interview.tui.screens.base import AppScreen
from interview.tui.widgets.header import Header
from interview.tui.widgets.timer import clock

if TYPE_CHECKING:
    from interview.mock.talk import Talk

SUGGESTED_S = 300


def needs_clarify(question: object) -> TypeGuard[SystemDesignQuestion]:
    return isinstance(question, SystemDesignQuestion) and bool(question.facts)


def clarify_draft_key(question: SystemDesignQuestion) -> str:
    """The draft holding a practice clarify phase (its transcript as JSON), beside the answer's draft."""
    return f"clarify:{question.id}"


def restored_transcript(raw: str | None) -> Transcript | None:
    """The clarify phase kept as a draft, or None when there is none (or it cannot be read)."""
    if not raw:
        return None
    try:
        return Transcript.model_validate_json(raw)
    except ValueError:
        return None


class ClarifyScreen(AppScreen[Transcript]):
    CSS_PATH = "clarify.tcss"
    BINDINGS = [
        Binding("ctrl+s", "design", "Start designing", priority=True),
        Binding("escape", "design", "Start designing", show=False),
    ]

    def __init__(self, question: SystemDesignQuestion, turns: list[ClarifyTurn] | None = None) -> None:
        """`turns` were asked before the app was left: the phase carries on from them."""
        super().__init__()
        self.question = question
        self.turns: list[ClarifyTurn] = list(turns or [])
        self.started: datetime | None = None
        self.asking = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="clarify", classes="panel"):
            with VerticalScroll(id="clarify-prompt"):
                yield Markdown(self.question.prompt)
            yield Static("[dim]Ask about scale, latency, users, cost, constraints — one question at a time. "
                         "Press ctrl+s to start designing.[/]", id="clarify-log")
            yield Input(placeholder="Ask the interviewer a clarifying question…", id="clarify-input")
            yield Static("", id="clarify-status")
        yield Footer(compact=True)

    @cached_property
    def talk(self) -> Talk:
        """The LLM interviewer when one is configured (answering from the facts only), else offline."""
        return self.talker()

    def on_mount(self) -> None:
        self.query_one("#clarify").border_title = f"Clarify · {self.question.title}"
        self.started = self.interview.service.now()
        self.set_interval(1.0, self._tick)
        self.query_one(Input).focus()
        if self.turns:  # carried on from a draft
            self._show()
        else:
            self._tick()

    def _tick(self) -> None:
        if self.started is None:
            return
        spent = (self.interview.service.now() - self.started).total_seconds()
        over = "  [yellow]time to start designing[/]" if spent > SUGGESTED_S else ""
        self.query_one("#clarify-status", Static).update(
            f"clarifying {clock(spent)} (aim for under {clock(SUGGESTED_S)}) · {len(self.turns)} asked{over}")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text or self.asking:
            return
        event.input.value = ""
        self._ask(text)

    @work(exclusive=True, group="clarify", exit_on_error=False)
    async def _ask(self, text: str) -> None:
        from interview.interviewer import clarify

        self.asking = True
        try:
            turn = await self.talk.ask(self.question, text, self.turns)
        except Exception:  # the offline matcher never needs the network
            turn = clarify.ask(self.question, text, self.turns)
        self.turns.append(turn)
        self.asking = False
        self._keep(clarified=False)
        self._show()

    def _keep(self, *, clarified: bool) -> Transcript:
        """Autosave the phase as a draft, so quitting mid-phase loses no question or reply."""
        transcript = Transcript(clarify=list(self.turns), clarified=clarified)
        self.interview.service.save_draft(clarify_draft_key(self.question), transcript.model_dump_json())
        return transcript

    def _show(self) -> None:
        lines = []
        for turn in self.turns:
            lines.append(f"[b]You:[/] {_escape(turn.question)}")
            colour = "cyan" if turn.from_facts else "dim"
            lines.append(f"[{colour}]Interviewer: {_escape(turn.reply)}[/]\n")
        self.query_one("#clarify-log", Static).update("\n".join(lines))
        self._tick()

    def action_design(self) -> None:
        self.dismiss(self._keep(clarified=True))


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def revealed_markdown(transcript: Transcript) -> str:
    """What the candidate was told, to keep beside the prompt while designing."""
    told = [t for t in transcript.clarify if t.fact_ids]
    if not told:
        return "*You asked for no facts: state your assumptions in the design.*"
    return "**What you were told**\n\n" + "\n".join(f"- {t.reply}" for t in told)
