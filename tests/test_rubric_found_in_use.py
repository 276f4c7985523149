"""Right answers in a candidate's own words that were marked missing when the app was used in a terminal.

Each case is a sentence typed in a practice session and the key point an interviewer would credit.
"""

from __future__ import annotations

import pytest

from interview.bank.loader import Bank, load_roots
from interview.grading.rubric import score_answer
from interview.interviewer import followups
from interview.paths import builtin_bank_dir


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_roots([builtin_bank_dir()])


def test_all_units_kept_at_test_time_is_dropout_turned_off_at_inference(bank: Bank) -> None:
    answer = ("Dropout randomly zeroes activations during training, which acts like training an ensemble "
              "of thinned networks that share weights. At test time all units are kept and the activations "
              "are scaled by the keep probability.")
    mechanism = next(c for c in score_answer(bank.get("ml.dropout"), answer).criteria
                     if c.criterion_id == "mechanism")
    assert "dropout is turned off at inference" in mechanism.found


def test_a_curve_that_has_flattened_out_is_one_that_has_plateaued(bank: Bank) -> None:
    question = bank.get("ml.train-validation-gap")
    turn = next(t for t in followups.choose(question, score_answer(question, question.model_answer), count=3)
                if "learning curve" in t.text)
    answer = ("Train on growing fractions of the data, a tenth, a quarter, half and all, and plot train "
              "and validation accuracy. If validation is still climbing at the full size, more data will "
              "help; if it has flattened out, it will not.")
    scored = followups.score(question, turn, answer)
    assert "if validation has plateaued, more data will not help much" in scored.found, scored
