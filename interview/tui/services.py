"""The core services the screens call, bundled so tests can swap any of them.

Screens never import the graders or the store directly: they ask
`app.services`.  The defaults import the core lazily (the graders, the store
and the LLM SDKs stay out of start-up), and tests pass fakes: a temp store, a
grader that answers at once, a clock they move by hand.
"""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from interview.bank.models import AnyQuestion, CodingQuestion
    from interview.cli.context import Context
    from interview.config import LLMSettings
    from interview.grading.models import GradeResult, LLMFeedback
    from interview.paths import Paths


class RunCode(Protocol):
    def __call__(
        self, question: CodingQuestion, code: str, *, include_hidden: bool, measure_complexity: bool
    ) -> Awaitable[GradeResult]: ...


ScoreText = Callable[["AnyQuestion", str], "GradeResult"]


async def default_run_code(
    question: CodingQuestion, code: str, *, include_hidden: bool, measure_complexity: bool
) -> GradeResult:
    """The sandboxed code grader; cancelling the awaiting worker kills the child process."""
    from interview.grading.code import run_code

    return await run_code(
        question, code, include_hidden=include_hidden, measure_complexity=measure_complexity
    )


def default_score_text(question: AnyQuestion, text: str) -> GradeResult:
    from interview.grading.rubric import score_answer

    return score_answer(question, text)


class RequestLLM(Protocol):
    def __call__(
        self, question: AnyQuestion, answer: str, offline: GradeResult, settings: LLMSettings, paths: Paths,
        *, on_text: Callable[[str], None] | None = None,
    ) -> Awaitable[LLMFeedback]: ...


async def default_request_llm(
    question: AnyQuestion, answer: str, offline: GradeResult, settings: LLMSettings, paths: Paths,
    *, on_text: Callable[[str], None] | None = None,
) -> LLMFeedback:
    """LLM feedback, imported only when asked for (the SDKs stay out of start-up)."""
    from interview.grading.llm import request_feedback

    return await request_feedback(question, answer, offline, settings, paths, on_text=on_text)


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Services:
    """What the app needs from the core; every field can be replaced in tests."""

    run_code: RunCode = default_run_code
    score_text: ScoreText = default_score_text
    request_llm: RequestLLM = default_request_llm
    now: Callable[[], datetime] = utc_now
    open_store: Callable[[], Any] | None = None
    rng: random.Random | None = None  # the mock's question choice; tests seed it
    # Mocks with the interviewer's clarify phase and follow-ups (older clock tests turn it off).
    mock_interviewer: bool = True

    @classmethod
    def default(cls, context: Context) -> Services:
        def open_store() -> Any:
            """A second running instance gets the history read-only rather than an error."""
            from interview.progress.storage import StoreLockedError
            from interview.progress.store import Store

            try:
                return Store.open(context.paths)
            except StoreLockedError:
                return Store.open(context.paths, read_only=True)

        return cls(open_store=open_store)
