"""`interview grade --llm`: add LLM feedback to a graded answer, streaming it to the terminal."""

from __future__ import annotations

import asyncio
import sys

from interview.bank.models import AnyQuestion
from interview.cli.context import Context
from interview.grading.models import GradeResult


def add_llm_feedback(ctx: Context, question: AnyQuestion, answer: str, result: GradeResult) -> GradeResult:
    """The result with `llm` filled in, or unchanged with one notice line on stderr."""
    from interview.grading.llm import LLMUnavailable, request_feedback

    show = sys.stderr.isatty()

    def on_text(text: str) -> None:
        if show:
            sys.stderr.write(".")
            sys.stderr.flush()

    try:
        feedback = asyncio.run(request_feedback(question, answer, result, ctx.settings.llm, ctx.paths,
                                                on_text=on_text))
    except LLMUnavailable as exc:
        print(f"interview: LLM feedback: {exc}", file=sys.stderr)
        return result
    finally:
        if show:
            sys.stderr.write("\n")
    return result.model_copy(update={"llm": feedback})
