"""System-design facts against their prompts: asking for a fact must tell the candidate something.

A fact whose numbers the prompt already states gives nothing away when asked, and a
design that only repeats the prompt's numbers must not count as using what the
interviewer revealed (the clarify phase's "the design uses N of M revealed numbers").
"""

from __future__ import annotations

import pytest

from interview.bank.loader import Bank, load_roots
from interview.bank.models import SystemDesignQuestion
from interview.interviewer import clarify
from interview.interviewer.models import ClarifyTurn, Transcript
from interview.paths import builtin_bank_dir


@pytest.fixture(scope="module")
def with_facts() -> list[SystemDesignQuestion]:
    bank: Bank = load_roots([builtin_bank_dir()])
    questions = [q for q in bank.questions.values() if isinstance(q, SystemDesignQuestion) and q.facts]
    assert len(questions) >= 40
    return questions


def test_every_numeric_fact_reveals_a_number_the_prompt_does_not_state(
        with_facts: list[SystemDesignQuestion]) -> None:
    given_away = []
    for question in with_facts:
        stated = clarify.numbers(question.prompt)
        for fact in question.facts:
            told = clarify.told_numbers(fact)
            if told and not clarify.told_numbers(fact, given=stated):
                given_away.append(f"{question.id}/{fact.id}: {sorted(told)} all in the prompt")
    assert not given_away, "\n".join(given_away)


def test_repeating_the_prompt_uses_no_revealed_fact(with_facts: list[SystemDesignQuestion]) -> None:
    """The cheat: ask for every fact, then 'design' by restating the prompt's own numbers."""
    credited = []
    for question in with_facts:
        transcript = Transcript(clarified=True, clarify=[
            ClarifyTurn(question="?", reply=f.answer, fact_ids=[f.id]) for f in question.facts])
        for fact in question.facts:
            if clarify.uses_fact(fact, question.prompt, question):
                credited.append(f"{question.id}/{fact.id}")
        assessed = clarify.assess(question, transcript, question.prompt)
        numeric = [f for f in question.facts if clarify.uses_fact(f, "", question) is not None]
        assert len(assessed.facts_unused) == len(numeric), question.id
    assert not credited, credited


def test_a_design_that_uses_a_revealed_number_is_credited(with_facts: list[SystemDesignQuestion]) -> None:
    """The other side: the fact's own new number in the design counts, whatever the prompt says."""
    for question in with_facts:
        stated = clarify.numbers(question.prompt)
        for fact in question.facts:
            new = clarify.told_numbers(fact, given=stated)
            if new:
                value = max(new)
                said = f"{value:,.0f}" if value == int(value) else f"{value:g}"
                design = f"{question.prompt}\nGiven what you told me, I plan for {said}."
                assert clarify.uses_fact(fact, design, question), f"{question.id}/{fact.id}"
