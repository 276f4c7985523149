"""Correct answers a user typed into the app and was told "your answer says the opposite".

Found by using the app (practice and mock follow-ups). Each answer is right; the expectation
(no contradiction, the point credited where the wording allows) was fixed before any change to
the method. A false "says the opposite" is worse than a missed point: it tells a user who is
right that they are wrong.
"""

from __future__ import annotations

import pytest

from interview.bank.loader import Bank, load_roots
from interview.grading.models import GradeResult
from interview.grading.rubric import score_answer
from interview.interviewer import followups
from interview.interviewer.models import FollowUpTurn
from interview.paths import builtin_bank_dir

OPPOSITE = "says the opposite"


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_roots([builtin_bank_dir()])


def flagged(result: GradeResult) -> list[str]:
    return [m for c in result.criteria for m in c.missing if OPPOSITE in m]


@pytest.mark.parametrize("answer", [
    "The model overfits, so I would use fewer rounds with early stopping.",
    "The model overfits, so I would use fewer rounds with early stopping on validation loss.",
    "Use shallower trees with a bigger min leaf size, fewer rounds with early stopping on validation loss, "
    "L2 penalty on leaf weights, and subsample rows and columns.",
])
def test_fewer_rounds_with_early_stopping_is_not_the_opposite_of_itself(bank: Bank, answer: str) -> None:
    result = score_answer(bank.get("ml.train-validation-gap"), answer)
    assert not flagged(result) and OPPOSITE not in result.summary, result.summary


LEARNED_TABLE = ("Its table only has rows up to the trained length; positions past that have no vector at "
                 "all.")


def _learned_table_turn(bank: Bank) -> FollowUpTurn:
    question = bank.get("ml.positional-encodings")
    (turn,) = [t for t in (followups._bank_turn(question, i, "") for i in range(len(question.follow_ups)))
               if t.text.startswith("Why does a learned absolute embedding fail")]
    return followups.score(question, turn, LEARNED_TABLE)


def test_a_negated_fact_stated_negatively_is_agreement(bank: Bank) -> None:
    """Key point "beyond it no vector exists" (also "no embedding for the position"); the answer
    says "positions past that have no vector at all"."""
    graded = _learned_table_turn(bank)
    assert not [m for m in graded.missing if OPPOSITE in m], graded.missing


@pytest.mark.xfail(strict=True, reason="issue 11: a paraphrase ('table rows up to the trained length') the "
                                       "lexicon does not connect to 'one learned vector per position'")
def test_the_learned_table_paraphrase_earns_its_point(bank: Bank) -> None:
    graded = _learned_table_turn(bank)
    assert graded.score is not None and graded.score >= 30, graded.verdict
