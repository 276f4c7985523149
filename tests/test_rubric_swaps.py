"""Swapped roles the lexicon does not list: parallel key points, and who acted in a story.

A key point that says one thing of one subject while a sibling says a parallel thing of another
("batch norm normalises each feature…", "layer norm normalises each example…") is reversed by a
claim that gives the first claim to the second subject.  In a story, an action ("told my manager
straight away") is not made by a claim another person makes ("my manager told the product team").
"""

from __future__ import annotations

import pytest

from interview.bank.loader import Bank, load_roots
from interview.grading.rubric import score_answer
from interview.grading.rubric.lexicon import lexicon
from interview.grading.rubric.text import analyse
from interview.paths import builtin_bank_dir


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_roots([builtin_bank_dir()])


def _reversed(bank: Bank, qid: str, answer: str) -> list[str]:
    return [issue.claim for issue in score_answer(bank.get(qid), answer).contradictions]


@pytest.mark.parametrize(("qid", "swapped", "claim"), [
    ("ml.batch-vs-layer-norm", "Layer norm normalises each feature across the batch.",
     "batch norm normalises each feature across the batch"),
    ("ml.speculative-decoding", "The large target model proposes several tokens.",
     "draft model proposes several tokens"),
    ("sd.llm-inference-serving", "Prefill is memory-bound and decode is compute-bound.",
     "prefill is compute-bound, decode is memory-bound"),
])
def test_a_claim_given_to_a_parallel_subject_is_reversed(bank: Bank, qid: str, swapped: str,
                                                          claim: str) -> None:
    assert claim in _reversed(bank, qid, swapped)


@pytest.mark.parametrize(("qid", "right"), [
    ("ml.batch-vs-layer-norm",
     "Batch norm normalises each feature across the batch, while layer norm normalises each example "
     "across its features."),
    ("ml.speculative-decoding",
     "A small draft model proposes several tokens and the target model verifies them in one pass."),
    ("sd.llm-inference-serving", "Prefill is compute-bound, while decode is memory-bound."),
])
def test_each_subject_with_its_own_claim_is_no_reversal(bank: Bank, qid: str, right: str) -> None:
    assert _reversed(bank, qid, right) == []


def _credited(bank: Bank, qid: str, answer: str, point: str) -> bool:
    return any(point in c.found for c in score_answer(bank.get(qid), answer).criteria)


def test_an_action_done_by_someone_else_is_not_the_candidates(bank: Bank) -> None:
    point = "told my manager straight away"
    story = "A colleague found a leak in my evaluation split. My manager told the product team straight away."
    assert not _credited(bank, "beh.mistake-you-made", story, point)
    own = ("I found a leak in my evaluation split. I told my manager straight away, and she told the "
           "product team.")
    assert _credited(bank, "beh.mistake-you-made", own, point)


@pytest.mark.parametrize(("sentence", "others"), [
    ("My manager told the product team.", [True]),
    ("They rolled back the model, and I wrote the post-mortem.", [True, False]),
    ("Told manager within the hour.", [False]),  # a note that opens with the verb is the speaker's
    ("I told my manager and she agreed.", [False, True]),
])
def test_who_opens_a_claim(sentence: str, others: list[bool]) -> None:
    assert [c.by_other for c in analyse(sentence, lexicon()).clauses] == others


@pytest.mark.parametrize(("qid", "swapped", "claim"), [
    # The subjects the title compares are rivals whatever their claims ("beam search" is two words).
    ("ml.greedy-vs-beam", "Beam search takes the most probable token at every step.",
     "greedy picks the most probable token each step"),
    ("ml.greedy-vs-beam", "Greedy decoding keeps the k best partial sequences.",
     "beam search keeps the k best partial sequences"),
    # A kept subject with both properties turned the other way, the second split off at "and".
    ("ml.knn-k-bias-variance", "Small k means high bias and low variance.",
     "small k overfits: low bias, high variance"),
])
def test_compared_subjects_and_kept_subjects_are_reversed(bank: Bank, qid: str, swapped: str,
                                                          claim: str) -> None:
    assert claim in _reversed(bank, qid, swapped)


@pytest.mark.parametrize(("qid", "right"), [
    ("ml.greedy-vs-beam", "Greedy decoding takes the most probable token at every step, while beam search "
                          "keeps the k best partial sequences."),
    ("ml.knn-k-bias-variance", "Small k means low bias and high variance, large k means high bias and "
                               "low variance."),
])
def test_the_right_pairing_is_not_reversed(bank: Bank, qid: str, right: str) -> None:
    assert _reversed(bank, qid, right) == []
