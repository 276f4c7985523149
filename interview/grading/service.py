"""One entry point to grade any answer, whatever its category."""

from __future__ import annotations

from interview.bank.models import AnyQuestion, CodingQuestion
from interview.grading.models import GradeResult


def grade_answer(question: AnyQuestion, answer: str) -> GradeResult:
    """Run a coding answer against all its tests, or score a text answer on its rubric."""
    if isinstance(question, CodingQuestion):
        from interview.grading.code import grade_code

        return grade_code(question, answer)
    from interview.grading.rubric import score_answer

    return score_answer(question, answer)
