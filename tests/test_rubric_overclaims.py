"""Categorical claims the question's reference does not back cost points, and are quoted (issue 11).

A wrong claim buried among right ones is often an absolute ("always", "completely", "is
irrelevant") the model answer never makes.  Hedged absolutes, design goals ("so the model never
sees the future"), adjectives of a noun ("harmless posts") and absolutes the reference itself
states are not charged.
"""

from __future__ import annotations

import pytest

from interview.bank.loader import load_roots
from interview.bank.models import AnyQuestion
from interview.grading.rubric import score_answer
from interview.grading.rubric.overclaims import overclaims
from interview.paths import builtin_bank_dir


@pytest.fixture(scope="module")
def bank() -> dict[str, AnyQuestion]:
    return {q.id: q for q in load_roots([builtin_bank_dir()])}


def _claims(question: AnyQuestion, *sentences: str) -> list[str]:
    return [o.sentence for o in overclaims(question, list(sentences))]


def test_an_unbacked_absolute_about_the_topic_is_charged_and_quoted(bank: dict[str, AnyQuestion]) -> None:
    question = bank["ml.lora-qlora"]
    wrong = "LoRA always matches full fine-tuning exactly at any rank."
    assert _claims(question, wrong) == [wrong]
    result = score_answer(question, f"LoRA freezes the weights and trains a low-rank update. {wrong}")
    assert [i.sentence for i in result.overclaims] == [wrong]
    assert result.overclaims[0].kind == "overclaim" and result.overclaims[0].penalty > 0
    assert "unbacked absolute" in result.summary and "LoRA always matches" in result.summary


@pytest.mark.parametrize("sentence", [
    "LoRA does not always match full fine-tuning at low rank.",  # hedged
    "LoRA almost never matches full fine-tuning at rank one.",  # hedged
    "Merge the adapters after training so inference never pays for the extra matrices.",  # a goal
    "LoRA is always used with a learning rate.",  # one idea of the topic: not a claim about it
    "Is LoRA always as good as full fine-tuning at any rank?",  # a question, not a claim
])
def test_hedged_goal_offtopic_or_asked_absolutes_are_not_charged(bank: dict[str, AnyQuestion],
                                                                 sentence: str) -> None:
    assert _claims(bank["ml.lora-qlora"], sentence) == []


def test_an_absolute_the_reference_states_is_not_charged(bank: dict[str, AnyQuestion]) -> None:
    question = bank["ml.gradient-boosting-mechanics"]
    assert _claims(question, "Leaf-wise growth always splits the leaf with the largest gain.") == []


def test_a_verdict_is_charged_but_an_adjective_is_not(bank: dict[str, AnyQuestion]) -> None:
    question = bank["sd.rag-document-qa"]
    assert _claims(question, "With permission-aware embeddings a metadata filter is redundant.")
    assert _claims(question, "Harmless metadata filters run before retrieval.") == []


def test_behavioural_stories_are_left_to_red_flags(bank: dict[str, AnyQuestion]) -> None:
    question = next(q for q in bank.values() if q.category == "behavioural")
    assert _claims(question, "I never blamed the team and always told my manager about every risk.") == []
