"""Honest answers written blind (without reading the rubric) must be scored fairly.

Each file in tests/data/honest_answers is a strong answer a real candidate could
give — for behavioural questions, with their own story, not the model answer's.
They were written from the prompt alone, before looking at the key points, so
they test that rubrics describe what a good answer says rather than one
particular wording. Each must score well on its own question and poorly on
other questions of its category.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from interview.bank.loader import Bank, load_roots
from interview.grading.rubric import score_answer
from interview.paths import builtin_bank_dir

ANSWERS = sorted((Path(__file__).parent / "data" / "honest_answers").glob("*.md"))


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_roots([builtin_bank_dir()])


@pytest.mark.parametrize("path", ANSWERS, ids=[p.stem for p in ANSWERS])
def test_an_honest_strong_answer_scores_well(bank: Bank, path: Path) -> None:
    result = score_answer(bank.get(path.stem), path.read_text())
    assert result.score >= 60, (result.score, result.summary, result.flags)
    assert not any(flag.startswith("off-topic") for flag in result.flags)


@pytest.mark.parametrize("path", ANSWERS, ids=[p.stem for p in ANSWERS])
def test_it_does_not_answer_other_questions(bank: Bank, path: Path) -> None:
    own = bank.get(path.stem)
    others = [q for q in bank if q.category == own.category and q.id != own.id
              and not set(q.topics) & set(own.topics)]
    scores = sorted((score_answer(q, path.read_text()).score, q.id) for q in others)
    assert scores[-1][0] < 50, scores[-3:]  # never passes as a good answer to an unrelated question
