"""One entry point to grade any answer, whatever its category.

Practice, mocks, the scorecard and the CLI all grade through `grade()`, so an
answer gets the same score wherever it is given.  Text scoring is synchronous
and can take a noticeable time (seconds with embeddings), so it runs in a
thread: an event loop awaiting `grade()` never stalls on it.
"""

from __future__ import annotations

import threading

from interview.bank.models import AnyQuestion, CodingQuestion
from interview.grading.models import GradeResult


async def grade(question: AnyQuestion, answer: str, *, include_hidden: bool = True,
                measure_complexity: bool = True) -> GradeResult:
    """Run a coding answer against its tests, or score a text answer on its rubric."""
    if isinstance(question, CodingQuestion):
        from interview.grading.code import run_code

        return await run_code(question, answer, include_hidden=include_hidden,
                              measure_complexity=measure_complexity)
    import asyncio  # here, not at the top: grading one text answer from the CLI runs no event loop

    return await asyncio.to_thread(score_text, question, answer)


# The rubric scorer shares one snowball stemmer (and caches) that are not thread-safe: two
# answers scored at once in two threads corrupt its state (IndexError inside the stemmer).
_SCORING = threading.Lock()


def score_text(question: AnyQuestion, answer: str) -> GradeResult:
    """The rubric scorer, for callers already off the event loop; one answer at a time."""
    from interview.grading.rubric import score_answer

    with _SCORING:
        return score_answer(question, answer)
