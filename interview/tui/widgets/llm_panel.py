"""Where a language model's feedback streams in, beside the offline score.

The panel only shows what it is given: the feedback screen runs the stream in a
worker and calls `begin`, `received` and `finish` (or `fail`).  The model
streams structured JSON, so while it arrives the panel shows progress, and the
finished feedback is rendered as prose.  Escape cancels the worker; the offline
score stays whatever happens.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.markup import escape
from textual.widgets import LoadingIndicator, Markdown, Static

from interview.grading.models import LLMFeedback
from interview.words import sentence


def feedback_markdown(feedback: LLMFeedback, assesses: dict[str, str]) -> str:
    parts = []
    if feedback.strengths:
        parts.append("**Strengths**\n\n" + "\n".join(f"- {s}" for s in feedback.strengths))
    if feedback.improvements:
        parts.append("**To improve**\n\n" + "\n".join(f"- {s}" for s in feedback.improvements))
    if feedback.criteria:
        parts.append("**By criterion**\n\n" + "\n".join(
            f"- {assesses.get(c.criterion_id, c.criterion_id)} — {c.score:.0%}: {c.justification}"
            for c in feedback.criteria))
    if feedback.follow_up:
        parts.append(f"**Follow-up question:** {feedback.follow_up}")
    return "\n\n".join(parts)


class LLMPanel(Vertical):
    DEFAULT_CSS = """
    LLMPanel { height: auto; }
    LLMPanel LoadingIndicator { height: 1; display: none; }
    LLMPanel.-loading LoadingIndicator { display: block; }
    LLMPanel #llm-label { color: $text-muted; }
    LLMPanel Markdown { margin: 0; padding: 0; }
    """

    def __init__(self, status: str, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.status = status
        self.text = ""

    def compose(self) -> ComposeResult:
        yield Static(self.status, id="llm-status")
        yield LoadingIndicator()
        yield Markdown("", id="llm-text")
        yield Static("", id="llm-label")

    def begin(self, provider: str, model: str) -> None:
        self.text = ""
        self.add_class("-loading")
        self.query_one("#llm-status", Static).update(f"Asking {provider} · {model}…  [dim](Esc cancels)[/]")

    def received(self, chunk: str) -> None:
        self.text += chunk
        self.query_one("#llm-status", Static).update(
            f"Receiving feedback… {len(self.text)} characters  [dim](Esc cancels)[/]")

    def finish(self, feedback: LLMFeedback, assesses: dict[str, str]) -> None:
        self.remove_class("-loading")
        self.query_one("#llm-status", Static).update(f"[b]{feedback.overall:.0f}/100[/] from the model")
        self.query_one("#llm-text", Markdown).update(feedback_markdown(feedback, assesses))
        self.query_one("#llm-label", Static).update(
            f"{feedback.provider} · {feedback.model} · {feedback.input_tokens}+{feedback.output_tokens} "
            f"tokens · ${feedback.cost_usd:.4f}" + (" · cached" if feedback.cached else ""))

    def fail(self, message: str) -> None:
        self.remove_class("-loading")
        self.query_one("#llm-status", Static).update(
            f"[yellow]{escape(sentence(message))}[/] The offline score above stands.")
