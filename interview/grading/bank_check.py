"""`interview bank check`: prove every question's reference material against the graders.

Coding: the reference solution passes every test and an empty body fails one.
Free text: the model answer scores >= 80, the weak example scores at least 25
points below the strong one, another question's model answer scores <= 30, and
each misconception's example scores <= 40. System design: a prompt stating numbers with
a scale or unit has a `sizing` criterion (`interview.bank.sizing`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from interview.bank.loader import Bank
from interview.bank.models import AnyQuestion, CodingQuestion
from interview.bank.sizing import sizing_problem


def check_bank(
    bank: Bank,
    questions: Sequence[AnyQuestion],
    progress: Callable[[int, int], None] | None = None,
) -> list[str]:
    """Every failure as one `question-id: problem` line (empty when all pass)."""
    from interview.grading.code.check import check_coding_questions
    from interview.grading.rubric.check import check_text_question

    failures: list[str] = []
    done = 0

    def one_done() -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, len(questions))

    failures.extend(check_coding_questions([q for q in questions if isinstance(q, CodingQuestion)], one_done))
    for question in questions:
        if isinstance(question, CodingQuestion):
            continue
        failures.extend(f"{question.id}: {p}" for p in check_text_question(question, bank))
        if (problem := sizing_problem(question)) is not None:
            failures.append(f"{question.id}: {problem}")
        one_done()
    return failures
