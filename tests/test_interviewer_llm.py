"""The LLM interviewer against fake servers on 127.0.0.1: adaptive, fact-checked, and never in charge."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from interview.bank.loader import Bank, load_roots
from interview.bank.models import SystemDesignQuestion
from interview.config import LLMSettings
from interview.grading.llm.usage import SpendLedger
from interview.grading.rubric import score_answer
from interview.interviewer import clarify, llm
from interview.paths import Paths, builtin_bank_dir
from tests.fake_llm import FakeServer, Scripted, anthropic_stream, local_settings, openai_stream


@pytest.fixture(scope="module")
def bank() -> Bank:
    bank = load_roots([builtin_bank_dir()])
    clarify.use_bank_facts(bank)
    return bank


def _gateway(bank: Bank) -> SystemDesignQuestion:
    question = bank.get("sd.llm-gateway")
    assert isinstance(question, SystemDesignQuestion)
    return question


async def test_anthropic_writes_a_follow_up_naming_the_probed_criterion(
        bank: Bank, server: FakeServer, paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-test-not-a-real-key")
    question = bank.get("ml.bias-variance-tradeoff")
    answer = "Bias is underfitting and variance is overfitting."
    result = score_answer(question, answer)
    written = {"text": "You said variance is overfitting — how would you reduce it without more data?",
               "probes": "remedies", "why": "remedies were missing",
               "key_points": ["regularisation", "simpler model", "bagging"]}
    server.replies.append(Scripted(events=anthropic_stream(json.dumps(written))))
    settings = LLMSettings(provider="anthropic", base_url=server.url, timeout_s=5)
    turns = await llm.follow_ups(question, answer, result, settings, paths)
    assert turns[0].kind == "llm" and turns[0].probes == "remedies" and turns[0].dimension == "application"
    assert turns[0].key_points == ["regularisation", "simpler model", "bagging"]
    request = server.requests[0]
    assert request["output_config"]["format"]["schema"]["required"] == ["text", "probes", "why", "key_points"]
    assert "remedies" in request["system"][0]["text"] and answer in request["messages"][0]["content"]


async def test_a_model_that_invents_a_number_is_refused_and_the_offline_reply_stands(
        bank: Bank, server: FakeServer, paths: Paths) -> None:
    question = _gateway(bank)
    asked = "What availability target do we need?"
    invented = {"fact_ids": ["availability"],
                "reply": "We need 99.99% availability and failover within 30 seconds."}
    server.replies.append(Scripted(events=openai_stream(json.dumps(invented))))
    with pytest.raises(llm.FactCheckFailed, match=r"99\.99"):
        await llm.answer_clarifying(question, asked, local_settings(server), paths)
    server.replies.append(Scripted(events=openai_stream(json.dumps({**invented, "reply": invented["reply"]
                                                                    + " "}))))
    notes: list[str] = []
    turn = await llm.ask(question, asked, local_settings(server), paths, notify=notes.append)
    assert turn.source == "offline" and turn == clarify.ask(question, asked)
    assert "99.99" not in turn.reply and notes and "offline" in notes[0]


@pytest.mark.parametrize("reply", [
    {"fact_ids": ["budget-per-team"], "reply": "Each team gets $10,000."},  # a fact that does not exist
    {"fact_ids": [], "reply": "Assume about 5,000 requests per second."},  # a number from nowhere
    {"fact_ids": ["streaming"], "reply": "About 60% stream, and 25% are batch."},  # one number too many
    {"fact_ids": ["streaming"], "reply": "About 60% stream, across three regions."},  # a number in words
])
async def test_fact_check_refuses_what_the_facts_do_not_say(bank: Bank, reply: dict[str, Any]) -> None:
    with pytest.raises(llm.FactCheckFailed):
        llm.fact_checked(_gateway(bank), "q?", llm.ClarifyReply.model_validate(reply))


async def test_a_faithful_rephrasing_passes_the_fact_check(bank: Bank, server: FakeServer,
                                                           paths: Paths) -> None:
    good = {"fact_ids": ["latency-overhead", "streaming"],
            "reply": "You may add up to 20 ms at p99, and roughly 60% of calls stream."}
    server.replies.append(Scripted(events=openai_stream(json.dumps(good))))
    turn = await llm.ask(_gateway(bank), "Latency budget, and do callers stream?", local_settings(server),
                         paths)
    assert turn.source == "llm" and turn.fact_ids == ["latency-overhead", "streaming"]
    nothing = {"fact_ids": [], "reply": "Your call."}
    server.replies.append(Scripted(events=openai_stream(json.dumps(nothing))))
    turn = await llm.ask(_gateway(bank), "Which language should I write it in?", local_settings(server),
                         paths)
    assert turn.reply == clarify.UP_TO_YOU


async def test_the_model_reminds_rather_than_reveals_a_fact_asked_for_again(bank: Bank, server: FakeServer,
                                                                         paths: Paths) -> None:
    question = _gateway(bank)
    first = clarify.ask(question, "How much latency can the gateway add?")
    server.replies.append(Scripted(events=openai_stream(json.dumps(
        {"fact_ids": ["latency-overhead"], "reply": "Up to 20 ms at p99, no more."}))))
    turn = await llm.ask(question, "Remind me of the overhead we may add?", local_settings(server), paths,
                         earlier=[first])
    assert turn.source == "llm" and turn.fact_ids == [] and turn.repeated == ["latency-overhead"]
    assert turn.reply == "As I said, up to 20 ms at p99, no more."
    assert "Already told earlier" in server.requests[0]["messages"][0]["content"]


async def test_an_unknown_criterion_falls_back_to_the_offline_follow_up(bank: Bank, server: FakeServer,
                                                                      paths: Paths) -> None:
    question = bank.get("ml.bias-variance-tradeoff")
    result = score_answer(question, "Bias is underfitting.")
    bad = {"text": "Tell me about transformers?", "probes": "attention", "why": "", "key_points": ["x"]}
    server.replies.append(Scripted(events=openai_stream(json.dumps(bad))))
    turns = await llm.follow_ups(question, "Bias is underfitting.", result, local_settings(server), paths)
    assert turns == llm.followups.choose(question, result)


async def test_follow_up_grades_are_clamped_cached_and_kept_within_the_cap(
        bank: Bank, server: FakeServer, paths: Paths) -> None:
    question = bank.get("ml.bias-variance-tradeoff")
    turn = llm.FollowUpTurn(text="How would you reduce variance?", ref="llm", kind="llm",
                            key_points=["regularisation", "bagging"])
    grade = {"score": 140, "found": ["regularisation"], "missing": ["bagging"], "verdict": "Half there."}
    server.replies.append(Scripted(events=openai_stream(json.dumps(grade))))
    first = await llm.grade(question, turn, "Use L2 regularisation.", local_settings(server), paths)
    again = await llm.grade(question, turn, "Use L2 regularisation.", local_settings(server), paths)
    assert first.score == 100.0 and first.grader == "llm (local-test)" and again == first
    assert len(server.requests) == 1  # the second grade came from the cache
    capped = LLMSettings(provider="anthropic", base_url=server.url, timeout_s=5, daily_cost_cap_usd=0.5)
    SpendLedger(paths.home / "llm-spend.json").add(date.today(), 0.6)
    offline = await llm.grade(question, turn, "Use bagging.", capped, paths)
    assert offline.grader == "rubric" and len(server.requests) == 1


async def test_with_the_llm_off_nothing_is_sent(bank: Bank, paths: Paths) -> None:
    question = _gateway(bank)
    off = LLMSettings()
    asked = "What is the budget?"
    assert await llm.ask(question, asked, off, paths) == clarify.ask(question, asked)


async def test_written_follow_ups_are_graded_by_the_model_but_complexity_stays_measured(
        bank: Bank, server: FakeServer, paths: Paths) -> None:
    from interview.grading.models import CodeReport, ComplexityReport

    question = bank.get("ml.bias-variance-tradeoff")
    turn = llm.followups._bank_turn(question, 0, "")
    grade = {"score": 72, "found": ["large gap means variance"], "missing": ["high bias"], "verdict": "Good."}
    server.replies.append(Scripted(events=openai_stream(json.dumps(grade))))
    graded = await llm.grade(question, turn, "A big train/validation gap is variance.",
                             local_settings(server), paths)
    assert graded.score == 72 and graded.grader == "llm (local-test)"
    assert "large gap between training and validation" in server.requests[0]["messages"][0]["content"]
    code = bank.get("coding.two-sum")
    complexity = llm.followups._spoken_turn("complexity")
    report = CodeReport(complexity=ComplexityReport(target="O(n)", measured="O(n)"))
    checked = await llm.grade(code, complexity, "O(n) time, O(n) space.", local_settings(server), paths,
                              report)
    assert checked.grader == "complexity check" and len(server.requests) == 1


@pytest.mark.parametrize(("fact", "reply", "refused"), [
    ("gpus", "You can rent H200 GPUs at about $2.50 an hour, up to 256 of them.", True),  # another model
    ("gpus", "You can rent H100 GPUs with 80 GB at roughly $2.50 per GPU-hour, 256 at most.", False),
    ("gpus", "You can rent h100 80gb GPUs at about $2.50 per GPU-hour, up to 256.", False),  # same names
])
def test_fact_check_refuses_a_name_with_digits_the_facts_do_not_hold(
        bank: Bank, fact: str, reply: str, refused: bool) -> None:
    question = bank.get("sd.llm-inference-serving")
    assert isinstance(question, SystemDesignQuestion)
    checked = llm.ClarifyReply(fact_ids=[fact], reply=reply)
    if refused:
        with pytest.raises(llm.FactCheckFailed, match="H200"):
            llm.fact_checked(question, "Which GPUs can we rent?", checked)
    else:
        assert llm.fact_checked(question, "Which GPUs can we rent?", checked).fact_ids == [fact]
