"""The clarify phase: facts revealed by meaning, and what asking (or not) does to the grade."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from interview.bank.loader import Bank, load_roots
from interview.bank.models import SystemDesignQuestion
from interview.grading.rubric import score_answer
from interview.interviewer import clarify
from interview.interviewer.models import Transcript
from interview.paths import builtin_bank_dir

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))


@pytest.fixture(scope="module")
def bank() -> Bank:
    bank = load_roots([builtin_bank_dir()])
    clarify.use_bank_facts(bank)
    return bank


def _question(bank: Bank, qid: str) -> SystemDesignQuestion:
    question = bank.get(qid)
    assert isinstance(question, SystemDesignQuestion)
    return question


def test_the_frozen_clarify_set_meets_precision_and_recall(bank: Bank) -> None:
    import clarify_bench

    cases = clarify_bench.load_cases()
    assert sum(bool(c["facts"]) for c in cases) >= 150 and sum(not c["facts"] for c in cases) >= 50
    assert len({c["q"] for c in cases}) >= 10
    figures = clarify_bench.evaluate(cases)
    assert figures["precision"] >= 0.9 and figures["recall"] >= 0.85, figures


def test_every_system_design_question_with_facts_has_two_important_ones(bank: Bank) -> None:
    with_facts = [q for q in bank if isinstance(q, SystemDesignQuestion) and q.facts]
    assert len(with_facts) >= 10
    for question in with_facts:
        assert len(question.facts) >= 5 and sum(f.important for f in question.facts) >= 2, question.id


@pytest.mark.parametrize(("text", "expected"), [
    ("how many GPUss can we rnet, and at what pirce?", ["gpus"]),  # typos
    ("What's the hourly GPU price and the current API bill?", ["gpus", "api-spend"]),
    ("Tell me a joke about transformers", []),
    ("", []),
    ("?????", []),
])
def test_matching_handles_typos_compound_and_empty_questions(bank: Bank, text: str,
                                                             expected: list[str]) -> None:
    turn = clarify.ask(_question(bank, "sd.llm-inference-serving"), text)
    assert sorted(turn.fact_ids) == sorted(expected)
    assert turn.reply == (clarify.UP_TO_YOU if not expected else turn.reply)


@pytest.mark.parametrize("text", ["Which cloud provider do we use?", "What's the tech stack?",
                                  "What do we already run in production?"])
def test_asking_about_the_stack_in_everyday_words_reveals_the_existing_infrastructure(
        bank: Bank, text: str) -> None:
    """Found in use: "which cloud provider?" got "that's up to you", then the grade said the
    candidate never asked about existing infrastructure."""
    turn = clarify.ask(_question(bank, "sd.batch-vs-streaming-inference"), text)
    assert turn.fact_ids == ["stack"]


def test_a_reply_only_ever_quotes_the_facts(bank: Bank) -> None:
    question = _question(bank, "sd.llm-gateway")
    turn = clarify.ask(question, "What availability do you need from the gateway?")
    assert turn.fact_ids == ["availability"]
    assert turn.reply == next(f.answer for f in question.facts if f.id == "availability")


def test_the_same_fact_asked_again_in_other_words_is_a_reminder_that_counts_once(bank: Bank) -> None:
    question = _question(bank, "sd.llm-gateway")
    first = clarify.ask(question, "How much latency can the gateway add?")
    again = clarify.ask(question, "What overhead are we allowed to put on each call, latency-wise?", [first])
    fact = next(f for f in question.facts if f.id == "latency-overhead")
    assert first.fact_ids == ["latency-overhead"] and not first.repeated
    assert again.fact_ids == [] and again.repeated == ["latency-overhead"] and again.from_facts
    assert again.reply == clarify.as_i_said(fact.answer) and again.reply.startswith("As I said, ")
    mixed = clarify.ask(question, "Latency budget again, and what availability do we need?", [first, again])
    assert mixed.fact_ids == ["availability"] and mixed.repeated == ["latency-overhead"]
    assert mixed.reply.startswith(next(f.answer for f in question.facts if f.id == "availability"))
    transcript = Transcript(clarified=True, clarify=[first, again, mixed])
    result, _ = clarify.apply(question, score_answer(question, DESIGN), transcript, DESIGN)
    evidence = next(c.evidence for c in result.criteria if c.dimension == "requirements")
    assert sum(e.startswith("you asked:") for e in evidence) == 2  # the pure repeat is not evidence


@pytest.mark.parametrize(("told", "reminder"), [
    ("Up to 20 ms at p99.", "As I said, up to 20 ms at p99."),
    ("EU users only.", "As I said, EU users only."),
    ("GPT-4o for now.", "As I said, GPT-4o for now."),
    ("As I said, 20 ms.", "As I said, 20 ms."),
])
def test_a_reminder_keeps_names_and_acronyms_capitalised(told: str, reminder: str) -> None:
    assert clarify.as_i_said(told) == reminder


DESIGN = """Requirements: cost attribution per team, isolate teams so batch jobs cannot starve others,
low added latency and streaming. We were told the gateway may add at most 20 ms at p99 and must be
available 99.95% of the time; spend is $600,000 a month.
Architecture: one provider-neutral API with virtual keys, model aliases mapped to concrete models,
an exact-match cache, provider keys only in the gateway. Token-bucket rate
limits per team, priority classes, budgets with alerts. Retry with exponential backoff, circuit breaker
per provider, fallback chain to equivalent models. Log tokens, latency and cost per request; redact PII.
Trade-offs: the gateway itself is a single point of failure, so run it replicated. Cost: cache hits save
money; failure modes: provider outages."""


def _requirements(result: object) -> float:
    return next(c.score for c in result.criteria if c.dimension == "requirements")  # type: ignore[attr-defined]


def test_asking_for_the_important_facts_raises_the_requirements_criterion(bank: Bank) -> None:
    question = _question(bank, "sd.llm-gateway")
    base = score_answer(question, DESIGN)
    asked = Transcript(clarified=True, clarify=[
        clarify.ask(question, "How much latency can the gateway add?"),
        clarify.ask(question, "What's the availability target?"),
        clarify.ask(question, "What is the monthly budget per team?"),
    ])
    silent = Transcript(clarified=True)
    good, good_t = clarify.apply(question, base, asked, DESIGN)
    bad, bad_t = clarify.apply(question, base, silent, DESIGN)
    assert good_t.clarification == 1.0 and not good_t.facts_missed
    assert bad_t.clarification == 0.0 and len(bad_t.facts_missed) == 3
    assert _requirements(good) >= _requirements(base) > _requirements(bad)
    assert good.score > bad.score
    assert any("did not ask about" in m for c in bad.criteria for m in c.missing)


def test_a_design_that_ignores_the_revealed_numbers_is_told_so(bank: Bank) -> None:
    question = _question(bank, "sd.llm-gateway")
    transcript = Transcript(clarified=True, clarify=[clarify.ask(question, "What's the monthly spend?")])
    design = DESIGN.replace("; spend is $600,000 a month", "")
    result, after = clarify.apply(question, score_answer(question, design), transcript, design)
    assert after.facts_unused == ["monthly LLM spend and team budgets"]
    assert any("never uses" in m for c in result.criteria for m in c.missing)


def test_without_a_clarify_phase_nothing_changes(bank: Bank) -> None:
    question = _question(bank, "sd.llm-gateway")
    base = score_answer(question, DESIGN)
    assert clarify.apply(question, base, Transcript(), DESIGN)[0] == base


@pytest.mark.parametrize(("text", "values"), [
    ("2,000 requests", {2000.0}), ("$600,000 a month", {600000.0}), ("20 million users", {20e6}),
    ("2k rps and 1.5M tokens", {2000.0, 1.5e6}), ("99.95% uptime", {99.95}),
    ("three regions and twenty-five million users", {3.0, 25e6}), ("two thousand rps", {2000.0}),
])
def test_numbers_are_read_in_the_forms_people_write(text: str, values: set[float]) -> None:
    assert clarify.numbers(text) == values
