"""The built-in bank's quality gate (issue: the bank is the product's content).

`interview bank check` runs here, so CI proves that every reference solution
passes its tests, that an empty answer fails, and that every free-text model
answer, weak example and off-topic answer scores where it should.
"""

from __future__ import annotations

from collections import Counter

import pytest

from interview.bank.loader import Bank, load_roots
from interview.bank.models import CodingQuestion
from interview.bank.vocabulary import builtin_vocabulary
from interview.paths import builtin_bank_dir

MINIMUM = {"coding": 60, "ml_theory": 90, "system_design": 40, "behavioural": 50}


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_roots([builtin_bank_dir()])


def test_bank_loads_cleanly(bank: Bank) -> None:
    assert [str(p) for p in bank.problems] == []


def test_bank_size_per_category(bank: Bank) -> None:
    counts = Counter(q.category for q in bank)
    assert {c: counts[c] for c in MINIMUM} == {c: max(counts[c], n) for c, n in MINIMUM.items()}


def test_every_topic_has_three_questions_and_difficulties_are_spread(bank: Bank) -> None:
    per_topic = Counter(t for q in bank for t in q.topics)
    thin = {t: per_topic[t] for t in builtin_vocabulary().topics if per_topic[t] < 3}
    assert thin == {}
    for category in MINIMUM:
        levels = Counter(q.difficulty.value for q in bank if q.category == category)
        assert set(levels) == {"easy", "medium", "hard"}, (category, levels)
        assert min(levels.values()) >= 0.15 * sum(levels.values()), (category, levels)


def test_coding_questions_have_hidden_edge_cases(bank: Bank) -> None:
    for q in bank:
        if isinstance(q, CodingQuestion):
            assert len(q.code.tests) >= 8, q.id
            assert len(q.code.hidden_tests) >= 3, q.id


def test_free_text_questions_have_a_real_rubric(bank: Bank) -> None:
    for q in bank:
        if isinstance(q, CodingQuestion):
            continue
        assert 3 <= len(q.rubric) <= 6, q.id
        assert all(c.key_points for c in q.rubric), q.id
        assert q.example("strong") and q.example("weak"), q.id
        assert q.hints and q.follow_ups, q.id


def test_bank_check_passes(bank: Bank) -> None:
    """The same check as `interview bank check`: graders agree with the bank."""
    from interview.grading.bank_check import check_bank

    failures = check_bank(bank, list(bank))
    assert failures == []
