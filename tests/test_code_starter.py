"""A coding answer that does no more than the starter earns nothing.

Tests an empty body passes (an empty list, one element, an undefined AUC that is None)
show nothing about the answer, yet they used to give the unchanged starter 8-30 points
on nine built-in questions.  The grader runs the starter on the same tests: the tests it
passes earn nothing, so the starter (and any trivial rewording of it) scores 0 while a
correct answer still scores 100.  Bands written before the grader was changed.
"""

from __future__ import annotations

import pytest

from interview.bank.loader import Bank, load_roots
from interview.bank.models import CodingQuestion
from interview.grading.code import grade_code
from interview.paths import builtin_bank_dir


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_roots([builtin_bank_dir()])


def coding(bank: Bank, question_id: str) -> CodingQuestion:
    question = bank.get(question_id)
    assert isinstance(question, CodingQuestion)
    return question


def reworded(starter: str) -> str:
    """The starter with a docstring, a comment, `return None` for `pass` and other spacing."""
    lines = []
    for line in starter.strip().splitlines():
        lines.append(line.replace("pass", "return None  # TODO"))
        if line.startswith("def ") and line.rstrip().endswith(":"):
            lines.append('    """Work in progress."""')
    return "\n\n".join(lines) + "\n"


# (question, how the starter is changed): each must score exactly 0.
CHEATS = [
    ("coding.sort-colors", "unchanged"),            # passes "empty" and "single element"
    ("coding.sort-colors", "reworded"),
    ("coding.merge-k-sorted-lists", "unchanged"),   # the test adapter around an empty function
    ("coding.merge-k-sorted-lists", "reworded"),
    ("coding.lru-cache", "unchanged"),              # a class: every method `pass`
    ("coding.roc-auc-from-scratch", "reworded"),    # None is right for one-class input
    ("coding.py-mutable-default-history", "unchanged"),  # the buggy code the question asks to fix
]


@pytest.mark.parametrize(("question_id", "change"), CHEATS, ids=[f"{q}-{c}" for q, c in CHEATS])
def test_the_starter_scores_zero(bank: Bank, question_id: str, change: str) -> None:
    question = coding(bank, question_id)
    answer = question.code.starter if change == "unchanged" else reworded(question.code.starter)
    result = grade_code(question, answer, measure_complexity=False)
    assert result.score == 0, (result.score, result.summary)
    assert all(c.score == 0 for c in result.criteria), result.criteria
    assert "starter" in result.summary, result.summary


def test_the_unchanged_starter_is_named_as_such(bank: Bank) -> None:
    question = coding(bank, "coding.sort-colors")
    result = grade_code(question, question.code.starter, measure_complexity=False)
    assert result.summary.startswith("Score 0: this is the starter code, unchanged"), result.summary


def test_the_reference_still_scores_full_marks(bank: Bank) -> None:
    question = coding(bank, "coding.sort-colors")
    result = grade_code(question, question.code.solution, measure_complexity=False)
    assert result.score == 100 and "starter" not in result.summary, result.summary


def test_a_partial_answer_earns_only_for_tests_the_starter_fails(bank: Bank) -> None:
    # Moves the 0s to the front and leaves the rest: right on "empty" and "single element"
    # (which the starter passes too) and on "no ones" and "swap brings in a zero" (which it
    # does not): 2 of the 7 tests that tell answers apart.
    partial = ("def sort_colors(nums: list[int]) -> None:\n"
               "    nums[:] = [x for x in nums if x == 0] + [x for x in nums if x != 0]\n")
    result = grade_code(coding(bank, "coding.sort-colors"), partial, measure_complexity=False)
    assert 10 <= result.score <= 35, (result.score, result.summary)
    tests = next(c for c in result.criteria if c.criterion_id == "tests")
    assert any("the starter passes too" in line for line in tests.evidence), tests.evidence


def test_bank_check_refuses_a_starter_that_passes_every_test() -> None:
    from interview.grading.code.check import check_coding_questions
    from tests.test_code_runner import question

    solution = "def f(x):\n    return 2 * x\n"
    tests = [{"name": "zero", "args": [0], "expected": 0}, {"name": "two", "args": [2], "expected": 4}]
    fair = question(tests, solution=solution, starter="def f(x):\n    pass\n")
    lazy = question(tests[:1], solution=solution, starter="def f(x):\n    return 0\n")
    lazy = lazy.model_copy(update={"id": "t.lazy"})
    # An empty body fails "zero" (None is not 0), so only the starter check catches it.
    assert check_coding_questions([fair, lazy]) == [
        "t.lazy: the starter passes every test, so no test tells an answer from it; "
        "add a test the starter fails",
    ]
