"""Where a language model's feedback streams in, beside the offline score.

The panel only shows what it is given: the feedback screen runs the stream in a
worker and calls `begin`, `append` and `finish` (or `fail`).  Escape cancels
the worker; the offline score stays whatever happens.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import LoadingIndicator, Markdown, Static

from interview.grading.models import LLMFeedback


class LLMPanel(Vertical):
    DEFAULT_CSS = """
    LLMPanel { height: auto; }
    LLMPanel LoadingIndicator { height: 1; display: none; }
    LLMPanel.-loading LoadingIndicator { display: block; }
    LLMPanel #llm-label { color: $text-muted; }
    LLMPanel Markdown { margin: 0; padding: 0; }
    """

    def __init__(self, status: str, **kwargs: str) -> None:
        super().__init__(**kwargs)
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

    async def append(self, chunk: str) -> None:
        self.text += chunk
        await self.query_one("#llm-text", Markdown).update(self.text)

    def finish(self, feedback: LLMFeedback) -> None:
        self.remove_class("-loading")
        self.query_one("#llm-status", Static).update("")
        self.query_one("#llm-label", Static).update(
            f"{feedback.provider} · {feedback.model} · {feedback.input_tokens}+{feedback.output_tokens} "
            f"tokens · ${feedback.cost_usd:.4f}" + (" · cached" if feedback.cached else ""))

    def fail(self, message: str) -> None:
        self.remove_class("-loading")
        self.query_one("#llm-status", Static).update(f"[yellow]{message}[/] The offline score above stands.")
